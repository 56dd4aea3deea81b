/**
 * The `build:` sub-keys berth turns into builder flags, each declared once: its canonical form and
 * either the flags every `docker build` takes (the classic builder and buildx alike) or, for keys
 * only BuildKit knows, the flags of `docker buildx build`. A project using one of the latter is
 * built with buildx; where the docker CLI has none, the build is refused naming the key (a build
 * without its secret or its extra context would not be the image the file describes).
 * context, dockerfile, dockerfile_inline, args, labels, target and tags are read by
 * config/canonical/service.ts (canonicalBuild) and plan/container-args.ts (buildArgs).
 */
import type { FileObjectConfig } from '../model/project.js';
import type { UlimitConfig } from '../model/service-runtime.js';
import { canonicalUlimits } from './canonical/ulimits.js';
import { sortedEntries, type Canonical, type KeyPath, type Readers } from './entry.js';
import { canonicalExtraHosts } from './families/naming.js';
import { ulimitArgs } from './families/limits-devices.js';

/** A build secret: a top-level secret's name and the id the Dockerfile mounts it by. */
export interface BuildSecret {
  readonly source: string;
  readonly target: string;
}

/** What a BuildKit renderer reads beyond the key's value: the project's top-level secrets. */
export interface BuildView {
  readonly secrets: Readonly<Record<string, FileObjectConfig>>;
}

export interface BuildKeyEntry<T = unknown> {
  readonly key: string;
  readonly canonical: Canonical<T>;
  /** Flags of `docker build` (and of `docker buildx build`). */
  readonly flags?: (value: T) => string[];
  /** Flags only `docker buildx build` takes; the key makes the build use buildx. */
  readonly buildKit?: (value: T, view: BuildView) => string[];
  /** When the key needs BuildKit for some values only (platforms: more than one). */
  readonly needsBuildKit?: (value: T) => boolean;
}

function buildKey<T>(entry: BuildKeyEntry<T>): BuildKeyEntry<T> {
  return entry;
}

const repeated = (flag: string) => (values: readonly string[]) => values.flatMap((value) => [flag, value]);
const single = (flag: string) => (value: string) => [flag, value];
const when = (flag: string) => (value: boolean) => (value ? [flag] : []);

/** provenance/sbom: `true`/`false` or a buildx attestation spec. */
function attestation(flag: string): (value: string | boolean) => string[] {
  return (value) => [`${flag}=${String(value)}`];
}

function canonicalBuildSecrets(value: unknown, keyPath: KeyPath, read: Readers): BuildSecret[] {
  if (!Array.isArray(value)) read.fail(keyPath, 'must be a list');
  return value.map((item, index) => {
    if (!read.isMapping(item)) {
      const source = read.asString(item, [...keyPath, index]);
      return { source, target: source };
    }
    const source = read.asString(item['source'], [...keyPath, index, 'source']);
    return { source, target: item['target'] === undefined ? source : read.asString(item['target'], [...keyPath, index, 'target']) };
  });
}

/** `--secret id=<target>,src=<file>` or `env=<variable>` (buildx reads the value from its own environment, never argv). */
function secretFlags(secrets: readonly BuildSecret[], view: BuildView): string[] {
  return secrets.flatMap(({ source, target }) => {
    const secret = view.secrets[source];
    const from = secret?.environment !== undefined ? `env=${secret.environment}` : `src=${secret?.file ?? source}`;
    return ['--secret', `id=${target},${from}`];
  });
}

/** `ssh: [default, key=path]` or `{key: path}`: entries as buildx takes them. */
function canonicalSsh(value: unknown, keyPath: KeyPath, read: Readers): string[] {
  if (read.isMapping(value)) return Object.entries(value).map(([name, path]) => (path === null || path === undefined ? name : `${name}=${read.asString(path, [...keyPath, name])}`));
  return read.asStringList(value, keyPath);
}

const stringOrBoolean = (value: unknown, keyPath: KeyPath, read: Readers): string | boolean => (typeof value === 'boolean' ? value : read.asString(value, keyPath));
const stringOrList = (value: unknown, keyPath: KeyPath, read: Readers): string[] => (typeof value === 'string' ? [value] : read.asStringList(value, keyPath));

/** An entry of any value type (its canonical function and renderers agree on it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyBuildKeyEntry = BuildKeyEntry<any>;

export const BUILD_KEY_ENTRIES: readonly AnyBuildKeyEntry[] = [
  buildKey<string[]>({ key: 'cache_from', canonical: 'list', flags: repeated('--cache-from') }),
  buildKey<string>({ key: 'network', canonical: 'string', flags: single('--network') }),
  buildKey<string[]>({ key: 'extra_hosts', canonical: canonicalExtraHosts, flags: (hosts) => hosts.flatMap((entry) => ['--add-host', entry.replace('=', ':')]) }),
  buildKey<number>({ key: 'shm_size', canonical: 'bytes', flags: (bytes) => ['--shm-size', String(bytes)] }),
  buildKey<Record<string, UlimitConfig>>({ key: 'ulimits', canonical: canonicalUlimits, flags: ulimitArgs }),
  buildKey<string>({ key: 'isolation', canonical: 'string', flags: single('--isolation') }),
  buildKey<boolean>({ key: 'no_cache', canonical: 'bool', flags: when('--no-cache') }),
  buildKey<boolean>({ key: 'pull', canonical: 'bool', flags: when('--pull') }),
  buildKey<string[]>({ key: 'platforms', canonical: 'list', flags: (platforms) => (platforms.length === 1 ? ['--platform', platforms[0] as string] : []), buildKit: (platforms) => (platforms.length > 1 ? ['--platform', platforms.join(',')] : []), needsBuildKit: (platforms) => platforms.length > 1 }),
  buildKey<BuildSecret[]>({ key: 'secrets', canonical: canonicalBuildSecrets, buildKit: secretFlags }),
  buildKey<string[]>({ key: 'ssh', canonical: canonicalSsh, buildKit: repeated('--ssh') }),
  buildKey<Record<string, string>>({ key: 'additional_contexts', canonical: 'map', buildKit: (contexts) => sortedEntries(contexts).flatMap(([name, where]) => ['--build-context', `${name}=${where}`]) }),
  buildKey<string[]>({ key: 'cache_to', canonical: 'list', buildKit: repeated('--cache-to') }),
  buildKey<string[]>({ key: 'entitlements', canonical: 'list', buildKit: repeated('--allow') }),
  buildKey<boolean>({ key: 'privileged', canonical: 'bool', buildKit: (privileged) => (privileged ? ['--allow', 'security.insecure'] : []), needsBuildKit: (privileged) => privileged }),
  buildKey<string | boolean>({ key: 'provenance', canonical: stringOrBoolean, buildKit: attestation('--provenance'), needsBuildKit: (value) => value !== false }),
  buildKey<string | boolean>({ key: 'sbom', canonical: stringOrBoolean, buildKit: attestation('--sbom'), needsBuildKit: (value) => value !== false }),
  buildKey<string[]>({ key: 'no_cache_filter', canonical: stringOrList, buildKit: repeated('--no-cache-filter') }),
];

/** The BuildKit-only keys a build sets (in registry order): non-empty means `docker buildx build`. */
export function buildKitKeys(build: Readonly<Record<string, unknown>>): string[] {
  return BUILD_KEY_ENTRIES.filter((entry) => {
    const value = build[entry.key];
    if (value === undefined || entry.buildKit === undefined) return false;
    return entry.needsBuildKit === undefined || entry.needsBuildKit(value);
  }).map((entry) => entry.key);
}

/** The builder flags of a canonical build: every key's flags, and BuildKit's when `buildKit` (in registry order). */
export function buildKeyFlags(build: Readonly<Record<string, unknown>>, view: BuildView, buildKit: boolean): string[] {
  return BUILD_KEY_ENTRIES.flatMap((entry) => {
    const value = build[entry.key];
    if (value === undefined) return [];
    return [...(entry.flags?.(value) ?? []), ...(buildKit ? entry.buildKit?.(value, view) ?? [] : [])];
  });
}
