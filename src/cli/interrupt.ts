/** How long docker commands already running may go on after Ctrl-C or SIGTERM before they are killed. */
export const INTERRUPT_GRACE_MS = 10_000;

export interface InterruptGuard {
  /** Aborted at the first SIGINT or SIGTERM: start nothing new. */
  readonly stop: AbortSignal;
  /** Aborted when the grace period ends, or at a second signal: end the docker commands still running. */
  readonly kill: AbortSignal;
  /** Removes the signal handlers. */
  dispose(): void;
}

/**
 * Takes over SIGINT and SIGTERM while a plan runs (instead of Node's immediate exit): the first one
 * stops launching steps and lets running docker commands finish for up to `graceMs`; a second one,
 * or the end of the grace period, kills them.
 */
export function guardInterrupts(graceMs = INTERRUPT_GRACE_MS): InterruptGuard {
  // A command that guards itself from its start (up, down) shares its guard with the plan it runs.
  if (active !== undefined) return { stop: active.stop, kill: active.kill, dispose: () => undefined };
  const guard = installGuard(graceMs);
  active = guard;
  return {
    ...guard,
    dispose: () => {
      guard.dispose();
      active = undefined;
    },
  };
}

let active: InterruptGuard | undefined;

function installGuard(graceMs: number): InterruptGuard {
  const stop = new AbortController();
  const kill = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop.signal.aborted) {
      kill.abort();
      return;
    }
    process.stderr.write(`berth: ${signal === 'SIGINT' ? 'interrupted' : 'terminated'}: starting nothing new, waiting for the docker commands already running (${Math.round(graceMs / 1000)} s at most; again to stop them now)\n`);
    stop.abort();
    timer = setTimeout(() => kill.abort(), graceMs);
    timer.unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    stop: stop.signal,
    kill: kill.signal,
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
