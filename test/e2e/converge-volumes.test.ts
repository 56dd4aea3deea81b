import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { berth } from '../helpers/berth.js';
import { docker, projectResources, purgeProject } from '../helpers/docker.js';
import { containerIds, stackDir } from '../helpers/converge.js';

// Data survives what it should: a named volume survives down/up (not down -v); an anonymous volume
// survives a recreate (not -V).
const project = 'berth-c-volumes';
const dir = stackDir(`services:
  store:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]
    environment:
      GENERATION: "\${GENERATION:-1}"
    volumes:
      - data:/named
      - /anon
volumes:
  data: {}
`);
const container = `${project}-store-1`;
const run = (args: string[], generation = 1) => berth(['-p', project, ...args], { cwd: dir, env: { GENERATION: String(generation) } });
const read = async (file: string): Promise<string> => (await docker(['exec', container, 'sh', '-c', `cat ${file} 2>/dev/null || echo missing`])).trim();

before(() => purgeProject(project));
after(() => purgeProject(project));

test('an anonymous volume is carried over by a recreate, and renewed by -V', async () => {
  assert.equal((await run(['up', '-d'])).exitCode, 0);
  await docker(['exec', container, 'sh', '-c', 'echo named > /named/file; echo anonymous > /anon/file']);
  const first = (await containerIds(project))[container];

  const plan = await run(['up', '-d', '--dry-run'], 2);
  assert.match(plan.stdout, /--mount type=volume,src=[0-9a-f]{64},dst=\/anon/, 'the recreate mounts the old anonymous volume by name');
  const recreated = await run(['up', '-d'], 2);
  assert.equal(recreated.exitCode, 0, recreated.stderr);
  assert.notEqual((await containerIds(project))[container], first, 'the config change recreated the container');
  assert.equal(await read('/anon/file'), 'anonymous');
  assert.equal(await read('/named/file'), 'named');

  const renewed = await run(['up', '-d', '-V'], 2);
  assert.equal(renewed.exitCode, 0, renewed.stderr);
  assert.equal(await read('/anon/file'), 'missing', '-V gives a fresh anonymous volume');
  assert.equal(await read('/named/file'), 'named');
});

test('a named volume survives down and up, and is gone after down -v', async () => {
  assert.equal((await run(['down'])).exitCode, 0);
  assert.deepEqual((await projectResources(project)).volumes, [`${project}_data`]);
  assert.equal((await run(['up', '-d'])).exitCode, 0);
  assert.equal(await read('/named/file'), 'named');
  const down = await run(['down', '-v']);
  assert.equal(down.exitCode, 0, down.stderr);
  assert.deepEqual(await projectResources(project), { containers: [], networks: [], volumes: [] });
  assert.equal((await run(['up', '-d'])).exitCode, 0);
  assert.equal(await read('/named/file'), 'missing');
  assert.equal((await run(['down', '-v'])).exitCode, 0);
});
