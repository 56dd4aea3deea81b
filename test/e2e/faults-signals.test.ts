import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { berth } from '../helpers/berth.js';
import { docker, projectResources, purgeProject } from '../helpers/docker.js';
import { stackDir } from '../helpers/converge.js';
import { faultyDocker } from '../helpers/faults.js';

// SIGINT or SIGTERM at many points of an `up` that recreates containers (changed environment, a named
// and an anonymous volume holding data): the run exits 130 naming what it did not do, and a plain
// `up -d` then reaches exactly the desired names, networks and data.
const project = 'berth-f-signals';
const dir = stackDir(`services:
  app:
    image: berth-test/busybox:latest
    command: sleep 3600
    init: true
    environment:
      GENERATION: "\${GENERATION}"
    volumes: [data:/named, /anon]
  web:
    image: berth-test/busybox:latest
    command: sleep 3600
    init: true
    depends_on: [app]
    environment:
      GENERATION: "\${GENERATION}"
    volumes: [/cache]
volumes:
  data: {}
`);
const run = (args: string[], generation: number, env: Record<string, string> = {}) => berth(['-p', project, ...args], { cwd: dir, env: { GENERATION: String(generation), ...env } });
const read = async (container: string, file: string): Promise<string> => (await docker(['exec', container, 'sh', '-c', `cat ${file} 2>/dev/null || echo missing`])).trim();

before(async () => {
  await purgeProject(project);
  assert.equal((await run(['up', '-d'], 0)).exitCode, 0);
  await docker(['exec', `${project}-app-1`, 'sh', '-c', 'echo named > /named/f; echo anonymous > /anon/f']);
  await docker(['exec', `${project}-web-1`, 'sh', '-c', 'echo cache > /cache/f']);
});
after(() => purgeProject(project));

test('an up interrupted at 16 points is repaired each time by a plain up -d', { timeout: 900_000 }, async () => {
  const faulty = faultyDocker();
  for (let point = 1; point <= 16; point++) {
    const signal = point % 2 === 0 ? 'TERM' : 'INT';
    const when = point % 3 === 0 ? 'after' : 'before';
    const at = 3 + Math.ceil(point * 0.85);
    const label = `SIG${signal} ${when} docker command ${at}`;
    // The signal reaches berth alone, as a `kill` would.
    const interrupted = await run(['up', '-d', '--progress', 'plain'], point, faulty.env(at, when, `kill -${signal} $BERTH_PID`));
    assert.equal(interrupted.exitCode, 130, `${label}: ${interrupted.stderr}`);
    assert.match(interrupted.stderr, /interrupted: (\d+ steps? not done:\n {2}Container|every step had finished)/, label);
    assert.doesNotMatch(interrupted.stderr, /internal error|--help/, label);
    const repaired = await run(['up', '-d'], point);
    assert.equal(repaired.exitCode, 0, `${label}: ${repaired.stderr}`);
    const resources = await projectResources(project);
    assert.deepEqual(resources.networks, [`${project}_default`], label);
    assert.deepEqual(resources.volumes, [`${project}_data`], label);
    const states = (await docker(['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}} {{.State}}'])).split('\n').sort();
    assert.deepEqual(states, [`${project}-app-1 running`, `${project}-web-1 running`], label);
    for (const service of ['app', 'web']) {
      const env = await docker(['inspect', '--format', '{{range .Config.Env}}{{println .}}{{end}}', `${project}-${service}-1`]);
      assert.match(env, new RegExp(`^GENERATION=${point}$`, 'm'), `${label}: ${service} runs the new configuration`);
    }
    assert.equal(await read(`${project}-app-1`, '/named/f'), 'named', label);
    assert.equal(await read(`${project}-app-1`, '/anon/f'), 'anonymous', `${label}: the anonymous volume is carried over`);
    assert.equal(await read(`${project}-web-1`, '/cache/f'), 'cache', label);
  }
});
