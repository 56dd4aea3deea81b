import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { berth } from '../helpers/berth.js';
import { docker, projectResources, purgeProject } from '../helpers/docker.js';
import { stackDir } from '../helpers/converge.js';

const simple = stackDir(`services:
  app:
    image: berth-test/busybox:latest
    command: sleep 3600
`);

test('a missing docker CLI gets a message that says so, and the dry-run plans from empty state', async () => {
  const onPath = await berth(['-p', 'berth-f-nodocker', 'up', '-d'], { cwd: simple, env: { PATH: '/nonexistent' } });
  assert.equal(onPath.exitCode, 1);
  assert.equal(onPath.stderr.trim(), 'docker: command not found — berth needs the docker CLI on PATH (or set DOCKER_BIN)');
  const named = await berth(['-p', 'berth-f-nodocker', 'ps'], { cwd: simple, env: { DOCKER_BIN: '/nonexistent/docker' } });
  assert.equal(named.exitCode, 1);
  assert.match(named.stderr.trim(), /^docker: \/nonexistent\/docker \(DOCKER_BIN\) not found/);
  assert.doesNotMatch(onPath.stderr + named.stderr, /ENOENT|spawn|\n\s+at /);
  const dryRun = await berth(['-p', 'berth-f-nodocker', 'up', '--dry-run'], { cwd: simple, env: { PATH: '/nonexistent' } });
  assert.equal(dryRun.exitCode, 0, dryRun.stderr);
  assert.match(dryRun.stderr, /docker: command not found.*planning from empty state/);
  assert.match(dryRun.stdout, /docker run -d --name berth-f-nodocker-app-1/);
});

const buildProject = 'berth-f-build-first';
after(async () => {
  await purgeProject(buildProject);
  // The classic builder leaves the failed RUN step's container behind, unlabelled: removed by its command.
  const exited = await docker(['ps', '-a', '--no-trunc', '--filter', 'status=exited', '--format', '{{.ID}} {{.Command}}']);
  const leftovers = exited.split('\n').filter((line) => line.includes('building-the-broken-one')).map((line) => line.split(' ')[0] as string);
  if (leftovers.length > 0) await docker(['rm', ...leftovers]);
});

test('builds first: a failed build changes nothing, independent services included, and shows the builder message', async () => {
  const dir = stackDir(`services:
  broken:
    build: ./broken
  independent:
    image: berth-test/busybox:latest
    command: sleep 3600
`);
  mkdirSync(path.join(dir, 'broken'));
  writeFileSync(path.join(dir, 'broken', 'Dockerfile'), 'FROM berth-test/busybox:latest\nRUN echo building-the-broken-one && exit 3\n');
  const result = await berth(['-p', buildProject, 'up', '-d', '--progress', 'plain'], { cwd: dir });
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /Image berth-f-build-first-broken: [\s\S]*(non-zero code: 3|exit code: 3)/);
  assert.doesNotMatch(result.stderr, /Container berth-f-build-first-independent-1 {2}(Creating|Started)/);
  assert.deepEqual(await projectResources(buildProject), { containers: [], networks: [], volumes: [] });
});
