import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { berth } from '../helpers/berth.js';
import { docker, projectResources, purgeProject } from '../helpers/docker.js';
import { stackDir } from '../helpers/converge.js';

// One-off containers of `berth run` belong to their service: never orphans, removed by `down`.
// `up --no-start` creates only, so it waits for no dependency condition.
const project = 'berth-c-oneoff';
const dir = stackDir(`services:
  db:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
  job:
    image: berth-test/busybox:latest
    command: ["true"]
  app:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]
    depends_on:
      db: { condition: service_healthy }
      job: { condition: service_completed_successfully }
`);
const run = (args: string[]) => berth(['-p', project, ...args], { cwd: dir });

before(() => purgeProject(project));
after(() => purgeProject(project));

test('up --no-start with service_healthy and service_completed_successfully dependencies creates everything and exits 0', async () => {
  const started = Date.now();
  const created = await run(['up', '--no-start']);
  assert.equal(created.exitCode, 0, created.stderr);
  assert.ok(Date.now() - started < 30_000, 'it does not wait for a condition that cannot come');
  const states = (await docker(['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}} {{.State}}'])).split('\n').sort();
  assert.deepEqual(states, [`${project}-app-1 created`, `${project}-db-1 created`, `${project}-job-1 created`]);
});

test('one-offs left by run are no orphans for up and down, and down removes them', async () => {
  assert.equal((await run(['up', '-d'])).exitCode, 0);
  const oneoff = await run(['run', '--no-deps', 'job', 'echo', 'hi']);
  assert.equal(oneoff.exitCode, 0, oneoff.stderr);
  const detached = await run(['run', '-d', '--no-deps', 'db']);
  assert.equal(detached.exitCode, 0, detached.stderr);
  const oneoffs = (await docker(['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--filter', 'label=com.docker.compose.oneoff=True', '--format', '{{.Names}}'])).split('\n').filter(Boolean);
  assert.equal(oneoffs.length, 2, 'an exited and a running one-off');

  const up = await run(['up', '-d']);
  assert.equal(up.exitCode, 0, up.stderr);
  assert.doesNotMatch(up.stderr, /orphan/i);
  const down = await run(['down']);
  assert.equal(down.exitCode, 0, down.stderr);
  assert.doesNotMatch(down.stderr, /orphan/i);
  for (const name of oneoffs) assert.match(down.stderr, new RegExp(`${name}\\s+Removed`));
  assert.deepEqual(await projectResources(project), { containers: [], networks: [], volumes: [] });
});
