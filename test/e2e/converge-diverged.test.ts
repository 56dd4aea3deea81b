import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { berth } from '../helpers/berth.js';
import { docker, purgeProject } from '../helpers/docker.js';
import { containerIds, inspect, mutatingCalls, recordingDocker, stackDir } from '../helpers/converge.js';

// Networks and volumes whose definition changed since `up` created them (compose-v2.md §3.5): a
// network is recreated under its running containers, which keep their IDs and aliases; a volume is
// recreated only when the user agrees (-y), and then its users get fresh containers.
const SLEEPER = `image: berth-test/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]`;

const networkProject = 'berth-c-netdiverged';
const networkCompose = (subnet: string): string => `services:
  db:
    ${SLEEPER}
    networks: [back]
  web:
    ${SLEEPER}
    depends_on: [db]
    networks:
      back: {aliases: [www]}
      front: {}
networks:
  back:
    ipam:
      config: [{subnet: "${subnet}"}]
  front: {}
`;
const networkDir = stackDir(networkCompose('10.201.0.0/24'));
const onNetwork = (args: string[], env: Record<string, string> = {}) => berth(['-p', networkProject, ...args], { cwd: networkDir, env });

const volumeProject = 'berth-c-voldiverged';
const volumeCompose = (tier: string): string => `services:
  app:
    ${SLEEPER}
    volumes: [data:/data]
  reader:
    ${SLEEPER}
    volumes_from: [app]
  other:
    ${SLEEPER}
volumes:
  data:
    labels: {tier: ${tier}}
`;
const volumeDir = stackDir(volumeCompose('one'));
const onVolume = (args: string[]) => berth(['-p', volumeProject, ...args], { cwd: volumeDir });

before(async () => {
  await purgeProject(networkProject);
  await purgeProject(volumeProject);
});
after(async () => {
  await purgeProject(networkProject);
  await purgeProject(volumeProject);
});

test('a changed network is recreated; its containers keep their IDs, aliases and come back in the new subnet', async () => {
  assert.equal((await onNetwork(['up', '-d'])).exitCode, 0);
  const before = await containerIds(networkProject);
  const oldNetwork = (await docker(['network', 'inspect', '--format', '{{.Id}}', `${networkProject}_back`])).trim();
  writeFileSync(path.join(networkDir, 'compose.yaml'), networkCompose('10.202.0.0/24'));

  // Something outside the project on the network: refused before anything changes.
  const intruder = `${networkProject}-intruder`;
  await docker(['run', '-d', '--name', intruder, '--network', `${networkProject}_back`, 'berth-test/busybox:latest', 'sleep', '3600']);
  const refused = await onNetwork(['up', '-d']);
  await docker(['rm', '-f', intruder]);
  assert.equal(refused.exitCode, 1);
  assert.match(refused.stderr, /network berth-c-netdiverged_back must be recreated \(its definition changed\), but berth-c-netdiverged-intruder outside the project is attached to it/);
  assert.equal((await docker(['network', 'inspect', '--format', '{{.Id}}', `${networkProject}_back`])).trim(), oldNetwork);
  for (const name of Object.keys(before)) assert.equal(await inspect(name, '{{.State.Status}}'), 'running', `${name} untouched`);

  const plan = await onNetwork(['up', '-d', '--dry-run']);
  // The old network and the containers by ID (a name may mean two networks, or another container).
  const web = before[`${networkProject}-web-1`] as string;
  assert.match(plan.stdout, new RegExp(`docker network disconnect -f ${oldNetwork} ${web}\n`));
  assert.match(plan.stdout, new RegExp(`docker network rm ${oldNetwork}\n`));
  assert.match(plan.stdout, new RegExp(`docker network connect --alias web --alias www berth-c-netdiverged_back ${web}\n`));

  const up = await onNetwork(['up', '-d']);
  assert.equal(up.exitCode, 0, up.stderr);
  assert.notEqual((await docker(['network', 'inspect', '--format', '{{.Id}}', `${networkProject}_back`])).trim(), oldNetwork, 'a new network');
  assert.equal((await docker(['network', 'inspect', '--format', '{{(index .IPAM.Config 0).Subnet}}', `${networkProject}_back`])).trim(), '10.202.0.0/24');
  assert.deepEqual(await containerIds(networkProject), before, 'no container was recreated');
  for (const name of Object.keys(before)) assert.equal(await inspect(name, '{{.State.Status}}'), 'running', `${name} runs again`);
  assert.match(await inspect(`${networkProject}-web-1`, `{{(index .NetworkSettings.Networks "${networkProject}_back").IPAddress}}`), /^10\.202\.0\./);
  const ping = await docker(['exec', `${networkProject}-db-1`, 'ping', '-c', '1', '-W', '2', 'www']);
  assert.match(ping, /10\.202\.0\./, 'the alias www resolves on the new network');
  // db was started before its dependent web.
  const started = async (name: string): Promise<number> => Date.parse(await inspect(name, '{{.State.StartedAt}}'));
  assert.ok((await started(`${networkProject}-db-1`)) <= (await started(`${networkProject}-web-1`)));

  const recorder = recordingDocker();
  const again = await onNetwork(['up', '-d'], { DOCKER_BIN: recorder.bin });
  assert.equal(again.exitCode, 0, again.stderr);
  assert.deepEqual(mutatingCalls(recorder.calls()), [], 'the recreated network now matches: nothing to do');
});

test('a container no longer attached to a network its service declares is recreated by the next up', async () => {
  const before = await containerIds(networkProject);
  await docker(['network', 'disconnect', `${networkProject}_back`, `${networkProject}-web-1`]);
  const plan = await onNetwork(['up', '-d', '--dry-run']);
  assert.match(plan.stdout, /# Container berth-c-netdiverged-web-1: not connected to network berth-c-netdiverged_back/);
  const up = await onNetwork(['up', '-d']);
  assert.equal(up.exitCode, 0, up.stderr);
  const after = await containerIds(networkProject);
  assert.notEqual(after[`${networkProject}-web-1`], before[`${networkProject}-web-1`]);
  assert.equal(after[`${networkProject}-db-1`], before[`${networkProject}-db-1`]);
  assert.equal(await inspect(`${networkProject}-web-1`, '{{len .NetworkSettings.Networks}}'), '2');
});

test('a changed volume is kept (with a warning) unless -y, which recreates it and its users fresh', async () => {
  assert.equal((await onVolume(['up', '-d'])).exitCode, 0);
  await docker(['exec', `${volumeProject}-app-1`, 'sh', '-c', 'echo precious > /data/file']);
  const before = await containerIds(volumeProject);
  writeFileSync(path.join(volumeDir, 'compose.yaml'), volumeCompose('two'));

  const kept = await onVolume(['up', '-d']);
  assert.equal(kept.exitCode, 0, kept.stderr);
  assert.match(kept.stderr, /Volume "berth-c-voldiverged_data" exists but doesn't match configuration in compose file\. Recreate \(data will be lost\)\? Kept as it is/);
  assert.equal((await docker(['exec', `${volumeProject}-app-1`, 'cat', '/data/file'])).trim(), 'precious');
  assert.deepEqual(await containerIds(volumeProject), before);

  const recreated = await onVolume(['up', '-d', '-y']);
  assert.equal(recreated.exitCode, 0, recreated.stderr);
  assert.equal((await docker(['volume', 'inspect', '--format', '{{.Labels.tier}}', `${volumeProject}_data`])).trim(), 'two');
  assert.equal((await docker(['exec', `${volumeProject}-app-1`, 'ls', '/data'])).trim(), '', 'a fresh, empty volume');
  const after = await containerIds(volumeProject);
  assert.notEqual(after[`${volumeProject}-app-1`], before[`${volumeProject}-app-1`], 'the volume user got a new container');
  assert.notEqual(after[`${volumeProject}-reader-1`], before[`${volumeProject}-reader-1`], 'so did its volumes_from user');
  assert.equal(after[`${volumeProject}-other-1`], before[`${volumeProject}-other-1`], 'an unrelated service is untouched');
  assert.doesNotMatch((await onVolume(['up', '-d'])).stderr, /WARN/, 'no warning once the volume matches');
});

test('recreating a volume whose user is left out of up is refused before anything changes', async () => {
  writeFileSync(path.join(volumeDir, 'compose.yaml'), volumeCompose('three'));
  const before = await containerIds(volumeProject);
  const refused = await onVolume(['up', '-d', '-y', '--no-deps', 'app']);
  assert.equal(refused.exitCode, 1);
  assert.match(refused.stderr, /volume "berth-c-voldiverged_data" must be recreated, but berth-c-voldiverged-reader-1 uses it and is not part of this up/);
  assert.deepEqual(await containerIds(volumeProject), before);
  assert.equal((await docker(['volume', 'inspect', '--format', '{{.Labels.tier}}', `${volumeProject}_data`])).trim(), 'two');
});
