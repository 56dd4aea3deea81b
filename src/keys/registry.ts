/**
 * The key registry: every compose service key, each declared once in a family file. From it come the
 * known keys and the service schema (config/schema), the casts (config/cast-types), the canonical
 * forms (config/canonical/runtime-keys) and the `docker create` / `docker service create` flag
 * families (plan/flags). Adding a key: one entry in the family it belongs to, plus a golden case.
 */
import type { Schema } from './schema-blocks.js';
import type { Cast, FlagView, KeyEntry } from './entry.js';
import { DEPLOY_KEY } from './families/deploy.js';
import { LIMITS_DEVICES_KEYS } from './families/limits-devices.js';
import { MEMORY_CPU_KEYS } from './families/memory-cpu.js';
import { NAMING_KEYS } from './families/naming.js';
import { PLANNER_KEYS } from './families/planner.js';
import { PROCESS_KEYS } from './families/process.js';
import { SECURITY_KEYS } from './families/security.js';
import { WIRING_KEYS } from './families/wiring.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- entries of every value type
export type AnyKeyEntry = KeyEntry<any>;

/** The flag families the registry renders, each in argv order. */
export const FLAG_FAMILIES = {
  nameResolution: NAMING_KEYS as readonly AnyKeyEntry[],
  process: PROCESS_KEYS as readonly AnyKeyEntry[],
  security: SECURITY_KEYS as readonly AnyKeyEntry[],
  resources: [...MEMORY_CPU_KEYS, ...LIMITS_DEVICES_KEYS, DEPLOY_KEY] as readonly AnyKeyEntry[],
};

/** Every service key. */
export const SERVICE_KEY_ENTRIES: readonly AnyKeyEntry[] = [
  ...Object.values(FLAG_FAMILIES).flat(),
  ...PLANNER_KEYS,
  ...WIRING_KEYS,
];

const byName = (a: AnyKeyEntry, b: AnyKeyEntry): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
const sorted = [...SERVICE_KEY_ENTRIES].sort(byName);

/** The names of every service key the specification allows, sorted. */
export const SERVICE_KEY_NAMES: readonly string[] = sorted.map((entry) => entry.key);

/** Each service key's schema, in name order (the `properties` of the service schema). */
export function serviceKeySchemas(): Record<string, Schema> {
  return Object.fromEntries(sorted.map((entry) => [entry.key, entry.schema]));
}

/** The casts after interpolation, as paths below a service (`cpu_shares`, `depends_on.*.required`). */
export const SERVICE_KEY_CASTS: ReadonlyArray<readonly [string, Cast]> = SERVICE_KEY_ENTRIES.flatMap((entry) =>
  Object.entries(entry.casts ?? {}).map(([below, cast]) => [below === '' ? entry.key : `${entry.key}.${below}`, cast] as const));

/** Keys with no engine meaning, with the reason reported when a service sets one. */
const untranslatedReasons: ReadonlyMap<string, string> = new Map(SERVICE_KEY_ENTRIES.flatMap((entry) => (entry.ignored === undefined ? [] : [[entry.key, entry.ignored] as const])));

/**
 * The untranslated keys a service sets (to a defined value), sorted, with their reasons: found by
 * walking the service's few keys, not the registry's list, as the planner does this per container.
 */
export function untranslatedKeysOf(service: Readonly<Record<string, unknown>>): Array<readonly [string, string]> {
  const found: Array<readonly [string, string]> = [];
  for (const key of keysOf(service)) {
    const why = untranslatedReasons.get(key);
    if (why !== undefined && service[key] !== undefined) found.push([key, why]);
  }
  return found.length < 2 ? found : found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const serviceKeys = new WeakMap<object, ReadonlySet<string>>();

/**
 * The keys a (loaded, never changed) service sets. Testing a Set is how the planner asks "does the
 * service set key X" for every registry key: reading each of ~60 keys off the service object missed
 * for most of them, and V8 resolves such a miss in its runtime (~0.3 µs), a quarter of planning
 * 10,000 services.
 */
export function keysOf(service: object): ReadonlySet<string> {
  let keys = serviceKeys.get(service);
  if (keys === undefined) serviceKeys.set(service, (keys = new Set(Object.keys(service))));
  return keys;
}

/**
 * The flags of one registry family for one service, in declaration order. A key the service does not
 * set gives no flags unless the service has a `deploy` section (which some keys fall back to), so it is
 * skipped without calling its renderer (test/unit/key-registry.test.ts holds every renderer to that).
 */
export function familyFlags(family: readonly AnyKeyEntry[], view: FlagView): string[] {
  const flags: string[] = [];
  const service = view.service as Readonly<Record<string, unknown>>;
  const set = view.runtime.deploy === undefined ? keysOf(view.service) : undefined;
  for (const entry of family) {
    if (entry.docker === undefined || (set !== undefined && !set.has(entry.key))) continue;
    for (const flag of entry.docker(service[entry.key], view)) flags.push(flag);
  }
  return flags;
}

/** `docker service create` flags of a service, from every key that has a Swarm mapping. */
export function swarmFlags(view: FlagView): string[] {
  return SERVICE_KEY_ENTRIES.flatMap((entry) => entry.swarm?.(view.service[entry.key], view) ?? []);
}
