/** `include`: other compose files loaded as sub-projects whose resources join this one (spec 14-include.md). */
import { posix } from 'node:path';
import { isMapping, type Mapping } from './canonical/guards.js';
import { DotenvError, parseDotenv } from './dotenv.js';
import { resolveExtends } from './extends.js';
import { copyMapping, ownLookup, ownValue, setKey } from './mapping.js';
import { mergeComposeTrees } from './merge.js';
import { fail } from './model-error.js';
import { readRawFiles, type RawContext, type RawFile } from './raw-file.js';
import { absolutizeFileObject, absolutizeService } from './relative-paths.js';

const IMPORTED = ['services', 'networks', 'volumes', 'secrets', 'configs', 'models'];

interface IncludeEntry {
  readonly paths: string[];
  readonly projectDir: string;
  readonly envFiles: string[] | undefined;
}

/**
 * Loads one file (each of its YAML documents) with includes and extends resolved; `stack` holds
 * the files being included, for cycle detection.
 */
export function loadWithIncludes(path: string, text: string, environment: Readonly<Record<string, string>>, context: RawContext, stack: readonly string[] = []): RawFile[] {
  const lookup = ownLookup(environment);
  return readRawFiles(path, text, lookup, context).map(({ tree, source }) => {
    let result = tree;
    if (tree['include'] !== undefined) {
      const imported = importIncludes(tree['include'], path, environment, context, [...stack, path]);
      result = copyMapping(tree);
      delete result['include'];
      result = mergeComposeTrees(imported, result);
      // The including file overrides what it imports, so it wins ties when errors are located.
      context.sources.splice(context.sources.indexOf(source), 1);
      context.sources.push(source);
    }
    return { tree: resolveExtends(result, path, lookup, context), source };
  });
}

function importIncludes(value: unknown, file: string, environment: Readonly<Record<string, string>>, context: RawContext, stack: readonly string[]): Mapping {
  if (!Array.isArray(value)) fail(['include'], 'must be a list');
  let imported: Mapping = {};
  value.forEach((item, index) => {
    const entry = includeEntry(item, ['include', index], posix.dirname(file));
    const subEnvironment = { ...readIncludeEnv(entry, ['include', index], context), ...environment };
    let project: Mapping = {};
    for (const path of entry.paths) {
      if (stack.includes(path)) fail(['include', index], `include cycle detected:\n${[...stack, path].map((step, at) => `${at === 0 ? '' : 'include '}${step}`).join('\n')}`);
      const text = context.readFile(path);
      if (text === undefined) fail(['include', index], `cannot read ${path}: no such file`);
      for (const document of loadWithIncludes(path, text, subEnvironment, context, stack)) project = mergeComposeTrees(project, document.tree);
    }
    imported = mergeComposeTrees(imported, resourcesOf(project, entry.projectDir));
  });
  return imported;
}

function includeEntry(item: unknown, at: (string | number)[], dir: string): IncludeEntry {
  if (typeof item === 'string') {
    const path = posix.resolve(dir, item);
    return { paths: [path], projectDir: posix.dirname(path), envFiles: undefined };
  }
  if (!isMapping(item)) fail(at, 'must be a string or a mapping');
  const rawPaths = item['path'];
  const paths = (Array.isArray(rawPaths) ? rawPaths : [rawPaths]).map((path) => posix.resolve(dir, String(path)));
  const projectDir = typeof item['project_directory'] === 'string' ? posix.resolve(dir, item['project_directory']) : posix.dirname(paths[0] as string);
  const rawEnv = item['env_file'];
  const envFiles = rawEnv === undefined ? undefined : (Array.isArray(rawEnv) ? rawEnv : [rawEnv]).map((path) => posix.resolve(dir, String(path)));
  return { paths, projectDir, envFiles };
}

function readIncludeEnv(entry: IncludeEntry, at: (string | number)[], context: RawContext): Record<string, string> {
  const values: Record<string, string> = {};
  const files = entry.envFiles ?? [posix.join(entry.projectDir, '.env')];
  for (const file of files) {
    if (file === '/dev/null') continue;
    const text = context.readFile(file);
    if (text === undefined) {
      if (entry.envFiles !== undefined) fail(at, `couldn't find env file: ${file}`);
      continue;
    }
    try {
      for (const [key, value] of Object.entries(parseDotenv(text, (name) => ownValue(values, name)))) setKey(values, key, value);
    } catch (error) {
      if (error instanceof DotenvError) fail(at, `failed to read ${file}: ${error.message}`);
      throw error;
    }
  }
  return values;
}

/** The resources an included project brings, with its relative paths made absolute. */
function resourcesOf(project: Mapping, projectDir: string): Mapping {
  const resources: Mapping = {};
  for (const key of IMPORTED) if (isMapping(project[key])) resources[key] = copyMapping(project[key]);
  if (isMapping(resources['services'])) {
    resources['services'] = Object.fromEntries(Object.entries(resources['services']).map(([name, service]) => [name, isMapping(service) ? absolutizeService(service, projectDir) : service]));
  }
  for (const key of ['secrets', 'configs']) {
    if (isMapping(resources[key])) resources[key] = Object.fromEntries(Object.entries(resources[key]).map(([name, value]) => [name, absolutizeFileObject(value, projectDir)]));
  }
  return resources;
}
