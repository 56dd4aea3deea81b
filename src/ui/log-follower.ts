import { createInterface } from 'node:readline';
import { spawnDockerStream } from '../engine/docker.js';
import { Label } from '../model/labels.js';
import { LogPrinter, streamOne, type LogOptions, type LogSource } from './log-printer.js';

export interface FollowOptions {
  readonly projectName: string;
  /** Only containers of these services (all when empty). */
  readonly services: readonly string[];
  readonly signal: AbortSignal;
}

interface StartEvent {
  readonly time?: number;
  readonly Actor?: { readonly Attributes?: Record<string, string> };
}

/**
 * Follows the logs of `sources` and of every container of the project that starts later (a restart,
 * a scale-up), as `docker compose logs -f` does; runs until the signal aborts.
 */
export async function followProjectLogs(sources: readonly LogSource[], logOptions: LogOptions, follow: FollowOptions): Promise<void> {
  const printer = new LogPrinter(sources, logOptions);
  const active = new Set<string>();
  const streams: Promise<void>[] = [];
  const start = (source: LogSource, since?: string): void => {
    if (active.has(source.container)) return;
    active.add(source.container);
    const options: LogOptions = { ...logOptions, follow: true, signal: follow.signal, ...(since === undefined ? {} : { since, tail: 'all' }) };
    streams.push(streamOne(source, options, printer).finally(() => active.delete(source.container)));
  };
  for (const source of sources) start(source);
  const events = spawnDockerStream(
    ['events', '--filter', `label=${Label.project}=${follow.projectName}`, '--filter', 'type=container', '--filter', 'event=start', '--format', '{{json .}}'],
    follow.signal,
  );
  if (events.stdout !== null) {
    for await (const line of createInterface({ input: events.stdout })) {
      const event = JSON.parse(line) as StartEvent;
      const attributes = event.Actor?.Attributes ?? {};
      const name = attributes['name'];
      const service = attributes[Label.service] ?? '';
      if (name === undefined || attributes[Label.oneoff] === 'True') continue;
      if (follow.services.length > 0 && !follow.services.includes(service)) continue;
      const display = name.startsWith(`${follow.projectName}-`) ? name.slice(follow.projectName.length + 1) : name;
      start({ container: name, display }, event.time === undefined ? undefined : String(event.time));
    }
  }
  await events.catch(() => undefined);
  await Promise.allSettled(streams);
}
