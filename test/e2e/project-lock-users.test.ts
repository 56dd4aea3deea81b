import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { berthBin } from '../helpers/berth.js';
import { asNonRootUser } from '../helpers/as-user.js';

// The project lock across users of one engine: a berth run by root holds the lock against a berth
// run by another user (whatever root's umask), and a lock whose holder died blocks no other user.
// No engine is needed: both use a docker that never answers, so a berth that got the lock stays in
// its first docker call, holding it.
const scratch = mkdtempSync(path.join(tmpdir(), 'berth-lock-users-'));
chmodSync(scratch, 0o755);
after(() => rmSync(scratch, { recursive: true, force: true }));

const lockDir = path.join(scratch, 'locks');
const projectDir = path.join(scratch, 'project');
const hangingDocker = path.join(scratch, 'docker');
// It answers nothing for as long as the berth that started it lives (and then ends: no process left behind).
writeFileSync(hangingDocker, '#!/bin/sh\nwhile kill -0 $PPID 2>/dev/null; do sleep 0.2; done\n', { mode: 0o755 });
mkdirSync(projectDir, { mode: 0o755 });
writeFileSync(path.join(projectDir, 'compose.yaml'), 'services:\n  app:\n    image: berth-test/busybox:latest\n', { mode: 0o644 });

const user = asNonRootUser();
const env = { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', BERTH_LOCK_DIR: lockDir, DOCKER_BIN: hangingDocker, DOCKER_HOST: 'unix:///run/berth-lock-users-test.sock' };

/** `berth -p users up -d` as root (under `umask`), or as another user. */
function upAs(who: 'root' | 'other', extra: Record<string, string> = {}, umask = '022'): ResultPromise {
  const berth = [process.execPath, '--', berthBin, '-p', 'users', 'up', '-d'];
  const [command, ...args] = who === 'root' ? ['sh', '-c', `umask ${umask}; exec "$@"`, 'sh', ...berth] : [...user.prefix, ...berth];
  const home = who === 'root' ? scratch : user.home;
  return execa(command as string, args, { cwd: projectDir, env: { ...env, HOME: home, ...extra }, extendEnv: false, reject: false, stdin: 'ignore', detached: true });
}

/** The pid the project's lock file names, once there is one. */
async function lockHolderPid(): Promise<number> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const file = existsSync(lockDir) ? readdirSync(lockDir).map((key) => path.join(lockDir, key, 'lock')).find((candidate) => existsSync(candidate)) : undefined;
    if (file !== undefined) return (JSON.parse(readFileSync(file, 'utf8')) as { pid: number }).pid;
    if (Date.now() > deadline) throw new Error('no berth took the lock');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function stop(run: ResultPromise): Promise<void> {
  process.kill(-(run.pid as number), 'SIGKILL');
  await run;
}

test('a lock root holds (umask 077) makes another user wait and give up at BERTH_LOCK_TIMEOUT; it takes the lock once root is gone', { timeout: 60_000 }, async () => {
  const holder = upAs('root', {}, '077');
  assert.equal(await waitForHolder(holder.pid as number), holder.pid);
  const waiter = await upAs('other', { BERTH_LOCK_TIMEOUT: '1' });
  assert.equal(waiter.exitCode, 1, String(waiter.stderr));
  assert.match(String(waiter.stderr), new RegExp(`waiting for another berth on project "users" \\(pid ${holder.pid}\\)\\.\\.\\.\\n.*gave up after 1s`, 's'));
  assert.equal(await lockHolderPid(), holder.pid, 'root still holds the lock');

  // Root's berth dies without releasing (SIGKILL): the other user's berth takes over, without waiting.
  await stop(holder);
  const taker = upAs('other', { BERTH_LOCK_TIMEOUT: '5' });
  assert.equal(await waitForHolder(taker.pid as number), taker.pid);
  await stop(taker);
  assert.doesNotMatch(String((await taker).stderr), /waiting for another berth/);
});

test('a lock file another user cannot read (an older berth under umask 077) is waited for, never broken', { timeout: 60_000 }, async () => {
  // The lock of a live root berth, left readable by root alone.
  const holder = upAs('root');
  assert.equal(await waitForHolder(holder.pid as number), holder.pid);
  const file = readdirSync(lockDir).map((key) => path.join(lockDir, key, 'lock')).find((candidate) => existsSync(candidate)) as string;
  chmodSync(file, 0o600);
  const waiter = await upAs('other', { BERTH_LOCK_TIMEOUT: '1' });
  assert.equal(waiter.exitCode, 1, String(waiter.stderr));
  assert.match(String(waiter.stderr), /gave up after 1s waiting for another berth on project "users" \(of another user, lock file unreadable\)/);
  assert.equal(await lockHolderPid(), holder.pid);
  await stop(holder);
});

/** The lock file's pid once it names `pid` (the stale one may still be there for a moment). */
async function waitForHolder(pid: number): Promise<number> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const holder = await lockHolderPid();
    if (holder === pid || Date.now() > deadline) return holder;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
