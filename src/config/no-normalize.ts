/**
 * `config --no-normalize`: the rendered model without what compose-go's Normalize adds to it — the
 * implicit `default` network (top level and per service), resource `name`s, `build.context: .` and
 * `build.dockerfile: Dockerfile`, implicit `depends_on` entries (links, volumes_from, `service:`
 * namespaces) and the values of bare build args (and, when env files are not resolved either, of bare
 * `environment` keys). `raw` is the merged tree as written, which says what the files declared.
 */
import { isMapping, type Mapping } from './canonical/guards.js';
import { hasKey } from './mapping.js';

const RESOURCE_SECTIONS = ['networks', 'volumes', 'secrets', 'configs'] as const;

export interface NoNormalizeOptions {
  /** Whether bare `environment` keys were resolved anyway (env resolution on, compose's default). */
  readonly environmentResolved: boolean;
}

/** A copy of `rendered` (renderModel's output) with the normalization compose would not have done removed. */
export function withoutNormalization(rendered: Readonly<Mapping>, raw: Readonly<Mapping>, options: NoNormalizeOptions): Mapping {
  const result: Mapping = { ...rendered };
  const rawServices = mappingAt(raw, 'services');
  if (isMapping(rendered['services'])) {
    result['services'] = Object.fromEntries(Object.entries(rendered['services']).map(([name, service]) => [
      name,
      isMapping(service) ? serviceWithoutNormalization(service, mappingAt(rawServices, name), options) : service,
    ]));
  }
  for (const section of RESOURCE_SECTIONS) {
    const resources = rendered[section];
    if (!isMapping(resources)) continue;
    const rawSection = mappingAt(raw, section);
    const kept = Object.entries(resources)
      .filter(([key]) => section !== 'networks' || key !== 'default' || hasKey(rawSection, 'default'))
      .map(([key, resource]) => [key, isMapping(resource) ? resourceWithoutName(resource, mappingAt(rawSection, key)) : resource] as const);
    if (kept.length === 0) delete result[section];
    else result[section] = Object.fromEntries(kept);
  }
  return result;
}

function serviceWithoutNormalization(service: Mapping, raw: Mapping, options: NoNormalizeOptions): Mapping {
  const result: Mapping = { ...service };
  if (!hasKey(raw, 'networks')) delete result['networks'];
  if (isMapping(service['depends_on'])) {
    const declared = declaredNames(raw['depends_on']);
    const kept = Object.entries(service['depends_on']).filter(([name]) => declared.has(name));
    if (kept.length === 0) delete result['depends_on'];
    else result['depends_on'] = Object.fromEntries(kept);
  }
  if (isMapping(service['build'])) result['build'] = buildWithoutDefaults(service['build'], raw['build']);
  if (!options.environmentResolved && isMapping(service['environment'])) {
    result['environment'] = withBareKeys(service['environment'], raw['environment']);
  }
  return result;
}

function buildWithoutDefaults(build: Mapping, raw: unknown): Mapping {
  const declared = isMapping(raw) ? raw : { context: raw };
  const result: Mapping = { ...build };
  if (!hasKey(declared, 'context')) delete result['context'];
  if (!hasKey(declared, 'dockerfile')) delete result['dockerfile'];
  const bare = bareKeys(declared['args']);
  if (bare.length > 0) {
    const args: Mapping = { ...(isMapping(build['args']) ? build['args'] : {}), ...Object.fromEntries(bare.map((key) => [key, null])) };
    result['args'] = Object.fromEntries(Object.keys(args).sort().map((key) => [key, args[key]]));
  }
  return result;
}

/** `environment` with the keys written bare (`- KEY`, `KEY:`) back to null. */
function withBareKeys(environment: Mapping, raw: unknown): Mapping {
  const bare = bareKeys(raw);
  return bare.length === 0 ? environment : { ...environment, ...Object.fromEntries(bare.map((key) => [key, null])) };
}

function resourceWithoutName(resource: Mapping, raw: Mapping): Mapping {
  const external = raw['external'];
  if (hasKey(raw, 'name') || (isMapping(external) && hasKey(external, 'name'))) return resource;
  const { name: _name, ...rest } = resource;
  return rest;
}

/** Keys of a list (`KEY` without `=`) or mapping (`KEY:` null) written without a value. */
function bareKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && !item.includes('='));
  if (isMapping(value)) return Object.keys(value).filter((key) => value[key] === null || value[key] === undefined);
  return [];
}

/** Service names a `depends_on` list or mapping declares. */
function declaredNames(value: unknown): Set<string> {
  if (Array.isArray(value)) return new Set(value.filter((item): item is string => typeof item === 'string'));
  return new Set(isMapping(value) ? Object.keys(value) : []);
}

function mappingAt(tree: Readonly<Mapping>, key: string): Mapping {
  const value = hasKey(tree, key) ? tree[key] : undefined;
  return isMapping(value) ? value : {};
}
