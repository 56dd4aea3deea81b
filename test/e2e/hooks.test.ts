import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { berth } from '../helpers/berth.js';
import { docker, projectResources, purgeProject } from '../helpers/docker.js';
import { stackDir } from '../helpers/converge.js';

// post_start and pre_stop hooks run as `docker exec` in the service's container, on the real engine.
const project = 'berth-e2e-hooks';
const volume = `${project}_log`;

const compose = (postStart: string, preStop: string): string => `
services:
  db:
    image: berth-test/busybox
    command: sleep 3600
    stop_grace_period: 1s
    volumes: [log:/log]
    post_start:
      - command: ${postStart}
        user: "1000"
        working_dir: /tmp
        environment:
          GREETING: "hello from post_start"
    pre_stop:
      - command: ${preStop}
  app:
    image: berth-test/busybox
    command: sleep 3600
    depends_on: [db]
volumes:
  log: {}
`;
const logging = compose(`sh -c 'echo "$$GREETING as $$(id -u) in $$PWD" >> started'`, `["sh", "-c", "echo stopping >> /log/stopped"]`);
const run = (dir: string, args: string[]) => berth(['-p', project, ...args], { cwd: dir });
const readLog = (file: string) => docker(['run', '--rm', '-v', `${volume}:/log`, 'berth-test/busybox', 'cat', `/log/${file}`]);

after(() => purgeProject(project));

test('post_start runs after the start with its user, working_dir and environment; pre_stop runs before down stops it', async () => {
  await purgeProject(project);
  const dir = stackDir(logging);
  const up = await run(dir, ['up', '-d']);
  assert.equal(up.exitCode, 0, up.stderr);
  assert.equal(await docker(['exec', `${project}-db-1`, 'cat', '/tmp/started']), 'hello from post_start as 1000 in /tmp');
  const restart = await run(dir, ['restart', 'db']);
  assert.equal(restart.exitCode, 0, restart.stderr);
  assert.equal((await docker(['exec', `${project}-db-1`, 'cat', '/tmp/started'])).split('\n').length, 2, 'restart runs post_start again');
  const down = await run(dir, ['down']);
  assert.equal(down.exitCode, 0, down.stderr);
  assert.deepEqual(await projectResources(project), { containers: [], networks: [], volumes: [volume] });
  assert.equal(await readLog('stopped'), 'stopping\nstopping', 'pre_stop ran before restart and before down');
});

test('a failing post_start fails up naming the service and its exit status; its dependents do not start', async () => {
  await purgeProject(project);
  const dir = stackDir(compose(`sh -c 'echo no database >&2; exit 3'`, '"true"'));
  const up = await run(dir, ['up', '-d']);
  assert.equal(up.exitCode, 1);
  assert.match(up.stderr, /Container berth-e2e-hooks-db-1: post_start\[0\] hook of service "db" exited with status 3: no database/);
  assert.deepEqual((await projectResources(project)).containers, [`${project}-db-1`]);
});

test('a failing pre_stop fails down with its status, and the stop goes on', async () => {
  await purgeProject(project);
  const dir = stackDir(compose('"true"', `["sh", "-c", "exit 4"]`));
  assert.equal((await run(dir, ['up', '-d'])).exitCode, 0);
  const down = await run(dir, ['down']);
  assert.equal(down.exitCode, 1);
  assert.match(down.stderr, /Container berth-e2e-hooks-db-1: pre_stop\[0\] hook of service "db" exited with status 4/);
  assert.deepEqual(await projectResources(project), { containers: [], networks: [], volumes: [volume] });
});
