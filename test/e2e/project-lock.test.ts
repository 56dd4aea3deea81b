import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { berth, berthBin, type BerthRun } from '../helpers/berth.js';
import { docker, projectResources, purgeProject } from '../helpers/docker.js';
import { stackDir } from '../helpers/converge.js';

// One berth per project at a time: concurrent `up`s of one project all succeed and build it once.
const projects = ['berth-lock-ten', 'berth-lock-other'];
after(async () => {
  for (const project of projects) await purgeProject(project);
});

const tenServices = `services:\n${Array.from({ length: 10 }, (_, index) => `  s${index}:\n    image: berth-test/busybox:latest\n    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]\n`).join('')}`;
const WAITING = /waiting for another berth on project/;

async function upAtOnce(count: number, project: string, dir: string): Promise<BerthRun[]> {
  return Promise.all(Array.from({ length: count }, () => berth(['-p', project, 'up', '-d'], { cwd: dir })));
}

async function assertTenRunningOneNetwork(project: string): Promise<void> {
  const { containers, networks } = await projectResources(project);
  assert.equal(containers.length, 10, containers.join(' '));
  const running = (await docker(['ps', '--filter', `label=com.docker.compose.project=${project}`, '-q'])).split('\n').filter(Boolean);
  assert.equal(running.length, 10);
  assert.equal((await docker(['network', 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`])).split('\n').filter(Boolean).length, 1);
  assert.deepEqual(networks, [`${project}_default`]);
}

for (const count of [2, 3]) {
  test(`${count} concurrent up -d of a fresh 10-service project all exit 0: 10 containers, one network`, async () => {
    const project = 'berth-lock-ten';
    await purgeProject(project);
    const dir = stackDir(tenServices);
    const runs = await upAtOnce(count, project, dir);
    for (const run of runs) assert.equal(run.exitCode, 0, run.stderr);
    // One made the project; the others waited (saying so once), then found it made and changed nothing.
    const makers = runs.filter((run) => /Started/.test(run.stderr));
    assert.equal(makers.length, 1, runs.map((run) => run.stderr).join('\n----\n'));
    const others = runs.filter((run) => run !== makers[0]);
    for (const run of others) assert.doesNotMatch(run.stderr, /Creating|Started|Removing/);
    assert.ok(others.some((run) => WAITING.test(run.stderr)));
    for (const run of runs) assert.ok((run.stderr.match(/waiting for another berth on project "berth-lock-ten" \(pid \d+\)\.\.\./g)?.length ?? 0) <= 1);
    await assertTenRunningOneNetwork(project);
  });
}

test('two different projects started at once do not wait for each other', async () => {
  for (const project of projects) await purgeProject(project);
  const dir = stackDir(tenServices);
  const runs = await Promise.all(projects.map((project) => berth(['-p', project, 'up', '-d'], { cwd: dir })));
  for (const run of runs) {
    assert.equal(run.exitCode, 0, run.stderr);
    assert.doesNotMatch(run.stderr, WAITING);
  }
  for (const project of projects) await assertTenRunningOneNetwork(project);
});

/** A docker stand-in that never answers: a berth using it holds the project's lock while it observes. */
function hangingDocker(): string {
  const bin = path.join(mkdtempSync(path.join(tmpdir(), 'berth-hang-')), 'docker');
  writeFileSync(bin, '#!/bin/sh\nexec sleep 600\n');
  chmodSync(bin, 0o755);
  return bin;
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('a live holder makes the next berth wait up to BERTH_LOCK_TIMEOUT; a holder killed with SIGKILL blocks nobody; dry-run takes no lock', async () => {
  const project = 'berth-lock-ten';
  await purgeProject(project);
  const dir = stackDir(tenServices);
  const lockDir = mkdtempSync(path.join(tmpdir(), 'berth-locks-'));
  const env = { BERTH_LOCK_DIR: lockDir };
  const holder = execa(process.execPath, ['--', berthBin, '-p', project, 'up', '-d'], { cwd: dir, env: { ...env, DOCKER_BIN: hangingDocker(), NO_COLOR: '1' }, detached: true, reject: false, stdin: 'ignore' });
  await until(() => readdirSync(lockDir).some((key) => existsSync(path.join(lockDir, key, 'lock'))));

  const impatient = await berth(['-p', project, 'up', '-d'], { cwd: dir, env: { ...env, BERTH_LOCK_TIMEOUT: '1' } });
  assert.equal(impatient.exitCode, 1);
  assert.match(impatient.stderr, new RegExp(`waiting for another berth on project "${project}" \\(pid ${holder.pid}\\)\\.\\.\\.`));
  assert.match(impatient.stderr, new RegExp(`gave up after 1s waiting for another berth on project "${project}" \\(pid ${holder.pid}\\)`));
  assert.deepEqual((await projectResources(project)).containers, []);

  const dryRun = await berth(['-p', project, 'up', '-d', '--dry-run'], { cwd: dir, env: { ...env, BERTH_LOCK_TIMEOUT: '0' } });
  assert.equal(dryRun.exitCode, 0, dryRun.stderr);
  assert.doesNotMatch(dryRun.stderr, WAITING);

  process.kill(-(holder.pid as number), 'SIGKILL');
  await holder;
  const next = await berth(['-p', project, 'up', '-d'], { cwd: dir, env: { ...env, BERTH_LOCK_TIMEOUT: '5' } });
  assert.equal(next.exitCode, 0, next.stderr);
  assert.doesNotMatch(next.stderr, WAITING);
  await assertTenRunningOneNetwork(project);
  assert.equal((await berth(['-p', project, 'down'], { cwd: dir, env })).exitCode, 0);
});
