import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { berth } from '../helpers/berth.js';
import { purgeProject } from '../helpers/docker.js';
import { containerIds, inspect, stackDir } from '../helpers/converge.js';

// depends_on conditions hold a dependent back until they are met, seen in the engine's own timestamps.
const LOOP = `trap 'exit 0' TERM; while :; do sleep 1; done`;
const project = 'berth-c-waits';
const failing = 'berth-c-waits-fail';
after(async () => {
  await purgeProject(project);
  await purgeProject(failing);
});

const time = (text: string): number => Date.parse(text);

test('service_healthy and service_completed_successfully hold the dependent back until they hold', async () => {
  const dir = stackDir(`services:
  db:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "sleep 2; touch /tmp/ready; ${LOOP}"]
    healthcheck:
      test: ["CMD-SHELL", "test -f /tmp/ready"]
      interval: 1s
      retries: 30
  migrate:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "sleep 3; exit 0"]
  app:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "${LOOP}"]
    depends_on:
      db:
        condition: service_healthy
      migrate:
        condition: service_completed_successfully
`);
  await purgeProject(project);
  const up = await berth(['-p', project, 'up', '-d', '--wait-timeout', '60'], { cwd: dir });
  assert.equal(up.exitCode, 0, up.stderr);
  const appStarted = time(await inspect(`${project}-app-1`, '{{.State.StartedAt}}'));
  const migrateFinished = time(await inspect(`${project}-migrate-1`, '{{.State.FinishedAt}}'));
  const healthLog = JSON.parse(await inspect(`${project}-db-1`, '{{json .State.Health.Log}}')) as Array<{ End: string; ExitCode: number }>;
  const firstHealthy = Math.min(...healthLog.filter((entry) => entry.ExitCode === 0).map((entry) => time(entry.End)));
  assert.ok(appStarted >= migrateFinished, `app started ${appStarted - migrateFinished} ms after migrate finished`);
  assert.ok(appStarted >= firstHealthy, `app started ${appStarted - firstHealthy} ms after db became healthy`);
  assert.equal(await inspect(`${project}-migrate-1`, '{{.State.ExitCode}}'), '0');
  await berth(['-p', project, 'down', '-t', '1'], { cwd: dir });
});

test('a dependency that never gets healthy fails up within --wait-timeout, naming it; its dependents are not started', async () => {
  const dir = stackDir(`services:
  sick:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "${LOOP}"]
    healthcheck:
      test: ["CMD-SHELL", "exit 1"]
      interval: 1s
      start_period: 120s
  web:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "${LOOP}"]
    depends_on:
      sick:
        condition: service_healthy
`);
  await purgeProject(failing);
  const started = Date.now();
  const up = await berth(['-p', failing, 'up', '-d', '--wait-timeout', '3'], { cwd: dir });
  assert.notEqual(up.exitCode, 0);
  assert.ok(Date.now() - started < 20_000, 'gave up in time');
  assert.match(up.stderr, /berth-c-waits-fail-sick-1/);
  assert.match(up.stderr, /timeout/);
  assert.deepEqual(Object.keys(await containerIds(failing)), [`${failing}-sick-1`], 'web was never created');
});

test('an unhealthy or failed dependency fails up at once; an optional one only warns', async () => {
  const dir = stackDir(`services:
  sick:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "${LOOP}"]
    healthcheck:
      test: ["CMD-SHELL", "exit 1"]
      interval: 1s
      retries: 1
  broken:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "exit 3"]
  strict:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "${LOOP}"]
    depends_on:
      broken:
        condition: service_completed_successfully
  lenient:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "${LOOP}"]
    depends_on:
      sick:
        condition: service_healthy
        required: false
`);
  await purgeProject(failing);
  const up = await berth(['-p', failing, 'up', '-d'], { cwd: dir });
  assert.equal(up.exitCode, 1, up.stderr);
  assert.match(up.stderr, /service "broken" didn't complete successfully: exit 3/);
  assert.match(up.stderr, /optional dependency "sick" is not running or is unhealthy/);
  const ids = await containerIds(failing);
  assert.ok(`${failing}-lenient-1` in ids, 'the optional dependency did not hold lenient back');
  assert.ok(!(`${failing}-strict-1` in ids), 'strict was not created');
  assert.equal(await inspect(`${failing}-lenient-1`, '{{.State.Status}}'), 'running');
});
