import type { BuildConfig, DependsOnConfig, HealthcheckConfig, ServiceConfig, ServiceNetworkConfig } from '../../model/project.js';
import type { KeyPath } from '../yaml-source.js';
import { fail } from '../model-error.js';
import { canonicalHooks, commandWords } from './hooks.js';
import { DotenvError, parseDotenv, parseRawEnvFile } from '../dotenv.js';
import { asBoolean, asInteger, asKeyValueMap, asMapping, asString, asStringList, asStringMap, isMapping, type Mapping } from './guards.js';
import { canonicalDevelop } from './develop.js';
import { canonicalExpose, canonicalPorts } from './ports.js';
import { canonicalKeys, canonicalRuntimeKeys } from './runtime-keys.js';
import { BUILD_KEY_ENTRIES } from '../../keys/build-keys.js';
import { canonicalServiceVolumes, modelHostPath, resolveHostPath, type PathContext } from './volumes.js';
import { asGoDuration, checkContainerName, checkImageReference, checkRestartPolicy } from './value-rules.js';
import { nameKeyedMapping, rebuiltMapping, setKey } from '../mapping.js';

/** What normalizing a service needs from outside the tree. */
export interface ServiceContext extends PathContext {
  /** The project environment (shell + .env) for bare `environment` keys and build args. */
  readonly lookup: (name: string) => string | undefined;
  /** Reads an env_file by absolute path; undefined when it does not exist. */
  readonly readFile: (absolutePath: string) => string | undefined;
  /** false: env_file stays in the model instead of being read into `environment` (config --no-env-resolution). */
  readonly resolveEnvFiles?: boolean;
}

/** The daemon refuses healthcheck durations under 1ms (other than 0, "the default"). */
const HEALTHCHECK_MINIMUM = { ns: 1e6, why: 'must be 0 or at least 1ms' };

/** `pull_policy: every_<duration>`: a window of at least a second (compose reads it as a Go duration). */
const PULL_WINDOW_MINIMUM = { ns: 1e9, why: 'every_<duration> needs a window of at least 1s' };

const CONDITIONS = ['service_started', 'service_healthy', 'service_completed_successfully'] as const;

/** Turns one raw service mapping into its canonical long form. */
export function canonicalService(name: string, value: unknown, context: ServiceContext): ServiceConfig {
  const keyPath: KeyPath = ['services', name];
  const raw = value === null ? {} : asMapping(value, keyPath);
  const at = (key: string): KeyPath => [...keyPath, key];
  // Not `{ ...raw, name }`: see rebuiltMapping.
  const service = rebuiltMapping(raw) as unknown as ServiceConfig;
  service.name = name;
  delete service['env_file'];
  if (raw['image'] !== undefined) {
    service.image = asString(raw['image'], at('image'));
    checkImageReference(service.image, at('image'));
  }
  if (raw['build'] !== undefined) service.build = canonicalBuild(raw['build'], at('build'), context);
  if (raw['command'] !== undefined) service.command = canonicalCommand(raw['command'], at('command'));
  if (raw['entrypoint'] !== undefined) service.entrypoint = canonicalCommand(raw['entrypoint'], at('entrypoint'));
  const environment = canonicalEnvironment(raw, keyPath, context);
  if (environment !== undefined) service.environment = environment;
  if (context.resolveEnvFiles === false && raw['env_file'] !== undefined) service['env_file'] = modelEnvFiles(raw['env_file'], at('env_file'), context);
  if (raw['ports'] !== undefined) service.ports = canonicalPorts(raw['ports'], at('ports'));
  if (raw['expose'] !== undefined) service.expose = canonicalExpose(raw['expose'], at('expose'));
  if (raw['volumes'] !== undefined) service.volumes = canonicalServiceVolumes(raw['volumes'], at('volumes'), context);
  delete service['label_file'];
  if (raw['label_file'] !== undefined) service.labels = canonicalLabels(raw, keyPath, context);
  else if (raw['labels'] !== undefined) service.labels = asStringMap(raw['labels'], at('labels'));
  if (raw['networks'] !== undefined) service.networks = canonicalServiceNetworks(raw['networks'], at('networks'));
  if (raw['depends_on'] !== undefined) service.depends_on = canonicalDependsOn(raw['depends_on'], at('depends_on'));
  if (raw['develop'] !== undefined) service.develop = canonicalDevelop(raw['develop'], at('develop'), context);
  for (const key of ['post_start', 'pre_stop'] as const) if (raw[key] !== undefined) service[key] = canonicalHooks(raw[key], at(key));
  if (raw['healthcheck'] !== undefined) service.healthcheck = canonicalHealthcheck(raw['healthcheck'], at('healthcheck'));
  if (raw['profiles'] !== undefined) service.profiles = asStringList(raw['profiles'], at('profiles'));
  if (raw['scale'] !== undefined) service.scale = asInteger(raw['scale'], at('scale'));
  for (const key of ['container_name', 'restart', 'working_dir', 'user', 'hostname', 'network_mode', 'pull_policy'] as const) {
    if (raw[key] !== undefined) service[key] = asString(raw[key], at(key));
  }
  if (service.restart !== undefined) checkRestartPolicy(service.restart, at('restart'));
  if (service.pull_policy?.startsWith('every_') === true) asGoDuration(service.pull_policy.slice('every_'.length), at('pull_policy'), PULL_WINDOW_MINIMUM);
  if (service.container_name !== undefined) checkContainerName(service.container_name, at('container_name'));
  if (raw['deploy'] !== undefined) {
    const deploy = asMapping(raw['deploy'], at('deploy'));
    service.deploy = { ...deploy };
    if (deploy['replicas'] !== undefined) service.deploy.replicas = asInteger(deploy['replicas'], [...at('deploy'), 'replicas']);
  }
  Object.assign(service, canonicalRuntimeKeys(raw, keyPath));
  if (!service.networks && service.network_mode === undefined) service.networks = { default: null };
  return service;
}

function canonicalCommand(value: unknown, keyPath: KeyPath): string[] | null {
  return value === null ? null : commandWords(value, keyPath);
}

function isRemoteContext(context: string): boolean {
  return /^(https?:\/\/|git@|git:\/\/|github\.com\/)/.test(context) || context.includes('.git#');
}

function canonicalBuild(value: unknown, keyPath: KeyPath, context: ServiceContext): BuildConfig {
  const raw: Mapping = typeof value === 'string' ? { context: value } : asMapping(value, keyPath);
  const contextPath = raw['context'] === undefined ? '.' : asString(raw['context'], [...keyPath, 'context']);
  const build: BuildConfig = {
    ...raw,
    context: isRemoteContext(contextPath) ? contextPath : modelHostPath(contextPath, context),
  };
  if (raw['dockerfile'] !== undefined && raw['dockerfile_inline'] !== undefined) {
    fail(keyPath, 'dockerfile and dockerfile_inline are mutually exclusive');
  }
  if (raw['dockerfile_inline'] === undefined) {
    build.dockerfile = raw['dockerfile'] === undefined ? 'Dockerfile' : asString(raw['dockerfile'], [...keyPath, 'dockerfile']);
  }
  if (raw['args'] !== undefined) {
    const args: Record<string, string> = {};
    for (const [key, argValue] of Object.entries(asKeyValueMap(raw['args'], [...keyPath, 'args']))) {
      const resolved = argValue ?? context.lookup(key);
      if (resolved !== undefined) setKey(args, key, resolved);
    }
    build.args = args;
  }
  if (raw['labels'] !== undefined) build.labels = asStringMap(raw['labels'], [...keyPath, 'labels']);
  if (raw['target'] !== undefined) build.target = asString(raw['target'], [...keyPath, 'target']);
  if (raw['tags'] !== undefined) {
    build.tags = asStringList(raw['tags'], [...keyPath, 'tags']);
    build.tags.forEach((tag, index) => checkImageReference(tag, [...keyPath, 'tags', index]));
  }
  return { ...build, ...canonicalKeys(raw, keyPath, BUILD_KEY_ENTRIES) };
}

/** env_file entries in order, then `environment`; bare keys resolved from the project environment. */
function canonicalEnvironment(raw: Mapping, keyPath: KeyPath, context: ServiceContext): Record<string, string | null> | undefined {
  const readsEnvFiles = raw['env_file'] !== undefined && context.resolveEnvFiles !== false;
  if (raw['environment'] === undefined && !readsEnvFiles) return undefined;
  const environment: Record<string, string | null> = {};
  const declared = raw['environment'] === undefined ? {} : asKeyValueMap(raw['environment'], [...keyPath, 'environment']);
  if (readsEnvFiles) {
    const lookup = (name: string): string | undefined => context.lookup(name) ?? declared[name] ?? undefined;
    for (const entry of canonicalEnvFiles(raw['env_file'], [...keyPath, 'env_file'], context)) {
      Object.assign(environment, readKeyValueFile(entry, 'env file', lookup, context));
    }
  }
  for (const [key, value] of Object.entries(declared)) setKey(environment, key, value ?? context.lookup(key) ?? null);
  return environment;
}

/** An env_file or label_file entry's KEY=VALUE lines (compose's dotenv rules); nothing when an optional file is missing. */
function readKeyValueFile(entry: EnvFileEntry, what: string, lookup: (name: string) => string | undefined, context: ServiceContext): Record<string, string> {
  const text = context.readFile(entry.path);
  if (text === undefined) {
    if (entry.required) fail(entry.keyPath, `${what} ${entry.path} not found`);
    return {};
  }
  try {
    return entry.format === 'raw' ? parseRawEnvFile(text, lookup) : parseDotenv(text, lookup);
  } catch (error) {
    if (error instanceof DotenvError) fail(entry.keyPath, `failed to read ${entry.path}: ${error.message}`);
    throw error;
  }
}

/** label_file entries in order, then `labels`, which win (compose's WithServicesLabelsResolved). */
function canonicalLabels(raw: Mapping, keyPath: KeyPath, context: ServiceContext): Record<string, string> {
  const labels: Record<string, string> = {};
  const files = typeof raw['label_file'] === 'string' ? [raw['label_file']] : asStringList(raw['label_file'], [...keyPath, 'label_file']);
  files.forEach((file, index) => {
    const entry = { path: resolveHostPath(file, context), shown: file, required: true, format: undefined, keyPath: [...keyPath, 'label_file', ...(typeof raw['label_file'] === 'string' ? [] : [index])] };
    for (const [key, value] of Object.entries(readKeyValueFile(entry, 'label file', context.lookup, context))) setKey(labels, key, value);
  });
  if (raw['labels'] !== undefined) for (const [key, value] of Object.entries(asStringMap(raw['labels'], [...keyPath, 'labels']))) setKey(labels, key, value);
  return labels;
}

/** env_file in its long form, as the model shows it when it is not read into `environment`. */
function modelEnvFiles(value: unknown, keyPath: KeyPath, context: ServiceContext): Array<Record<string, unknown>> {
  return canonicalEnvFiles(value, keyPath, context).map((entry) => ({ path: entry.shown, required: entry.required, ...(entry.format === undefined ? {} : { format: entry.format }) }));
}

interface EnvFileEntry {
  /** Absolute, for reading. */
  readonly path: string;
  /** As the model shows it (config --no-path-resolution keeps it as written). */
  readonly shown: string;
  readonly required: boolean;
  readonly format: string | undefined;
  readonly keyPath: KeyPath;
}

function canonicalEnvFiles(value: unknown, keyPath: KeyPath, context: ServiceContext): EnvFileEntry[] {
  const items = Array.isArray(value) ? value : [value];
  return items.map((item, index) => {
    const itemPath = Array.isArray(value) ? [...keyPath, index] : keyPath;
    if (isMapping(item)) {
      const path = asString(item['path'], [...itemPath, 'path']);
      const required = item['required'] === undefined ? true : asBoolean(item['required'], [...itemPath, 'required']);
      const format = item['format'] === undefined ? undefined : asString(item['format'], [...itemPath, 'format']);
      if (format !== undefined && format !== 'raw') fail([...itemPath, 'format'], `unsupported env_file format "${format}"`);
      return { path: resolveHostPath(path, context), shown: modelHostPath(path, context), required, format, keyPath: itemPath };
    }
    const path = asString(item, itemPath);
    return { path: resolveHostPath(path, context), shown: modelHostPath(path, context), required: true, format: undefined, keyPath: itemPath };
  });
}

function canonicalServiceNetworks(value: unknown, keyPath: KeyPath): Record<string, ServiceNetworkConfig | null> {
  const networks: Record<string, ServiceNetworkConfig | null> = {};
  if (Array.isArray(value)) {
    for (const networkName of asStringList(value, keyPath)) setKey(networks, networkName, null);
    return networks;
  }
  for (const [networkName, config] of Object.entries(asMapping(value, keyPath))) {
    if (config === null) {
      setKey(networks, networkName, null);
      continue;
    }
    const network = { ...asMapping(config, [...keyPath, networkName]) } as ServiceNetworkConfig;
    if (network.aliases !== undefined) network.aliases = asStringList(network.aliases, [...keyPath, networkName, 'aliases']);
    setKey(networks, networkName, network);
  }
  return networks;
}

function canonicalDependsOn(value: unknown, keyPath: KeyPath): Record<string, DependsOnConfig> {
  const dependsOn = nameKeyedMapping<DependsOnConfig>();
  if (Array.isArray(value)) {
    for (const serviceName of asStringList(value, keyPath)) setKey(dependsOn, serviceName, { condition: 'service_started', required: true });
    return dependsOn;
  }
  for (const [serviceName, config] of Object.entries(asMapping(value, keyPath))) {
    const entryPath = [...keyPath, serviceName];
    const entry = config === null ? {} : asMapping(config, entryPath);
    const condition = entry['condition'] === undefined ? 'service_started' : asString(entry['condition'], [...entryPath, 'condition']);
    if (!(CONDITIONS as readonly string[]).includes(condition)) {
      fail([...entryPath, 'condition'], `must be one of ${CONDITIONS.join(', ')}`);
    }
    const dependency: DependsOnConfig = {
      condition: condition as DependsOnConfig['condition'],
      required: entry['required'] === undefined ? true : asBoolean(entry['required'], [...entryPath, 'required']),
    };
    if (entry['restart'] !== undefined) dependency.restart = asBoolean(entry['restart'], [...entryPath, 'restart']);
    setKey(dependsOn, serviceName, dependency);
  }
  return dependsOn;
}

function canonicalHealthcheck(value: unknown, keyPath: KeyPath): HealthcheckConfig {
  const raw = asMapping(value, keyPath);
  const healthcheck: HealthcheckConfig = {};
  if (raw['test'] !== undefined) {
    const test = raw['test'];
    healthcheck.test = typeof test === 'string' ? ['CMD-SHELL', test] : asStringList(test, [...keyPath, 'test']);
    const kind = healthcheck.test[0];
    if (kind !== 'CMD' && kind !== 'CMD-SHELL' && kind !== 'NONE') {
      fail([...keyPath, 'test'], 'healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE"');
    }
  }
  for (const key of ['interval', 'timeout', 'start_period', 'start_interval'] as const) {
    if (raw[key] !== undefined) healthcheck[key] = asGoDuration(asString(raw[key], [...keyPath, key]), [...keyPath, key], HEALTHCHECK_MINIMUM);
  }
  if (raw['retries'] !== undefined) healthcheck.retries = asInteger(raw['retries'], [...keyPath, 'retries']);
  if (healthcheck.retries !== undefined && healthcheck.retries < 0) fail([...keyPath, 'retries'], 'must not be negative');
  if (raw['disable'] !== undefined && asBoolean(raw['disable'], [...keyPath, 'disable'])) {
    healthcheck.test = ['NONE'];
  }
  return healthcheck;
}
