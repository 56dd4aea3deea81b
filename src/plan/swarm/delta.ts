/**
 * `docker service update` delta flags: from the spec berth stored on the service (its label) to the
 * file's, and from the observed replicas and image (what `docker service scale` / `update --image`
 * change) to the file's, as `docker stack deploy` resets them. A change the delta flags cannot
 * express (a create-only flag, a removed scalar, a changed --cap-add list) means a recreate.
 */
import { createHash } from 'node:crypto';
import { dockerCliReads } from '../../model/docker-cli-env.js';
import type { ArgPart } from '../../model/plan.js';
import { shellJoin } from '../shell-quote.js';
import { stableJson } from '../stable-json.js';
import { CREATE_ONLY, FIXED_LISTS, LIST_FLAGS, RESET_VALUES, SWITCHES } from './flag-shapes.js';
import type { SwarmServiceSpec } from './service-spec.js';

/** A spec as stored in its label: environment values replaced by hashes. */
export interface StoredSpec {
  readonly image: string;
  readonly args: readonly string[] | null;
  readonly env: Readonly<Record<string, string>>;
  readonly scalars: Readonly<Record<string, string>>;
  readonly lists: Readonly<Record<string, readonly string[]>>;
}

const valueHash = (name: string, value: string): string => createHash('sha256').update(`${name}=${value}`).digest('hex').slice(0, 16);

/** The label form of a spec (replicas left out: they are compared with the observed service). */
export function storedSpec(spec: SwarmServiceSpec): StoredSpec {
  const { '--replicas': _replicas, ...scalars } = spec.scalars;
  return { image: spec.image, args: spec.args ?? null, env: Object.fromEntries(Object.entries(spec.env).map(([name, value]) => [name, valueHash(name, value)])), scalars, lists: spec.lists };
}

export function specHash(stored: StoredSpec): string {
  return createHash('sha256').update(stableJson(stored)).digest('hex');
}

/** What the engine shows of a service that the file may have to reset. */
export interface ObservedDrift {
  readonly replicas: number | undefined;
  /** The task image, with the `@sha256:` digest Swarm resolved. */
  readonly image: string;
}

export const withoutDigest = (image: string): string => image.replace(/@sha256:[0-9a-f]+$/, '');

/** Whether the running image is the wanted one: by digest when the file's image carries one (a built image), else by name. */
const sameImage = (running: string, wanted: string): boolean => (wanted.includes('@') ? running === wanted : withoutDigest(running) === wanted);

export type Delta = { readonly recreate: string } | { readonly flags: ArgPart[]; readonly changed: string[] };

const LABEL_KEYED = new Set(['--label', '--container-label', '--sysctl', '--ulimit']);

function listDelta(flag: string, previous: readonly string[], next: readonly string[]): string[] {
  const shape = LIST_FLAGS[flag];
  if (shape === undefined) return [];
  const key = shape.key ?? ((entry: string) => entry);
  const nextKeys = new Set(next.map(key));
  const removed = [...new Set(previous.filter((entry) => !next.includes(entry)).map(key))]
    .filter((name) => !(LABEL_KEYED.has(flag) && nextKeys.has(name)));
  const added = next.filter((entry) => !previous.includes(entry));
  return [...removed.flatMap((name) => [shape.rm, name]), ...added.flatMap((entry) => [shape.add, entry])];
}

function envDelta(previous: Readonly<Record<string, string>>, next: Readonly<Record<string, string>>, warn: (message: string) => void): ArgPart[] {
  const flags: ArgPart[] = Object.keys(previous).filter((name) => next[name] === undefined).flatMap((name) => ['--env-rm', name]);
  for (const [name, value] of Object.entries(next)) {
    if (previous[name] === valueHash(name, value)) continue;
    if (dockerCliReads(name) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      warn(`warning: environment.${name} goes on docker's command line: docker service update takes no env file`);
      flags.push('--env-add', `${name}=${value}`);
    } else flags.push('--env-add', { env: name, value });
  }
  return flags;
}

function scalarDelta(previous: Readonly<Record<string, string>>, next: Readonly<Record<string, string>>): string[] | string {
  const flags: string[] = [];
  for (const [flag, value] of Object.entries(next)) {
    if (flag === '--replicas' || previous[flag] === value) continue;
    if (CREATE_ONLY.includes(flag)) return `${flag} changed`;
    flags.push(...(SWITCHES.includes(flag) ? [flag] : [flag, value]));
  }
  for (const flag of Object.keys(previous)) {
    if (next[flag] !== undefined) continue;
    const reset = RESET_VALUES[flag];
    if (reset !== undefined) flags.push(flag, reset);
    else if (SWITCHES.includes(flag)) flags.push(`${flag}=false`);
    else return `${flag} removed`;
  }
  return flags;
}

/** The update flags from `previous` (undefined: no label, so everything is given again) to `next`. */
export function serviceDelta(previous: StoredSpec, next: SwarmServiceSpec, drift: ObservedDrift, warn: (message: string) => void): Delta {
  const scalars = scalarDelta(previous.scalars, next.scalars);
  if (typeof scalars === 'string') return { recreate: scalars };
  for (const flag of FIXED_LISTS) {
    if (stableJson(previous.lists[flag] ?? []) !== stableJson(next.lists[flag] ?? [])) return { recreate: `${flag} changed` };
  }
  const flags: ArgPart[] = [];
  const changed: string[] = [];
  const note = (what: string, parts: readonly ArgPart[]): void => {
    if (parts.length === 0) return;
    changed.push(what);
    flags.push(...parts);
  };
  note('image', next.image !== previous.image || !sameImage(drift.image, next.image) ? ['--image', next.image] : []);
  note('command', stableJson(previous.args) !== stableJson(next.args ?? null) ? ['--args', shellJoin(next.args ?? [])] : []);
  note('environment', envDelta(previous.env, next.env, warn));
  note('settings', scalars);
  for (const flag of Object.keys(LIST_FLAGS)) note(flag.slice(2), listDelta(flag, previous.lists[flag] ?? [], next.lists[flag] ?? []));
  const replicas = next.scalars['--replicas'];
  note('replicas', replicas !== undefined && String(drift.replicas) !== replicas ? ['--replicas', replicas] : []);
  return { flags, changed };
}
