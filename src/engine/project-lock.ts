import { createHash, randomBytes } from 'node:crypto';
import { environmentView } from './environment.js';
import { chmodSync, linkSync, mkdirSync, readFileSync, realpathSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir, hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { UserError } from '../model/errors.js';

/**
 * One berth at a time per project and engine, across processes and users of this host: a lock file
 * in a directory every user may write, keyed by the engine endpoint and the project name. It is
 * hard-linked into place (atomic: exactly one process wins), names its holder (pid and process start
 * time), and a holder that died (even by SIGKILL) never blocks: the next berth sees that the process
 * is gone and takes the lock over. Two hosts sharing one remote engine are not covered (each host
 * has its own lock directory).
 */

/** Who holds a lock. `start` tells a live holder from a later process that reused its pid. */
export interface LockHolder {
  readonly pid: number;
  readonly start: string;
  readonly host: string;
}

export interface LockOptions {
  readonly projectName: string;
  /** Seconds to wait for another holder before failing. */
  readonly timeoutSeconds: number;
  /** Told once, when the lock is held by another berth. */
  readonly onWait: (holder: LockHolder) => void;
  readonly directory?: string;
  readonly endpoint?: string;
  readonly pollMilliseconds?: number;
  /** Aborted (Ctrl-C, SIGTERM): stop waiting, exit 130. */
  readonly stop?: AbortSignal;
}

export interface ProjectLock {
  release(): void;
}

/** The lock directory: BERTH_LOCK_DIR, else /tmp/berth-locks (one per host, not per user's TMPDIR). */
export function lockDirectory(env: Readonly<Record<string, string | undefined>> = environmentView()): string {
  return env['BERTH_LOCK_DIR'] ?? (process.platform === 'win32' ? path.join(tmpdir(), 'berth-locks') : '/tmp/berth-locks');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** A unix socket path with its directories resolved (/var/run → /run), so one engine has one key. */
function normalizeEndpoint(endpoint: string): string {
  if (!endpoint.startsWith('unix://')) return endpoint;
  const socket = endpoint.slice('unix://'.length);
  try {
    return `unix://${path.join(realpathSync(path.dirname(socket)), path.basename(socket))}`;
  } catch {
    return endpoint;
  }
}

/** The engine the docker CLI talks to: DOCKER_HOST, else the current docker context's host (read from its files, no process). */
export function engineEndpoint(env: Readonly<Record<string, string | undefined>> = environmentView()): string {
  const host = env['DOCKER_HOST'];
  if (host !== undefined && host !== '') return normalizeEndpoint(host);
  const configDir = env['DOCKER_CONFIG'] ?? path.join(homedir(), '.docker');
  const context = env['DOCKER_CONTEXT'] || (readJson(path.join(configDir, 'config.json'))?.['currentContext'] as string | undefined);
  if (context !== undefined && context !== '' && context !== 'default') {
    const meta = readJson(path.join(configDir, 'contexts', 'meta', sha256(context), 'meta.json')) as { Endpoints?: { docker?: { Host?: unknown } } } | undefined;
    const contextHost = meta?.Endpoints?.docker?.Host;
    return typeof contextHost === 'string' ? normalizeEndpoint(contextHost) : `context:${context}`;
  }
  return process.platform === 'win32' ? 'npipe:////./pipe/docker_engine' : normalizeEndpoint('unix:///var/run/docker.sock');
}

/** A process's start time (clock ticks since boot, from /proc); '' where /proc is not there. */
function processStart(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

/** Whether the holder's process still runs (a holder on another host is assumed alive). */
export function holderAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const start = processStart(holder.pid);
  return start === '' || holder.start === '' || start === holder.start;
}

/** A lock file this user may not read (made by another user under a narrow umask): held, by whom unknown. */
export const UNKNOWN_HOLDER: LockHolder = { pid: 0, start: '', host: '' };

function readHolder(file: string): LockHolder | undefined {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    return errorCode(error) === 'EACCES' ? UNKNOWN_HOLDER : undefined;
  }
  if (typeof data?.['pid'] !== 'number') return undefined;
  return { pid: data['pid'], start: String(data['start'] ?? ''), host: String(data['host'] ?? '') };
}

/** `pid N`, or what is known of a holder whose lock file this user cannot read. */
export function holderText(holder: LockHolder): string {
  return holder === UNKNOWN_HOLDER ? 'of another user, lock file unreadable' : `pid ${holder.pid}`;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

function makeDirectory(dir: string): 'created' | 'exists' | 'missing parent' {
  try {
    mkdirSync(dir);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return 'exists';
    if (errorCode(error) === 'ENOENT') return 'missing parent';
    throw error;
  }
  chmodSync(dir, 0o777);
  return 'created';
}

/** The directory of one project's lock, writable by every user (so anyone can take over a dead holder's lock). */
function projectDirectory(base: string, key: string): string {
  const dir = path.join(base, key);
  try {
    // Usually both exist: one failed mkdir. Modes are set by whoever creates them (the umask would narrow them).
    if (makeDirectory(dir) === 'missing parent') {
      if (mkdirSync(base, { recursive: true }) !== undefined) chmodSync(base, 0o1777);
      makeDirectory(dir);
    }
  } catch (error) {
    throw new UserError(`cannot use the project lock directory ${dir}: ${(error as Error).message} (set BERTH_LOCK_DIR to a directory every docker user can write)`);
  }
  return dir;
}

/**
 * Removes a dead holder's lock. Only one process at a time may do so (the `break` file); with it,
 * the lock still naming the dead holder cannot change under us: only its holder or a breaker removes it.
 */
function breakStale(dir: string, lockFile: string, dead: LockHolder | undefined): void {
  const breaker = path.join(dir, 'break');
  try {
    writeFileSync(breaker, String(process.pid), { flag: 'wx', mode: 0o666 });
  } catch (error) {
    // Someone else is breaking it; a breaker file left by a process that died meanwhile expires.
    if (errorCode(error) === 'EEXIST') {
      try {
        if (Date.now() - statSync(breaker).mtimeMs > 10_000) removeQuietly(breaker);
      } catch {
        // gone already
      }
    }
    return;
  }
  try {
    const current = readHolder(lockFile);
    const same = dead === undefined ? current === undefined : current !== undefined && current.pid === dead.pid && current.start === dead.start && current.host === dead.host;
    if (same) removeQuietly(lockFile);
  } finally {
    removeQuietly(breaker);
  }
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

const sleep = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Takes the project's lock, waiting (up to the timeout) while another live berth holds it. */
export async function acquireProjectLock(options: LockOptions): Promise<ProjectLock> {
  const key = sha256(`${options.endpoint ?? engineEndpoint()}\n${options.projectName}`).slice(0, 32);
  const dir = projectDirectory(options.directory ?? lockDirectory(), key);
  const lockFile = path.join(dir, 'lock');
  const me: LockHolder = { pid: process.pid, start: processStart(process.pid), host: hostname() };
  const mine = path.join(dir, `holder-${process.pid}-${randomBytes(6).toString('hex')}`);
  writeFileSync(mine, `${JSON.stringify({ ...me, project: options.projectName })}\n`, { flag: 'wx', mode: 0o644 });
  // Every user must read who holds the lock (a narrow umask would hide it, and an unreadable lock looks damaged).
  chmodSync(mine, 0o644);
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  let told = false;
  try {
    for (;;) {
      try {
        linkSync(mine, lockFile);
        break;
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw new UserError(`cannot take the project lock ${lockFile}: ${(error as Error).message}`);
      }
      const holder = readHolder(lockFile);
      if (holder === undefined) {
        // Gone meanwhile (try again), or unreadable: a lock file is complete when linked, so that is damage.
        if (exists(lockFile)) breakStale(dir, lockFile, undefined);
        await sleep(20);
        continue;
      }
      if (!holderAlive(holder)) {
        breakStale(dir, lockFile, holder);
        continue;
      }
      if (!told) {
        options.onWait(holder);
        told = true;
      }
      if (options.stop?.aborted === true) throw new UserError(`interrupted while waiting for another berth on project "${options.projectName}": nothing was changed`, { exitCode: 130 });
      if (Date.now() >= deadline) {
        throw new UserError(`gave up after ${options.timeoutSeconds}s waiting for another berth on project "${options.projectName}" (${holderText(holder)}); let it finish or stop it, or set BERTH_LOCK_TIMEOUT to wait longer (seconds)`);
      }
      await sleep(options.pollMilliseconds ?? 100);
    }
  } finally {
    removeQuietly(mine);
  }
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    removeQuietly(lockFile);
  };
  process.on('exit', release);
  return { release };
}
