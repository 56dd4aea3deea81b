import { posix } from 'node:path';
import type { ServiceConfig } from '../../model/project.js';
import type { DeviceRequest, FileReference, RuntimeKeys } from '../../model/service-runtime.js';
import type { KeyPath } from '../yaml-source.js';
import { fail } from '../model-error.js';
import { asBoolean, asInteger, asKeyValueMap, asMapping, asNumber, asString, asStringList, asStringMap, isMapping, type Mapping } from './guards.js';
import { canonicalDeploy, canonicalDeviceRequests } from './runtime-deploy.js';
import { asBytes } from './units.js';
import { asGoDuration } from './value-rules.js';
import { setKey } from '../mapping.js';
import type { Canonical, CanonicalKind, Readers } from '../../keys/entry.js';
import { SERVICE_KEY_ENTRIES } from '../../keys/registry.js';

/** The loader's narrowing helpers, as the registry's canonical functions take them. */
const READERS: Readers = {
  fail, isMapping, asMapping, asString, asStringList, asInteger, asNumber, asBoolean, asStringMap, asKeyValueMap, asBytes, setKey,
  asDuration: (value, keyPath) => asGoDuration(asString(value, keyPath), keyPath),
};

const KINDS: Record<CanonicalKind, (value: unknown, keyPath: KeyPath, entry: CanonicalEntry) => unknown> = {
  bool: asBoolean, string: asString, list: asStringList, int: asInteger, number: asNumber, map: asStringMap,
  bytes: (value, keyPath, entry) => asBytes(value, keyPath, entry.unlimited === undefined ? {} : { unlimited: entry.unlimited }),
  duration: READERS.asDuration,
};

/** What canonicalKeys reads of a registry entry (service keys, build keys). */
interface CanonicalEntry {
  readonly key: string;
  readonly canonical?: Canonical<unknown>;
  readonly unlimited?: number;
  readonly minimum?: number;
}

/** The canonical form of every key of `entries` set in `raw` that declares one, checked against its minimum. */
export function canonicalKeys(raw: Mapping, keyPath: KeyPath, entries: readonly CanonicalEntry[]): Record<string, unknown> {
  const keys: Record<string, unknown> = {};
  for (const entry of entries) {
    const value = raw[entry.key];
    if (value === undefined || entry.canonical === undefined) continue;
    const at = [...keyPath, entry.key];
    const canonical = typeof entry.canonical === 'function' ? entry.canonical(value, at, READERS) : KINDS[entry.canonical](value, at, entry);
    if (entry.minimum !== undefined && typeof canonical === 'number' && canonical < entry.minimum) fail(at, `must be greater than or equal to ${entry.minimum}`);
    keys[entry.key] = canonical;
  }
  return keys;
}

/**
 * Canonical forms of the service keys that only the container runtime reads (resources, security,
 * devices, logging, ...): what `docker create` flags are made from. Keys not handled here pass
 * through unchanged.
 */
export function canonicalRuntimeKeys(raw: Mapping, keyPath: KeyPath): Partial<ServiceConfig> {
  const at = (key: string): KeyPath => [...keyPath, key];
  const keys = canonicalKeys(raw, keyPath, SERVICE_KEY_ENTRIES) as RuntimeKeys;
  if (raw['gpus'] !== undefined) keys.gpus = canonicalGpus(raw['gpus'], at('gpus'));
  if (raw['secrets'] !== undefined) keys.secrets = canonicalFileReferences(raw['secrets'], at('secrets'), (source) => `/run/secrets/${source}`, '/run/secrets/');
  if (raw['configs'] !== undefined) keys.configs = canonicalFileReferences(raw['configs'], at('configs'), (source) => `/${source}`, '/');
  if (raw['deploy'] !== undefined) keys.deploy = canonicalDeploy(raw['deploy'], at('deploy'));
  checkAgreement(keys, keyPath);
  return keys as Partial<ServiceConfig>;
}

/** compose-go's rule: a top-level limit and its deploy.resources twin must not disagree. */
function checkAgreement(keys: RuntimeKeys, keyPath: KeyPath): void {
  const limits = keys.deploy?.resources?.limits;
  const reservations = keys.deploy?.resources?.reservations;
  const pairs: Array<[string, unknown, string, unknown]> = [
    ['cpus', keys.cpus, 'deploy.resources.limits.cpus', limits?.cpus],
    ['mem_limit', keys.mem_limit, 'deploy.resources.limits.memory', limits?.memory],
    ['mem_reservation', keys.mem_reservation, 'deploy.resources.reservations.memory', reservations?.memory],
    ['pids_limit', keys.pids_limit, 'deploy.resources.limits.pids', limits?.pids],
  ];
  for (const [key, value, deployKey, deployValue] of pairs) {
    if (value !== undefined && deployValue !== undefined && value !== deployValue) {
      fail([...keyPath, key], `can't set distinct values on '${key}' and '${deployKey}'`);
    }
  }
}

function canonicalGpus(value: unknown, keyPath: KeyPath): DeviceRequest[] {
  if (value === 'all') return [{ count: 'all', capabilities: ['gpu'] }];
  return canonicalDeviceRequests(value, keyPath, ['gpu']);
}

/**
 * A file mode: a number is taken as the YAML value (`0o440`; note that a YAML 1.2 parser reads `0440`
 * as decimal 440, where compose's go-yaml reads octal), a string as octal text ("0440", "440").
 */
export function asFileMode(value: unknown, keyPath: KeyPath): number {
  const text = typeof value === 'string' ? value.trim().replace(/^0o/i, '') : '';
  const mode = typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : /^[0-7]+$/.test(text) ? parseInt(text, 8) : undefined;
  if (mode === undefined) fail(keyPath, `invalid file mode ${JSON.stringify(value)}: write it in octal, e.g. 0o440`);
  if (mode > 0o7777) fail(keyPath, `invalid file mode 0o${mode.toString(8)}: a file mode is at most 0o7777`);
  return mode;
}

/** A target path in the container: relative ones go under `base`; `..` and `//` are resolved. */
function fileTarget(text: string, base: string, keyPath: KeyPath): string {
  const target = posix.normalize(text.startsWith('/') ? text : `${base}${text}`);
  if (text === '' || target === '/' || target.endsWith('/')) fail(keyPath, `invalid target ${JSON.stringify(text)}: must name a file`);
  return target;
}

/** A uid or gid: compose keeps them as strings; the archive that writes the file needs a number. */
function asNumericId(value: unknown, keyPath: KeyPath): string {
  const text = asString(value, keyPath);
  if (!/^\d+$/.test(text) || Number(text) > 4294967294) fail(keyPath, `invalid id ${JSON.stringify(text)}: must be a number from 0 to 4294967294`);
  return String(Number(text));
}

/** Service `secrets`/`configs`: a name, or `{source, target, uid, gid, mode}`; relative targets go under `base`. */
function canonicalFileReferences(value: unknown, keyPath: KeyPath, defaultTarget: (source: string) => string, base: string): FileReference[] {
  if (!Array.isArray(value)) fail(keyPath, 'must be a list');
  return value.map((item, index) => {
    const itemPath = [...keyPath, index];
    if (!isMapping(item)) {
      const source = asString(item, itemPath);
      return { source, target: defaultTarget(source) };
    }
    const source = asString(item['source'], [...itemPath, 'source']);
    const targetText = item['target'] === undefined ? undefined : asString(item['target'], [...itemPath, 'target']);
    const reference: FileReference = {
      source,
      target: targetText === undefined ? defaultTarget(source) : fileTarget(targetText, base, [...itemPath, 'target']),
    };
    if (item['uid'] !== undefined) reference.uid = asNumericId(item['uid'], [...itemPath, 'uid']);
    if (item['gid'] !== undefined) reference.gid = asNumericId(item['gid'], [...itemPath, 'gid']);
    if (item['mode'] !== undefined) reference.mode = asFileMode(item['mode'], [...itemPath, 'mode']);
    return reference;
  });
}
