import { createInterface } from 'node:readline';
import { Label } from '../model/labels.js';
import { spawnDockerStream } from './docker.js';

/** One event as `docker events --format '{{json .}}'` prints it. */
export interface EngineEvent {
  readonly Type?: string;
  readonly Action?: string;
  readonly id?: string;
  /** Seconds since the epoch. */
  readonly time?: number;
  readonly timeNano?: number;
  readonly Actor?: { readonly ID?: string; readonly Attributes?: Record<string, string> };
}

/** Which events to read: `docker events --filter` pairs, and the time window (no `until`: follow). */
export interface EventQuery {
  readonly filters: ReadonlyArray<readonly [string, string]>;
  readonly since?: string;
  readonly until?: string;
}

/** The query for the containers of a project, optionally only some actions (`start`, `die`). */
export function projectContainerEvents(projectName: string, actions: readonly string[] = []): EventQuery {
  return { filters: [['label', `${Label.project}=${projectName}`], ['type', 'container'], ...actions.map((action) => ['event', action] as const)] };
}

/**
 * The one reader of `docker events`: calls `onEvent` for each event, in order, until the window ends
 * or the signal aborts (a line that is not JSON is passed over).
 */
export async function readEvents(query: EventQuery, onEvent: (event: EngineEvent) => void, signal?: AbortSignal): Promise<void> {
  const argv = ['events', ...query.filters.flatMap(([key, value]) => ['--filter', `${key}=${value}`])];
  if (query.since !== undefined) argv.push('--since', query.since);
  if (query.until !== undefined) argv.push('--until', query.until);
  const child = spawnDockerStream([...argv, '--format', '{{json .}}'], signal);
  if (child.stdout !== null) {
    try {
      for await (const line of createInterface({ input: child.stdout })) {
        const event = parseEvent(line);
        if (event !== undefined) onEvent(event);
      }
    } catch {
      // The stream ended with the signal.
    }
  }
  await child.catch(() => undefined);
}

function parseEvent(line: string): EngineEvent | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null ? (value as EngineEvent) : undefined;
  } catch {
    return undefined;
  }
}

/** A container of the project that started: a restart, a scale-up, a `docker start`. */
export interface ContainerStart {
  readonly name: string;
  readonly service: string;
  readonly oneoff: boolean;
  /** When, in seconds since the epoch, as `docker logs --since` takes it. */
  readonly time?: string;
}

/** Follows the starts of the project's containers until the signal aborts. */
export function followContainerStarts(projectName: string, onStart: (start: ContainerStart) => void, signal: AbortSignal): Promise<void> {
  return readEvents(projectContainerEvents(projectName, ['start']), (event) => {
    const attributes = event.Actor?.Attributes ?? {};
    const name = attributes['name'];
    if (name === undefined) return;
    onStart({ name, service: attributes[Label.service] ?? '', oneoff: attributes[Label.oneoff] === 'True', ...(event.time === undefined ? {} : { time: String(event.time) }) });
  }, signal);
}
