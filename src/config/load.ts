import { posix } from 'node:path';
import { ConfigError } from '../model/errors.js';
import type { Project, ServiceConfig } from '../model/project.js';
import { canonicalFileObject, canonicalNetwork, canonicalVolume } from './canonical/resources.js';
import { canonicalService } from './canonical/service.js';
import { withImplicitDependencies } from './canonical/implicit-deps.js';
import { isMapping, type Mapping } from './canonical/guards.js';
import { loadWithIncludes } from './include.js';
import { copyMapping, hasKey, ownLookup, setKey } from './mapping.js';
import { applyResetsAndOverrides, mergeComposeTrees } from './merge.js';
import { ModelError } from './model-error.js';
import { normalizeProjectName, resolveProjectName } from './project-name.js';
import type { RawContext } from './raw-file.js';
import { validateSchema } from './schema/validate-schema.js';
import { checkConsistency, checkServiceNames } from './validate.js';
import type { KeyPath, YamlSource } from './yaml-source.js';

/** Everything the loader needs; the CLI reads files and the environment and hands them in. */
export interface LoadInput {
  /** Absolute project directory. */
  readonly workingDir: string;
  /** Compose files in `-f` order, with absolute paths (or "-" for stdin). */
  readonly files: readonly { readonly path: string; readonly text: string }[];
  /** The interpolation environment: shell variables over .env values. */
  readonly environment: Readonly<Record<string, string>>;
  readonly projectName?: string | undefined;
  readonly profiles?: readonly string[];
  /** Services named on the command line: their profiles are enabled. */
  readonly enabledServices?: readonly string[];
  readonly envFiles?: readonly string[];
  readonly homeDir?: string | undefined;
  /** Reads a file by absolute path (env_file); undefined when missing. */
  readonly readFile: (absolutePath: string) => string | undefined;
  /** false: keep `${VAR}` text as written (config --no-interpolate). */
  readonly interpolate?: boolean;
  /** false: skip the consistency checks (undefined references, cycles...: config --no-consistency). */
  readonly consistency?: boolean;
  /** false: keep relative host paths as written (config --no-path-resolution). */
  readonly resolvePaths?: boolean;
  /** false: keep env_file in the model, unread (config --no-env-resolution). */
  readonly resolveEnvFiles?: boolean;
  /** true: v1-style names with `_` (`proj_web_1`), as --compatibility / COMPOSE_COMPATIBILITY. */
  readonly compatibility?: boolean;
}

export interface LoadResult {
  readonly project: Project;
  readonly warnings: readonly string[];
  /** The merged files before normalization (what `config --no-normalize` starts from). */
  readonly model: Mapping;
}

/** The project name from -p, COMPOSE_PROJECT_NAME or the directory: what it is unless the files say `name:`. */
export function projectNameBeforeLoad(input: LoadInput): string {
  return input.projectName || ownLookup(input.environment)('COMPOSE_PROJECT_NAME') || normalizeProjectName(posix.basename(input.workingDir));
}

/** Loads and normalizes a Compose project; every problem is a located ConfigError. */
export function loadProject(input: LoadInput): LoadResult {
  // compose puts the resolved project name into the environment, so `${COMPOSE_PROJECT_NAME}` works;
  // when `name:` decides it, the files are read again with the final name.
  const guess = projectNameBeforeLoad(input);
  const first = loadOnce(input, guess);
  if (first.project.name === guess || !input.files.some((file) => file.text.includes('COMPOSE_PROJECT_NAME'))) return first;
  return loadOnce(input, first.project.name);
}

function loadOnce(input: LoadInput, projectName: string): LoadResult {
  const warnings: string[] = [];
  const context: RawContext = { readFile: input.readFile, interpolate: input.interpolate !== false, warnings, sources: [] };
  const environment = { ...input.environment, COMPOSE_PROJECT_NAME: projectName };
  try {
    return { ...buildProject(input, environment, context), warnings };
  } catch (error) {
    if (error instanceof ModelError) throw locate(error, context.sources);
    throw error;
  }
}

/**
 * The files read, included, extended and merged, without interpolation or validation: the model
 * `config --variables` reads its variables from (compose's ToModel with interpolation off).
 */
export function loadModel(input: LoadInput): Mapping {
  const context: RawContext = { readFile: input.readFile, interpolate: false, warnings: [], sources: [] };
  try {
    return mergeFiles(input, input.environment, context);
  } catch (error) {
    if (error instanceof ModelError) throw locate(error, context.sources);
    throw error;
  }
}

/** Reads, interpolates, includes, extends and merges the files in order. */
function mergeFiles(input: LoadInput, environment: Readonly<Record<string, string>>, context: RawContext): Mapping {
  let merged: Mapping = {};
  for (const file of input.files) {
    for (const { tree, source } of loadWithIncludes(file.path, file.text, environment, context)) {
      merged = applyResetsAndOverrides(mergeComposeTrees(merged, tree), tree, source.resets, source.overrides);
    }
  }
  return merged;
}

/** The merged files, validated. */
function mergedTree(input: LoadInput, environment: Readonly<Record<string, string>>, context: RawContext): Mapping {
  const merged = mergeFiles(input, environment, context);
  checkNotEmpty(merged, input.files, context);
  checkServiceNames(merged);
  validateSchema(merged);
  return merged;
}

function buildProject(input: LoadInput, environment: Readonly<Record<string, string>>, context: RawContext): { project: Project; model: Mapping } {
  const lookup = ownLookup(environment);
  const merged = mergedTree(input, environment, context);
  const model = copyMapping(merged);
  const name = resolveProjectName({
    flag: input.projectName,
    environment: ownLookup(input.environment)('COMPOSE_PROJECT_NAME'),
    nameKey: typeof merged['name'] === 'string' ? merged['name'] : undefined,
    directoryName: posix.basename(input.workingDir),
  });
  const pathContext = { workingDir: input.workingDir, homeDir: input.homeDir, resolvePaths: input.resolvePaths !== false };
  const serviceContext = { ...pathContext, lookup, readFile: input.readFile, resolveEnvFiles: input.resolveEnvFiles !== false };
  const allServices: Record<string, ServiceConfig> = {};
  for (const [serviceName, definition] of Object.entries(sectionOf(merged, 'services'))) {
    setKey(allServices, serviceName, withImplicitDependencies(canonicalService(serviceName, definition, serviceContext)));
  }
  const { enabled, disabled } = splitByProfiles(allServices, input.profiles ?? [], input.enabledServices ?? []);
  const project: Project = {
    name,
    workingDir: input.workingDir,
    configFiles: input.files.map((file) => file.path),
    envFiles: [...(input.envFiles ?? [])],
    services: enabled,
    disabledServices: disabled,
    networks: {},
    volumes: {},
    secrets: {},
    configs: {},
    ...(input.compatibility === true ? { nameSeparator: '_' as const } : {}),
  };
  const networks = sectionOf(merged, 'networks');
  const usesDefault = Object.values(enabled).some((service) => service.networks !== undefined && hasKey(service.networks, 'default'));
  if (usesDefault && !hasKey(networks, 'default')) networks['default'] = null;
  for (const [key, value] of Object.entries(networks)) setKey(project.networks, key, canonicalNetwork(name, key, value));
  for (const [key, value] of Object.entries(sectionOf(merged, 'volumes'))) setKey(project.volumes, key, canonicalVolume(name, key, value));
  for (const section of ['secrets', 'configs'] as const) {
    for (const [key, value] of Object.entries(sectionOf(merged, section))) {
      setKey(project[section], key, canonicalFileObject(section, name, key, value, pathContext));
    }
  }
  if (input.consistency !== false) checkConsistency(project);
  return { project, model };
}

/** compose-go's "empty compose file", naming the file (the first one when all are empty). */
function checkNotEmpty(merged: Mapping, files: LoadInput['files'], context: RawContext): void {
  if (Object.keys(merged).length > 0) return;
  const empty = context.sources.find((source) => source.empty === true);
  const file = empty?.path ?? files[0]?.path ?? '';
  throw new ConfigError('empty compose file', { position: { file } });
}

function sectionOf(tree: Mapping, key: string): Mapping {
  const section = tree[key];
  if (section === undefined || section === null) return {};
  if (!isMapping(section)) throw new ModelError([key], 'must be a mapping');
  return copyMapping(section);
}

/** Services without profiles, or with an active one (or named on the command line), are enabled. */
function splitByProfiles(services: Record<string, ServiceConfig>, profiles: readonly string[], named: readonly string[]): { enabled: Record<string, ServiceConfig>; disabled: Record<string, ServiceConfig> } {
  const active = new Set(profiles);
  for (const serviceName of named) if (hasKey(services, serviceName)) for (const profile of services[serviceName]?.profiles ?? []) active.add(profile);
  const enabled: Record<string, ServiceConfig> = {};
  const disabled: Record<string, ServiceConfig> = {};
  for (const [serviceName, service] of Object.entries(services)) {
    const serviceProfiles = service.profiles ?? [];
    const on = serviceProfiles.length === 0 || active.has('*') || serviceProfiles.some((profile) => active.has(profile));
    setKey(on ? enabled : disabled, serviceName, service);
  }
  return { enabled, disabled };
}

/** Places a ModelError in the file that defines the deepest part of its key path (later files win ties). */
function locate(error: ModelError, sources: readonly YamlSource[]): ConfigError {
  let best: YamlSource | undefined;
  let bestDepth = -1;
  for (const source of sources) {
    const depth = existingDepth(source.tree, error.keyPath);
    if (depth >= bestDepth) {
      best = source;
      bestDepth = depth;
    }
  }
  const keyPath = error.keyPath.map((segment) => String(segment)).join('.');
  return new ConfigError(error.detail, { keyPath, ...(best === undefined ? {} : { position: best.locate(error.keyPath) }) });
}

function existingDepth(tree: unknown, keyPath: KeyPath): number {
  let node = tree;
  let depth = 0;
  for (const segment of keyPath) {
    if (!(isMapping(node) || Array.isArray(node)) || !hasKey(node, String(segment))) break;
    const next = (node as Record<string | number, unknown>)[segment];
    if (next === undefined) break;
    node = next;
    depth++;
  }
  return depth;
}
