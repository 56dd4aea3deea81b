import { followContainerStarts } from '../engine/events.js';
import { readContainerLog, type LogQuery } from '../engine/logs.js';
import type { Project } from '../model/project.js';
import { LogPrinter, type LogSource } from '../ui/log-printer.js';
import { displayName } from './containers.js';

/** Prints one container's log (engine/logs.ts reads it) through the printer; resolves when it ends. */
export function printContainerLog(source: LogSource, query: LogQuery, printer: LogPrinter, signal?: AbortSignal): Promise<void> {
  return readContainerLog(source.container, query, (stream, lines) => printer.lines(source.display, stream, lines), signal);
}

export interface FollowOptions {
  readonly project: Pick<Project, 'name' | 'nameSeparator'>;
  /** Only containers of these services (all when empty). */
  readonly services: readonly string[];
  readonly signal: AbortSignal;
}

/**
 * Follows the logs of `sources` and of every container of the project that starts later (a restart,
 * a scale-up), as `docker compose logs -f` does; runs until the signal aborts.
 */
export async function followProjectLogs(sources: readonly LogSource[], query: LogQuery, printer: LogPrinter, follow: FollowOptions): Promise<void> {
  const active = new Set<string>();
  const streams: Promise<void>[] = [];
  const start = (source: LogSource, since?: string): void => {
    if (active.has(source.container)) return;
    active.add(source.container);
    const from: LogQuery = { ...query, follow: true, ...(since === undefined ? {} : { since, tail: 'all' }) };
    streams.push(printContainerLog(source, from, printer, follow.signal).finally(() => active.delete(source.container)));
  };
  for (const source of sources) start(source);
  await followContainerStarts(follow.project.name, (started) => {
    if (started.oneoff || (follow.services.length > 0 && !follow.services.includes(started.service))) return;
    start({ container: started.name, display: displayName(follow.project, started.name) }, started.time);
  }, follow.signal);
  await Promise.allSettled(streams);
}
