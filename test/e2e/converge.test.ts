import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { berth, fixturesDir } from '../helpers/berth.js';
import { httpGet, purgeProject } from '../helpers/docker.js';
import { containerIds, mutatingCalls, recordingDocker } from '../helpers/converge.js';

// Seed 003's "desired state" demo on the real engine: change app's host port, `up -d` again, and only
// app is recreated; redis keeps its container (and its in-memory counter).
const stack = path.join(fixturesDir, 'converge', 'desired-state');
const project = 'berth-c-desired';
const up = (port: number, args: string[] = [], env: Record<string, string> = {}) =>
  berth(['-p', project, 'up', '-d', ...args], { cwd: stack, env: { APP_PORT: String(port), ...env } });

before(() => purgeProject(project));
after(() => purgeProject(project));

test('a changed host port recreates only that service; a second up changes nothing', async () => {
  const first = await up(19100);
  assert.equal(first.exitCode, 0, first.stderr);
  assert.equal(await httpGet('http://localhost:19100/'), 'Hi! I have been called 1 times\n');
  const before = await containerIds(project);

  const plan = await up(19101, ['--dry-run']);
  assert.equal(plan.exitCode, 0, plan.stderr);
  assert.match(plan.stdout, /# Container berth-c-desired-app-1: config changed/);
  assert.doesNotMatch(plan.stdout, /redis-1/);

  const second = await up(19101);
  assert.equal(second.exitCode, 0, second.stderr);
  const afterIds = await containerIds(project);
  assert.equal(afterIds[`${project}-redis-1`], before[`${project}-redis-1`], 'redis kept its container');
  assert.notEqual(afterIds[`${project}-app-1`], before[`${project}-app-1`], 'app was recreated');
  assert.deepEqual(Object.keys(afterIds).sort(), [`${project}-app-1`, `${project}-redis-1`]);
  // The same redis answers on the new port: the count goes on.
  assert.equal(await httpGet('http://localhost:19101/'), 'Hi! I have been called 2 times\n');

  const noop = await up(19101, ['--dry-run']);
  assert.equal(noop.exitCode, 0, noop.stderr);
  assert.match(noop.stdout, /# nothing to do: the project is up to date/);
  assert.doesNotMatch(noop.stdout, /^docker /m);

  const recorder = recordingDocker();
  const again = await up(19101, [], { DOCKER_BIN: recorder.bin });
  assert.equal(again.exitCode, 0, again.stderr);
  assert.ok(recorder.calls().some((argv) => argv[0] === 'ps'), 'berth looked at the engine');
  assert.deepEqual(mutatingCalls(recorder.calls()), [], 'a no-op up runs only read-only docker commands');
  assert.deepEqual(await containerIds(project), afterIds);
});

test('up --build with an unchanged build (cache hit, same image ID) recreates nothing', async () => {
  const before = await containerIds(project);
  const recorder = recordingDocker();
  const rebuilt = await up(19101, ['--build'], { DOCKER_BIN: recorder.bin });
  assert.equal(rebuilt.exitCode, 0, rebuilt.stderr);
  const mutating = mutatingCalls(recorder.calls()).map((argv) => argv[0]);
  assert.deepEqual(mutating, ['build'], 'only the build ran');
  assert.deepEqual(await containerIds(project), before);

  // The dry-run says which steps hang on the build's outcome.
  const plan = await up(19101, ['--build', '--dry-run']);
  assert.match(plan.stdout, /recreated only if its ID changes/);
  assert.match(plan.stdout, /^if \[ "\$\(docker image inspect --format '\{\{\.Id\}\}' berth-c-desired-app\)" != /m);
});

test('--force-recreate recreates everything; --no-recreate keeps a changed container', async () => {
  const before = await containerIds(project);
  const kept = await up(19102, ['--no-recreate']);
  assert.equal(kept.exitCode, 0, kept.stderr);
  assert.deepEqual(await containerIds(project), before);
  const forced = await up(19101, ['--force-recreate']);
  assert.equal(forced.exitCode, 0, forced.stderr);
  const afterIds = await containerIds(project);
  for (const name of Object.keys(before)) assert.notEqual(afterIds[name], before[name], `${name} was recreated`);
  const down = await berth(['-p', project, 'down'], { cwd: stack });
  assert.equal(down.exitCode, 0, down.stderr);
  assert.deepEqual(await containerIds(project), {});
});
