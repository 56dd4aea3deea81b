import { containerState, lastExitCode } from '../engine/container-exit.js';
import { followContainerStarts } from '../engine/events.js';
import { LogPrinter, type LogSource } from '../ui/log-printer.js';
import { printContainerLog } from './container-logs.js';

export interface AttachOptions {
  readonly projectName: string;
  readonly colour: boolean;
  readonly prefix: boolean;
  /** --timestamps: each line starts with the time docker recorded it. */
  readonly timestamps?: boolean;
  /** --abort-on-container-exit / --abort-on-container-failure: stop everything on the first (failed) exit. */
  readonly abortOn?: 'exit' | 'failure';
  /** --exit-code-from: the exit code is that service's container's. */
  readonly exitCodeFrom?: string;
  /** Gracefully stops the project (first Ctrl-C, or an abort). */
  readonly stopAll: () => Promise<void>;
  /** Kills the project (second Ctrl-C). */
  readonly killAll: () => Promise<void>;
}

/** An attached container: its log source and service. */
export interface AttachedContainer extends LogSource {
  readonly service: string;
}

/**
 * Attached `up`: prints `Attaching to ...`, multiplexes the containers' logs, follows containers that
 * their restart policy restarts (docker events), prints `name exited with code N`, and returns once
 * every attached container has stopped. The first Ctrl-C stops the project gracefully, the second
 * kills it (exit 130); the abort flags stop it on the first exit. Resolves to the exit code.
 */
export async function attachAndWait(containers: readonly AttachedContainer[], options: AttachOptions): Promise<number> {
  const printer = new LogPrinter(containers, options);
  const attachedAt = new Date().toISOString();
  process.stdout.write(`Attaching to ${containers.map((source) => source.display).join(', ')}\n`);
  const controller = new AbortController();
  // Followed from the start: a container its restart policy restarts while attaching is not missed.
  const events = followContainerStarts(options.projectName, (started) => {
    const container = byName.get(started.name);
    if (container !== undefined && stopping === undefined) follow(container, started.time);
  }, controller.signal);
  let interrupts = 0;
  let aborted: { code: number } | undefined;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= options.stopAll());
  const onSignal = (): void => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('Gracefully Stopping... press Ctrl+C again to force\n');
      void stop();
    } else {
      void options.killAll();
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const byName = new Map(containers.map((container) => [container.container, container]));
  const streaming = new Set<string>();
  const finished = new Set<string>();
  let allDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    allDone = resolve;
  });
  const checkDone = (): void => {
    if (containers.every((container) => finished.has(container.container))) allDone();
  };
  const follow = (container: AttachedContainer, since?: string): void => {
    if (streaming.has(container.container)) return;
    streaming.add(container.container);
    finished.delete(container.container);
    const query = { follow: true, timestamps: options.timestamps === true, ...(since === undefined ? {} : { since }) };
    void printContainerLog(container, query, printer).then(async () => {
      streaming.delete(container.container);
      const state = await containerState(container.container);
      if (state === undefined) {
        finished.add(container.container);
      } else if (state.status === 'running') {
        // Its log stream ended because it exited, and its restart policy started it again before the
        // inspect above: say so as docker compose does, with the exit code docker's events recorded.
        const exitCode = await lastExitCode(container.container, since ?? attachedAt, state.exitCode);
        printer.status(container.display, `exited with code ${exitCode} (restarting)`);
        follow(container, state.startedAt);
        return;
      } else {
        const restarting = state.status === 'restarting';
        printer.status(container.display, `exited with code ${state.exitCode}${restarting ? ' (restarting)' : ''}`);
        if (restarting) return;
        finished.add(container.container);
        const abort = options.abortOn === 'exit' || (options.abortOn === 'failure' && state.exitCode !== 0);
        if (abort && aborted === undefined && interrupts === 0) {
          aborted = { code: state.exitCode };
          process.stdout.write('Aborting on container exit...\n');
          void stop();
        }
      }
      checkDone();
    });
  };
  for (const container of containers) follow(container);
  checkDone();
  try {
    await done;
    await stopping;
  } finally {
    controller.abort();
    await events.catch(() => undefined);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (interrupts > 0) return 130;
  if (options.exitCodeFrom !== undefined) {
    const from = containers.find((container) => container.service === options.exitCodeFrom);
    return from === undefined ? 0 : (await containerState(from.container))?.exitCode ?? 0;
  }
  return aborted?.code ?? 0;
}
