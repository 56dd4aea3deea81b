import { readEvents } from '../engine/events.js';
import type { Plan } from '../model/plan.js';
import type { GlobalOptions } from './global-options.js';
import { runPlan } from './run-plan.js';

/**
 * A hook that could not run because the one-off had already exited (a short command ends before the
 * start event is read): docker's `is not running` / `No such container` (--rm). Only a warning: the
 * command did what it was asked, and there is no container left for the hook to act on.
 */
function exitedFirst(error: unknown): boolean {
  return error instanceof Error && /is not running|No such container/.test(error.message);
}

function settle(running: Promise<void>): Promise<unknown> {
  return running.then(() => undefined, (error: unknown) => {
    if (!exitedFirst(error)) return error;
    process.stderr.write(`warning: post_start hook not run: the one-off container exited first (${(error as Error).message.split('\n')[0] ?? ''})\n`);
    return undefined;
  });
}

/** The one-off's post_start hooks, under way or done: `finished` resolves to their error, if any. */
export interface OneOffHooks {
  finished(): Promise<unknown>;
  /** Stops waiting for the start (the foreground command failed to run at all). */
  abandon(): void;
}

/**
 * Runs `hooks` (the one-off's post_start steps) once the container `name` has started, as compose
 * does on the start event while `docker start -a` holds the terminal: `docker events` from a second
 * before now, filtered to that container's start. When the foreground command ends first, the events
 * up to then are read once more, so a start that came just before is not missed; a container that
 * never started runs no hook.
 */
export function runOnStart(hooks: Plan, name: string, options: GlobalOptions): OneOffHooks {
  const since = String(Math.floor(Date.now() / 1000) - 1);
  const query = { filters: [['type', 'container'], ['container', name], ['event', 'start']] as const, since };
  const following = new AbortController();
  let running: Promise<unknown> | undefined;
  const run = (): void => {
    following.abort();
    running ??= settle(runPlan(hooks, options, { heading: '', interruptible: false }));
  };
  const follower = readEvents(query, run, following.signal);
  return {
    async finished() {
      if (running === undefined) {
        following.abort();
        await follower;
        if (running === undefined) await readEvents({ ...query, until: String(Math.ceil(Date.now() / 1000)) }, run);
      }
      return running;
    },
    abandon: () => following.abort(),
  };
}

/** The hooks of a detached one-off, whose `docker run -d` returns once it has started: run at once. */
export function runAfterStart(hooks: Plan, options: GlobalOptions): OneOffHooks {
  const running = settle(runPlan(hooks, options, { heading: '', interruptible: false }));
  return { finished: () => running, abandon: () => undefined };
}
