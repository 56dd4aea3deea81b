import { acquireProjectLock, holderText, type ProjectLock } from '../engine/project-lock.js';
import { UserError } from '../model/errors.js';
import type { GlobalOptions } from './global-options.js';

/** Default wait for another berth on the same project: builds and health waits can take minutes. */
const DEFAULT_LOCK_TIMEOUT_SECONDS = 600;

/** BERTH_LOCK_TIMEOUT (seconds; 0: fail at once when the project is busy). */
function lockTimeoutSeconds(settings: Readonly<Record<string, string>>): number {
  const text = settings['BERTH_LOCK_TIMEOUT'];
  if (text === undefined || text.trim() === '') return DEFAULT_LOCK_TIMEOUT_SECONDS;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0) throw new UserError(`BERTH_LOCK_TIMEOUT must be a number of seconds, not "${text}"`);
  return seconds;
}

const NO_LOCK: ProjectLock = { release: () => undefined };

/**
 * Takes the project's lock before a command that changes the engine observes it, so a second berth
 * on the same project waits and then observes what the first one made. Released by `release()` or,
 * whatever happens, when the process exits. A dry-run changes nothing and takes no lock. `stop`
 * (Ctrl-C, SIGTERM) ends the wait.
 */
export async function lockProject(options: GlobalOptions, projectName: string, stop?: AbortSignal): Promise<ProjectLock> {
  if (options.dryRun) return NO_LOCK;
  return acquireProjectLock({
    projectName,
    timeoutSeconds: lockTimeoutSeconds(options.settings),
    ...(stop === undefined ? {} : { stop }),
    onWait: (holder) => process.stderr.write(`waiting for another berth on project "${projectName}" (${holderText(holder)})...\n`),
  });
}

/** Runs `body` holding the project's lock (none for a dry-run). */
export async function withProjectLock<T>(options: GlobalOptions, projectName: string, body: () => Promise<T>): Promise<T> {
  const lock = await lockProject(options, projectName);
  try {
    return await body();
  } finally {
    lock.release();
  }
}
