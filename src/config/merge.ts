/**
 * Merging several compose files (`-f a -f b`, overrides, extends) with the Compose spec's rules
 * (compose-go override/merge.go): mappings merge, sequences append, scalars are replaced, with the
 * per-key exceptions below. Works on raw, interpolated trees.
 */
import { isMapping, type Mapping } from './canonical/guards.js';
import { parseShortVolume } from './canonical/volumes.js';
import { copyMapping, hasKey, setKey } from './mapping.js';
import type { KeyPath } from './yaml-source.js';

type Merger = (base: unknown, override: unknown) => unknown;

const replace: Merger = (_base, override) => override;

/** Keys whose list or mapping forms merge by key into a mapping (last wins). */
const KEY_VALUE_KEYS = ['environment', 'labels', 'annotations', 'sysctls'];
/** Keys whose items are appended and de-duplicated by value. */
const UNIQUE_VALUE_KEYS = ['dns', 'dns_opt', 'dns_search', 'tmpfs', 'extra_hosts', 'expose', 'cap_add', 'cap_drop', 'links', 'profiles', 'external_links', 'group_add', 'security_opt'];

const SERVICE_MERGERS: Record<string, Merger> = {
  command: replace,
  entrypoint: replace,
  image: replace,
  ports: uniqueBy(portKey),
  volumes: uniqueBy(mountTargetKey),
  devices: uniqueBy((item) => (typeof item === 'string' ? item.split(':')[1] ?? item : JSON.stringify(item))),
  secrets: uniqueBy((item) => fileObjectKey(item, '/run/secrets/')),
  configs: uniqueBy((item) => fileObjectKey(item, '/')),
  env_file: uniqueBy((item) => (isMapping(item) ? String(item['path']) : String(item))),
  depends_on: (base, override) => deepMerge(listToMapping(base), listToMapping(override)),
  networks: (base, override) => deepMerge(listToMapping(base), listToMapping(override)),
  build: (base, override) => mergeBuild(base, override),
  healthcheck: (base, override) => replaceKeys(deepMerge(base, override), override, ['test']),
  deploy: (base, override) => mergeKeyValueKeys(deepMerge(base, override), base, override, ['labels']),
  logging: mergeLogging,
  ulimits: (base, override) => (isMapping(base) && isMapping(override) ? { ...base, ...override } : override),
};
for (const key of KEY_VALUE_KEYS) SERVICE_MERGERS[key] = mergeKeyValue;
for (const key of UNIQUE_VALUE_KEYS) SERVICE_MERGERS[key] = uniqueBy((item) => JSON.stringify(item));

/** Merges `override` over `base` at the top level of a compose file. */
export function mergeComposeTrees(base: Mapping, override: Mapping): Mapping {
  const result: Mapping = copyMapping(base);
  for (const [key, value] of Object.entries(override)) {
    if (key === 'services' && isMapping(result[key]) && isMapping(value)) {
      const services: Mapping = copyMapping(result[key] as Mapping);
      for (const [serviceName, service] of Object.entries(value)) {
        setKey(services, serviceName, hasKey(services, serviceName) ? mergeService(services[serviceName], service) : service);
      }
      result[key] = services;
    } else if ((key === 'networks' || key === 'volumes') && isMapping(result[key]) && isMapping(value)) {
      result[key] = mergeResources(result[key] as Mapping, value);
    } else {
      setKey(result, key, hasKey(result, key) ? deepMerge(result[key], value) : value);
    }
  }
  return result;
}

/** Merges one service definition over another. */
export function mergeService(base: unknown, override: unknown): unknown {
  if (!isMapping(base) || !isMapping(override)) return override ?? base;
  const result: Mapping = copyMapping(base);
  for (const [key, value] of Object.entries(override)) {
    if (!hasKey(result, key)) {
      setKey(result, key, value);
      continue;
    }
    const merger = (hasKey(SERVICE_MERGERS, key) ? SERVICE_MERGERS[key] : undefined) ?? deepMerge;
    setKey(result, key, merger(result[key], value));
  }
  return result;
}

/** Default rule: mappings merge recursively, sequences append, anything else is replaced. */
export function deepMerge(base: unknown, override: unknown): unknown {
  if (isMapping(base) && isMapping(override)) {
    const result: Mapping = copyMapping(base);
    for (const [key, value] of Object.entries(override)) setKey(result, key, hasKey(result, key) ? deepMerge(result[key], value) : value);
    return result;
  }
  if (Array.isArray(base) && Array.isArray(override)) return [...base, ...override];
  return override;
}

/** Applies `!reset` (remove) and `!override` (replace whole) markers of the override file. */
export function applyResetsAndOverrides(merged: Mapping, override: Mapping, resets: readonly KeyPath[], overrides: readonly KeyPath[]): Mapping {
  for (const keyPath of overrides) setAt(merged, keyPath, getAt(override, keyPath));
  for (const keyPath of resets) deleteAt(merged, keyPath);
  return merged;
}

function getAt(tree: unknown, keyPath: KeyPath): unknown {
  let node = tree;
  for (const segment of keyPath) node = (isMapping(node) || Array.isArray(node)) && hasKey(node, String(segment)) ? (node as Record<string | number, unknown>)[segment] : undefined;
  return node;
}

function setAt(tree: Mapping, keyPath: KeyPath, value: unknown): void {
  const parent = getAt(tree, keyPath.slice(0, -1));
  const last = keyPath[keyPath.length - 1];
  if (last !== undefined && (isMapping(parent) || Array.isArray(parent))) setKey(parent as Record<string, unknown>, String(last), value);
}

function deleteAt(tree: Mapping, keyPath: KeyPath): void {
  const parent = getAt(tree, keyPath.slice(0, -1));
  const last = keyPath[keyPath.length - 1];
  if (isMapping(parent) && typeof last === 'string' && hasKey(parent, last)) delete parent[last];
}

function uniqueBy(keyOf: (item: unknown) => string): Merger {
  return (base, override) => {
    if (!Array.isArray(base) || !Array.isArray(override)) return override;
    const result = [...base];
    // The first item of each key: one pass, not a search per item (lists can be long).
    const indexOf = new Map<string, number>();
    result.forEach((item, index) => {
      const key = keyOf(item);
      if (!indexOf.has(key)) indexOf.set(key, index);
    });
    for (const item of override) {
      const key = keyOf(item);
      const existing = indexOf.get(key);
      if (existing !== undefined) {
        result[existing] = item;
      } else {
        indexOf.set(key, result.length);
        result.push(item);
      }
    }
    return result;
  };
}

function portKey(item: unknown): string {
  if (!isMapping(item)) return String(item);
  return `${String(item['host_ip'] ?? '')}:${String(item['published'] ?? '')}:${String(item['target'])}/${String(item['protocol'] ?? 'tcp')}`;
}

function mountTargetKey(item: unknown): string {
  if (isMapping(item)) return String(item['target']);
  try {
    return parseShortVolume(String(item), []).target;
  } catch {
    return String(item);
  }
}

function fileObjectKey(item: unknown, prefix: string): string {
  if (!isMapping(item)) return `${prefix}${String(item)}`;
  return item['target'] === undefined ? `${prefix}${String(item['source'])}` : String(item['target']);
}

function keyValueEntries(value: unknown): Map<string, unknown> {
  const entries = new Map<string, unknown>();
  if (Array.isArray(value)) {
    for (const item of value) {
      const text = String(item);
      const at = text.indexOf('=');
      if (at < 0) entries.set(text, null);
      else entries.set(text.slice(0, at), text.slice(at + 1));
    }
  } else if (isMapping(value)) {
    for (const [key, item] of Object.entries(value)) entries.set(key, item);
  }
  return entries;
}

function mergeKeyValue(base: unknown, override: unknown): unknown {
  const merged = keyValueEntries(base);
  for (const [key, value] of keyValueEntries(override)) merged.set(key, value);
  return Object.fromEntries(merged);
}

function listToMapping(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return Object.fromEntries(value.map((item) => [String(item), null]));
}

function mergeBuild(base: unknown, override: unknown): unknown {
  const asObject = (value: unknown): unknown => (typeof value === 'string' ? { context: value } : value);
  const result = deepMerge(asObject(base), asObject(override));
  if (isMapping(result) && isMapping(base) && isMapping(override)) {
    mergeKeyValueKeys(result, base, override, ['args', 'labels', 'additional_contexts']);
    if (Array.isArray(base['tags']) && Array.isArray(override['tags'])) result['tags'] = uniqueBy((item) => String(item))(base['tags'], override['tags']);
  }
  return result;
}

/** In `merged`, the keys of `keys` take the override's value whole (no append or recursive merge). */
function replaceKeys(merged: unknown, override: unknown, keys: readonly string[]): unknown {
  if (isMapping(merged) && isMapping(override)) for (const key of keys) if (hasKey(override, key)) merged[key] = override[key];
  return merged;
}

/** In `merged`, the keys of `keys` (labels, args...) merge by variable name, whatever form each side uses. */
function mergeKeyValueKeys(merged: unknown, base: unknown, override: unknown, keys: readonly string[]): unknown {
  if (!isMapping(merged) || !isMapping(base) || !isMapping(override)) return merged;
  for (const key of keys) if (base[key] !== undefined && override[key] !== undefined) merged[key] = mergeKeyValue(base[key], override[key]);
  return merged;
}

/** Top-level networks and volumes: merged per entry; labels by key, `ipam.config` per subnet. */
function mergeResources(base: Mapping, override: Mapping): Mapping {
  const result: Mapping = copyMapping(base);
  for (const [name, value] of Object.entries(override)) {
    const previous = result[name];
    if (!isMapping(previous) || !isMapping(value)) {
      setKey(result, name, hasKey(result, name) ? deepMerge(previous, value) : value);
      continue;
    }
    const merged = mergeKeyValueKeys(deepMerge(previous, value), previous, value, ['labels']) as Mapping;
    const baseIpam = previous['ipam'];
    const overrideIpam = value['ipam'];
    if (isMapping(baseIpam) && isMapping(overrideIpam) && Array.isArray(baseIpam['config']) && Array.isArray(overrideIpam['config'])) {
      merged['ipam'] = { ...(merged['ipam'] as Mapping), config: uniqueBy((item) => (isMapping(item) ? String(item['subnet']) : String(item)))(baseIpam['config'], overrideIpam['config']) };
    }
    setKey<unknown>(result, name, merged);
  }
  return result;
}

function mergeLogging(base: unknown, override: unknown): unknown {
  if (!isMapping(base) || !isMapping(override)) return override;
  const sameDriver = base['driver'] === undefined || override['driver'] === undefined || base['driver'] === override['driver'];
  return sameDriver ? deepMerge(base, override) : override;
}
