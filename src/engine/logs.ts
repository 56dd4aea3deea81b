import type { Readable } from 'node:stream';
import { spawnDockerStream } from './docker.js';

/** Which part of a container's log to read (`docker logs` flags). */
export interface LogQuery {
  readonly follow?: boolean;
  /** Lines from the end, or `all`. */
  readonly tail?: string;
  readonly timestamps?: boolean;
  readonly since?: string;
  readonly until?: string;
}

/** Receives a container's log as whole lines, in the order docker wrote them on each stream. */
export type LogSink = (stream: 'stdout' | 'stderr', lines: readonly string[]) => void;

export function logsArgv(container: string, query: LogQuery): string[] {
  const argv = ['logs'];
  if (query.follow === true) argv.push('-f');
  if (query.tail !== undefined && query.tail !== 'all') argv.push('--tail', query.tail);
  if (query.timestamps === true) argv.push('-t');
  if (query.since !== undefined) argv.push('--since', query.since);
  if (query.until !== undefined) argv.push('--until', query.until);
  argv.push(container);
  return argv;
}

/** Splits a stream into whole lines for `sink` (a last line without newline is given at the end). */
function lines(stream: Readable | null, name: 'stdout' | 'stderr', sink: LogSink): Promise<void> {
  if (stream === null) return Promise.resolve();
  let pending = '';
  return new Promise((resolve) => {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const whole = (pending + chunk).split('\n');
      pending = whole.pop() ?? '';
      if (whole.length > 0) sink(name, whole);
    });
    stream.on('end', () => {
      if (pending !== '') sink(name, [pending]);
      resolve();
    });
    stream.on('error', () => resolve());
  });
}

/**
 * Reads one container's log (`docker logs`, `-f` to follow it) into `sink`; resolves when the log
 * ends (the container stopped, or it was read to the end) or the signal aborts.
 */
export async function readContainerLog(container: string, query: LogQuery, sink: LogSink, signal?: AbortSignal): Promise<void> {
  const child = spawnDockerStream(logsArgv(container, query), signal);
  await Promise.all([lines(child.stdout, 'stdout', sink), lines(child.stderr, 'stderr', sink), child.catch(() => undefined)]);
}
