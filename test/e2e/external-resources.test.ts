import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { berth } from '../helpers/berth.js';
import { stackDir } from '../helpers/converge.js';
import { docker, purgeProject } from '../helpers/docker.js';

// External networks and volumes are the user's: up finds them (read with the project's own resources
// in one docker inspect) or refuses before creating anything; down leaves them.
const project = 'berth-external';
const network = `${project}-outside-net`;
const volume = `${project}-outside-vol`;
const removeExternals = async () => {
  await docker(['network', 'rm', network]).catch(() => undefined);
  await docker(['volume', 'rm', volume]).catch(() => undefined);
};
after(async () => {
  await purgeProject(project);
  await removeExternals();
});

const compose = `services:
  app:
    image: berth-test/busybox:latest
    command: ["sleep", "3600"]
    networks: [default, outside]
    volumes: [keep:/keep]
networks:
  outside:
    external: true
    name: ${network}
volumes:
  keep:
    external: true
    name: ${volume}
`;

async function projectObjects(): Promise<string> {
  const filter = `label=com.docker.compose.project=${project}`;
  return [await docker(['ps', '-aq', '--filter', filter]), await docker(['network', 'ls', '-q', '--filter', filter]), await docker(['volume', 'ls', '-q', '--filter', filter])].join('').trim();
}

test('missing external network, then volume: up refuses with compose\'s message and creates nothing; once they exist, up uses them and down leaves them', async () => {
  await purgeProject(project);
  await removeExternals();
  const dir = stackDir(compose);
  const up = () => berth(['-p', project, 'up', '-d'], { cwd: dir, env: { NO_COLOR: '1' } });

  const noNetwork = await up();
  assert.equal(noNetwork.exitCode, 1);
  assert.match(noNetwork.stderr, new RegExp(`network ${network} declared as external, but could not be found`));
  assert.equal(await projectObjects(), '', 'nothing created');

  await docker(['network', 'create', network]);
  const noVolume = await up();
  assert.equal(noVolume.exitCode, 1);
  assert.match(noVolume.stderr, new RegExp(`external volume "${volume}" not found`));
  assert.equal(await projectObjects(), '', 'nothing created');

  await docker(['volume', 'create', volume]);
  const ok = await up();
  assert.equal(ok.exitCode, 0, ok.stderr);
  const networks = await docker(['inspect', '--format', '{{range $name, $_ := .NetworkSettings.Networks}}{{$name}} {{end}}', `${project}-app-1`]);
  assert.deepEqual(networks.trim().split(' ').sort(), [`${project}_default`, network].sort());
  const mounts = await docker(['inspect', '--format', '{{range .Mounts}}{{.Name}}{{end}}', `${project}-app-1`]);
  assert.equal(mounts.trim(), volume);

  const down = await berth(['-p', project, 'down', '-v'], { cwd: dir });
  assert.equal(down.exitCode, 0, down.stderr);
  assert.equal((await docker(['network', 'ls', '-q', '--filter', `name=^${network}$`])).trim() !== '', true, 'the external network is left');
  assert.equal((await docker(['volume', 'ls', '-q', '--filter', `name=^${volume}$`])).trim() !== '', true, 'the external volume is left');
});
