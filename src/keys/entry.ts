/**
 * One compose service key, declared once: its schema, the casts compose-go applies after
 * interpolation, its canonical form, and how it becomes `docker create` flags (and `docker service
 * create` flags, for a Swarm target). config/ derives the known keys, the schema and the casts from
 * these entries; plan/ derives the flag families. This layer imports nothing but model/ types.
 */
import type { ServiceConfig } from '../model/project.js';
import type { RuntimeKeys } from '../model/service-runtime.js';
import type { Schema } from './schema-blocks.js';

export type KeyPath = readonly (string | number)[];
export type Cast = 'int' | 'float' | 'bool';

/** The loader's narrowing helpers, handed to a custom canonical function (config/ implements them). */
export interface Readers {
  fail(keyPath: KeyPath, detail: string): never;
  isMapping(value: unknown): value is Record<string, unknown>;
  asMapping(value: unknown, keyPath: KeyPath): Record<string, unknown>;
  asString(value: unknown, keyPath: KeyPath): string;
  asStringList(value: unknown, keyPath: KeyPath): string[];
  asInteger(value: unknown, keyPath: KeyPath): number;
  asNumber(value: unknown, keyPath: KeyPath): number;
  asBoolean(value: unknown, keyPath: KeyPath): boolean;
  asStringMap(value: unknown, keyPath: KeyPath): Record<string, string>;
  /** `KEY=VALUE` list or mapping; bare keys and null values become null. */
  asKeyValueMap(value: unknown, keyPath: KeyPath): Record<string, string | null>;
  /** Sets a user-named key as an own property (`__proto__` included). */
  setKey<T>(mapping: Record<string, T>, key: string, value: T): void;
  /** A go-units size (`512m`, `1.5GB`) or a number of bytes. */
  asBytes(value: unknown, keyPath: KeyPath, options?: { unlimited?: number }): number;
  /** A Go duration in compose's printed form. */
  asDuration(value: unknown, keyPath: KeyPath): string;
}

/** Canonical forms the loader knows by name; a function for anything else. */
export type CanonicalKind = 'bool' | 'string' | 'list' | 'int' | 'number' | 'bytes' | 'map' | 'duration';
export type Canonical<T> = CanonicalKind | ((value: unknown, keyPath: KeyPath, read: Readers) => T);

/** What a flag renderer sees of the service and the project (plan/flags implements it). */
export interface FlagView {
  readonly service: ServiceConfig;
  readonly runtime: RuntimeKeys;
  /** The project directory (relative paths the docker CLI would read from its own directory). */
  readonly workingDir: string;
  /** `service:x` → `container:<x's first container>`; other modes unchanged. */
  resolveServiceMode(mode: string): string;
  /** The first container of a service (what links resolve to). */
  firstContainerOf(service: string): string;
  /** Whether the engine is new enough for the versioned key `name` (plan/flags/versioned-keys); if not, reports it. */
  needsApi(keyPath: string, name: string): boolean;
  /** Records `ignored: services.<name>.<keyPath>: <why>`. */
  ignore(keyPath: string, why: string): void;
}

/** The flags of one key's canonical value (undefined when the key is not set). */
export type FlagRenderer<T> = (value: T | undefined, view: FlagView) => string[];

export interface KeyEntry<T = unknown> {
  readonly key: string;
  readonly schema: Schema;
  /** Casts after interpolation, by path below the key ('' is the key itself, e.g. `{'': 'int'}`, `{'[].mode': 'int'}`). */
  readonly casts?: Readonly<Record<string, Cast>>;
  /** The canonical form; absent: kept as parsed, or normalized by config/canonical/service.ts (see `handledBy`). */
  readonly canonical?: Canonical<T>;
  /** Bytes only: the one negative value the key takes (-1 = unlimited). */
  readonly unlimited?: number;
  /** The least value of a numeric key the daemon takes. */
  readonly minimum?: number;
  /** `docker create`/`docker run` flags. */
  readonly docker?: FlagRenderer<T>;
  /** `docker service create` flags (a Swarm target); absent: no mapping yet. */
  readonly swarm?: FlagRenderer<T>;
  /** Why the key has no engine meaning; it is reported as ignored when set. */
  readonly ignored?: string;
  /** Where hand-written code reads the key (the planner, or a flag family of plan/flags). */
  readonly handledBy?: string;
}

/** Declares an entry with its value type (the renderers and canonical function agree on T). */
export function key<T>(entry: KeyEntry<T>): KeyEntry<T> {
  return entry;
}

/** `--flag value` when set. */
export function valueFlag<T extends string | number>(flag: string): FlagRenderer<T> {
  return (value) => (value === undefined ? [] : [flag, String(value)]);
}

/** `--flag` when true. */
export function switchFlag(flag: string): FlagRenderer<boolean> {
  return (value) => (value === true ? [flag] : []);
}

/** `--flag value` for every value of a list. */
export function repeatFlag(flag: string): FlagRenderer<string[]> {
  return (value) => (value ?? []).flatMap((item) => [flag, item]);
}

/** Entries of a record sorted by key (stable argv order). */
export function sortedEntries<T>(record: Readonly<Record<string, T>>): Array<[string, T]> {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `--flag key=value` for every entry of a mapping, sorted by key. */
export function pairsFlag(flag: string): FlagRenderer<Record<string, string>> {
  return (value) => sortedEntries(value ?? {}).flatMap(([name, item]) => [flag, `${name}=${item}`]);
}
