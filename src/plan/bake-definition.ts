/**
 * `build --print`: the build definitions compose hands to `docker buildx bake`, in bake's JSON shape
 * (`group.default.targets`, `target.<service>`), made from the same model berth builds from. berth
 * runs no bake: this is what its builds take, printed as compose prints them.
 */
import { posix } from 'node:path';
import type { BuildSecret } from '../keys/build-keys.js';
import type { UlimitConfig } from '../model/service-runtime.js';
import type { Project, ServiceConfig } from '../model/project.js';
import { serviceImage } from './names.js';

export interface BakeTarget {
  context: string;
  contexts?: Record<string, string>;
  dockerfile?: string;
  'dockerfile-inline'?: string;
  args?: Record<string, string>;
  labels?: Record<string, string>;
  tags: string[];
  'cache-from'?: string[];
  'cache-to'?: string[];
  target?: string;
  secret?: string[];
  ssh?: string[];
  platforms?: string[];
  pull?: boolean;
  'no-cache'?: boolean;
  network?: string;
  'no-cache-filter'?: string[];
  'shm-size'?: number;
  ulimits?: string[];
  call?: string;
  entitlements?: string[];
  'extra-hosts'?: Record<string, string>;
  output?: string[];
}

export interface BakeDefinition {
  group: { default: { targets: string[] } };
  target: Record<string, BakeTarget>;
}

export interface BakeOptions {
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly noCache?: boolean;
  readonly pull?: boolean;
  readonly push?: boolean;
  readonly check?: boolean;
}

/** A service's bake target name: dots become `_` (bake's names), made unique with more `_`. */
function targetNames(project: Project): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const service of Object.keys(project.services).sort()) {
    let name = service.replaceAll('.', '_');
    while (taken.has(name)) name += '_';
    taken.add(name);
    names.set(service, name);
  }
  return names;
}

const nonEmpty = <T>(values: readonly T[] | undefined): T[] | undefined => (values === undefined || values.length === 0 ? undefined : [...values]);
const nonEmptyMap = <T>(values: Readonly<Record<string, T>> | undefined): Record<string, T> | undefined => (values === undefined || Object.keys(values).length === 0 ? undefined : { ...values });

function bakeSecrets(project: Project, secrets: readonly BuildSecret[] | undefined): string[] | undefined {
  return nonEmpty((secrets ?? []).flatMap(({ source, target }) => {
    const secret = project.secrets[source];
    if (secret?.environment !== undefined) return [`id=${target},type=env,env=${secret.environment}`];
    return secret?.file === undefined ? [] : [`id=${target},type=file,src=${secret.file}`];
  }));
}

function bakeTarget(project: Project, service: ServiceConfig, names: ReadonlyMap<string, string>, options: BakeOptions): BakeTarget {
  const build = service.build as NonNullable<ServiceConfig['build']>;
  const args: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...build.args, ...options.buildArgs })) if (value !== null) args[key] = value;
  const platforms = build['platforms'] as string[] | undefined;
  const push = options.push === true && service.image !== undefined;
  const contexts = Object.fromEntries(Object.entries((build['additional_contexts'] as Record<string, string> | undefined) ?? {}).map(([name, where]) => [name, where.startsWith('service:') ? `target:${names.get(where.slice('service:'.length)) ?? where.slice('service:'.length)}` : where]));
  const extraHosts: Record<string, string> = {};
  for (const entry of (build['extra_hosts'] as string[] | undefined) ?? []) {
    const at = entry.indexOf('=');
    const host = entry.slice(0, at);
    extraHosts[host] = extraHosts[host] === undefined ? entry.slice(at + 1) : `${extraHosts[host]},${entry.slice(at + 1)}`;
  }
  const ulimits = Object.entries((build['ulimits'] as Record<string, UlimitConfig> | undefined) ?? {}).map(([name, limit]) => (limit.soft === limit.hard ? `${name}=${limit.soft}` : `${name}=${limit.soft}:${limit.hard}`));
  const entitlements = [...((build['entitlements'] as string[] | undefined) ?? []), ...(build['privileged'] === true ? ['security.insecure'] : [])];
  const target: BakeTarget = {
    context: build.context,
    ...(Object.keys(contexts).length > 0 ? { contexts } : {}),
    ...(build.dockerfile === undefined ? {} : { dockerfile: posix.isAbsolute(build.dockerfile) ? build.dockerfile : posix.join(build.context, build.dockerfile) }),
    ...(build.dockerfile_inline === undefined ? {} : { 'dockerfile-inline': build.dockerfile_inline.replaceAll('${', () => '$${') }),
    ...(Object.keys(args).length > 0 ? { args } : {}),
    ...(nonEmptyMap(build.labels) === undefined ? {} : { labels: { ...build.labels } }),
    tags: [...(build.tags ?? []), serviceImage(project, service)],
  };
  const optional: { [K in keyof BakeTarget]?: BakeTarget[K] | undefined } = {
    'cache-from': nonEmpty(build['cache_from'] as string[] | undefined),
    'cache-to': nonEmpty(build['cache_to'] as string[] | undefined),
    target: build.target === '' ? undefined : build.target,
    secret: bakeSecrets(project, build['secrets'] as BuildSecret[] | undefined),
    ssh: nonEmpty(build['ssh'] as string[] | undefined),
    platforms: nonEmpty(platforms),
    pull: options.pull === true || build['pull'] === true ? true : undefined,
    'no-cache': options.noCache === true || build['no_cache'] === true ? true : undefined,
    network: build['network'] as string | undefined,
    'no-cache-filter': nonEmpty(build['no_cache_filter'] as string[] | undefined),
    'shm-size': build['shm_size'] as number | undefined,
    ulimits: nonEmpty(ulimits),
    call: options.check === true ? 'lint' : undefined,
    entitlements: nonEmpty(entitlements),
    'extra-hosts': nonEmptyMap(extraHosts),
    output: options.check === true ? undefined : [(platforms ?? []).length > 1 ? `type=image,push=${String(push)}` : `type=docker,load=true,push=${String(push)}`],
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(target, { [key]: value });
  return target;
}

/** The bake definition of the project's buildable services, `selected` in the default group. */
export function bakeDefinition(project: Project, selected: readonly ServiceConfig[], options: BakeOptions = {}): BakeDefinition {
  const names = targetNames(project);
  const target: Record<string, BakeTarget> = {};
  for (const service of Object.values(project.services).sort((a, b) => a.name.localeCompare(b.name))) {
    if (service.build !== undefined) target[names.get(service.name) as string] = bakeTarget(project, service, names, options);
  }
  const targets = selected.filter((service) => service.build !== undefined).map((service) => names.get(service.name) as string);
  return { group: { default: { targets } }, target };
}
