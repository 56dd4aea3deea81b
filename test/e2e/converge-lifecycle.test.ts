import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { berth } from '../helpers/berth.js';
import { purgeProject } from '../helpers/docker.js';
import { containerIds, inspect, stackDir } from '../helpers/converge.js';

// stop, start, restart, kill, pause, unpause and rm along the dependency graph: stop-like commands
// reach dependents first, start-like ones dependencies first.
const project = 'berth-c-life';
after(() => purgeProject(project));
const LOOP = `trap 'exit 0' TERM; while :; do sleep 1; done`;
const dir = stackDir(`services:
  db:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "${LOOP}"]
  app:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "${LOOP}"]
    depends_on:
      db:
        condition: service_started
        restart: true
`);
const run = (...args: string[]) => berth(['-p', project, ...args], { cwd: dir });
const state = (service: string) => inspect(`${project}-${service}-1`, '{{.State.Status}}');
const at = async (service: string, field: 'StartedAt' | 'FinishedAt') => Date.parse(await inspect(`${project}-${service}-1`, `{{.State.${field}}}`));

test('stop stops dependents first; start starts dependencies first', async () => {
  await purgeProject(project);
  assert.equal((await run('up', '-d')).exitCode, 0);
  const stop = await run('stop');
  assert.equal(stop.exitCode, 0, stop.stderr);
  assert.deepEqual([await state('app'), await state('db')], ['exited', 'exited']);
  assert.ok(await at('app', 'FinishedAt') <= await at('db', 'FinishedAt'), 'app stopped before db');
  const start = await run('start');
  assert.equal(start.exitCode, 0, start.stderr);
  assert.deepEqual([await state('app'), await state('db')], ['running', 'running']);
  assert.ok(await at('db', 'StartedAt') <= await at('app', 'StartedAt'), 'db started before app');
  const dry = await run('stop', '--dry-run');
  // Existing containers are addressed by ID; the comment names them.
  assert.match(dry.stdout, /# Container berth-c-life-app-1: .*\ndocker stop [0-9a-f]{64}\n[\s\S]*# Container berth-c-life-db-1: .*\ndocker stop [0-9a-f]{64}$/);
});

test('restart db restarts app too (restart: true), unless --no-deps', async () => {
  const before = await at('app', 'StartedAt');
  assert.equal((await run('restart', '--no-deps', 'db')).exitCode, 0);
  assert.equal(await at('app', 'StartedAt'), before, '--no-deps left app alone');
  const restart = await run('restart', '-t', '1', 'db');
  assert.equal(restart.exitCode, 0, restart.stderr);
  assert.ok(await at('app', 'StartedAt') > before, 'app restarted with db');
  assert.ok(await at('db', 'StartedAt') <= await at('app', 'StartedAt'));
});

test('pause, unpause, kill -s, and rm (only stopped, unless -s)', async () => {
  assert.equal((await run('pause', 'app')).exitCode, 0);
  assert.deepEqual([await state('app'), await state('db')], ['paused', 'running']);
  assert.equal((await run('unpause')).exitCode, 0);
  assert.equal(await state('app'), 'running');

  const kill = await run('kill', '-s', 'SIGTERM', 'app');
  assert.equal(kill.exitCode, 0, kill.stderr);
  for (let tries = 0; tries < 50 && (await state('app')) === 'running'; tries++) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(await inspect(`${project}-app-1`, '{{.State.Status}} {{.State.ExitCode}}'), 'exited 0', 'the trap saw SIGTERM');

  const rm = await run('rm', '-f');
  assert.equal(rm.exitCode, 0, rm.stderr);
  assert.deepEqual(Object.keys(await containerIds(project)), [`${project}-db-1`], 'rm removed only the stopped container');
  const nothing = await run('rm', '-f');
  assert.match(nothing.stderr, /No stopped containers/);
  const rmStop = await run('rm', '-f', '-s');
  assert.equal(rmStop.exitCode, 0, rmStop.stderr);
  assert.deepEqual(await containerIds(project), {});
  const noKill = await run('kill');
  assert.equal(noKill.exitCode, 1);
  assert.match(noKill.stderr, /no container to kill/);
  assert.equal((await run('down')).exitCode, 0);
});
