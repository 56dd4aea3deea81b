import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { acquireProjectLock, engineEndpoint, type LockHolder } from '../../src/engine/project-lock.js';

const endpoint = 'unix:///test/docker.sock';
const fresh = (): string => mkdtempSync(path.join(tmpdir(), 'berth-lock-test-'));

function lockOptions(directory: string, projectName: string, waits: LockHolder[] = [], timeoutSeconds = 10) {
  return { directory, endpoint, projectName, timeoutSeconds, pollMilliseconds: 20, onWait: (holder: LockHolder) => waits.push(holder) };
}

/** The lock file of the only project locked in `directory`. */
function lockFileIn(directory: string): string {
  const [key] = readdirSync(directory);
  return path.join(directory, key ?? '', 'lock');
}

test('a second taker waits for the holder, says so once, and gets the lock when it is released', async () => {
  const directory = fresh();
  const first = await acquireProjectLock(lockOptions(directory, 'p'));
  const waits: LockHolder[] = [];
  let acquired = false;
  const second = acquireProjectLock(lockOptions(directory, 'p', waits)).then((lock) => {
    acquired = true;
    return lock;
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(acquired, false);
  assert.deepEqual(waits.map((holder) => holder.pid), [process.pid]);
  first.release();
  (await second).release();
  assert.equal(acquired, true);
  assert.equal(waits.length, 1);
});

test('the lock directory is writable by everyone: any user may take over a dead holder', async () => {
  const directory = path.join(fresh(), 'locks');
  (await acquireProjectLock(lockOptions(directory, 'p'))).release();
  assert.equal(statSync(directory).mode & 0o7777, 0o1777);
  assert.equal(statSync(path.dirname(lockFileIn(directory))).mode & 0o777, 0o777);
});

test('the lock file is readable by every user whatever the umask: another user must see who holds it', async () => {
  const directory = fresh();
  const before = process.umask(0o077);
  try {
    const lock = await acquireProjectLock(lockOptions(directory, 'p'));
    assert.equal(statSync(lockFileIn(directory)).mode & 0o777, 0o644);
    lock.release();
  } finally {
    process.umask(before);
  }
});

test('a dead holder never blocks: its lock is taken over at once', async () => {
  const directory = fresh();
  (await acquireProjectLock(lockOptions(directory, 'p'))).release();
  const exited = spawnSync(process.execPath, ['-e', 'process.pid']);
  assert.equal(exited.status, 0);
  writeFileSync(lockFileIn(directory), JSON.stringify({ pid: exited.pid, start: '1', host: hostname() }));
  const waits: LockHolder[] = [];
  (await acquireProjectLock(lockOptions(directory, 'p', waits, 1))).release();
  assert.deepEqual(waits, []);
});

test('a live pid that started after the holder (pid reused) does not hold the lock', async () => {
  const directory = fresh();
  (await acquireProjectLock(lockOptions(directory, 'p'))).release();
  writeFileSync(lockFileIn(directory), JSON.stringify({ pid: process.pid, start: 'not-my-start-time', host: hostname() }));
  const waits: LockHolder[] = [];
  (await acquireProjectLock(lockOptions(directory, 'p', waits, 1))).release();
  assert.deepEqual(waits, []);
});

test('a damaged lock file is taken over', async () => {
  const directory = fresh();
  (await acquireProjectLock(lockOptions(directory, 'p'))).release();
  writeFileSync(lockFileIn(directory), 'garbage');
  (await acquireProjectLock(lockOptions(directory, 'p', [], 1))).release();
});

test('the wait has a limit, and its failure names the project and the holder', async () => {
  const directory = fresh();
  const holder = await acquireProjectLock(lockOptions(directory, 'p'));
  const waits: LockHolder[] = [];
  await assert.rejects(acquireProjectLock(lockOptions(directory, 'p', waits, 0.2)), new RegExp(`gave up after 0.2s waiting for another berth on project "p" \\(pid ${process.pid}\\).*BERTH_LOCK_TIMEOUT`));
  assert.equal(waits.length, 1);
  holder.release();
});

test('different projects, or one project on different engines, never wait for each other', async () => {
  const directory = fresh();
  const one = await acquireProjectLock(lockOptions(directory, 'one'));
  const waits: LockHolder[] = [];
  const two = await acquireProjectLock(lockOptions(directory, 'two', waits, 0));
  const otherEngine = await acquireProjectLock({ ...lockOptions(directory, 'one', waits, 0), endpoint: 'tcp://elsewhere:2376' });
  assert.deepEqual(waits, []);
  for (const lock of [one, two, otherEngine]) lock.release();
});

test('the engine is DOCKER_HOST, else the current docker context\'s host, else the default socket', () => {
  assert.equal(engineEndpoint({ DOCKER_HOST: 'tcp://10.0.0.1:2376' }), 'tcp://10.0.0.1:2376');
  const config = fresh();
  writeFileSync(path.join(config, 'config.json'), JSON.stringify({ currentContext: 'remote' }));
  const meta = path.join(config, 'contexts', 'meta', createHash('sha256').update('remote').digest('hex'));
  mkdirSync(meta, { recursive: true });
  writeFileSync(path.join(meta, 'meta.json'), JSON.stringify({ Name: 'remote', Endpoints: { docker: { Host: 'ssh://me@box' } } }));
  assert.equal(engineEndpoint({ DOCKER_CONFIG: config }), 'ssh://me@box');
  assert.equal(engineEndpoint({ DOCKER_CONFIG: config, DOCKER_CONTEXT: 'missing' }), 'context:missing');
  assert.equal(engineEndpoint({ DOCKER_CONFIG: fresh() }), engineEndpoint({ DOCKER_CONFIG: fresh(), DOCKER_HOST: 'unix:///var/run/docker.sock' }));
});
