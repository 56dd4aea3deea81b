import type { Argv, CommandModule } from 'yargs';
import { writeFileSync } from 'node:fs';
import { loadModel, loadProject, projectNameBeforeLoad, type LoadInput } from '../../config/load.js';
import { withoutNormalization } from '../../config/no-normalize.js';
import { extractVariables } from '../../config/variables.js';
import { resolveImageDigests } from '../../engine/image-digests.js';
import type { Project, ServiceConfig } from '../../model/project.js';
import { UserError } from '../../model/errors.js';
import { serviceConfigHash } from '../../plan/hash.js';
import { serviceImage } from '../../plan/names.js';
import { renderEnvironment, renderVariables } from '../config-variables.js';
import { printWarnings } from '../context.js';
import { toGlobalOptions } from '../global-options.js';
import { refusedForAVariable, sortedKeys } from '../raw-model.js';
import { readLoadInput } from '../read-inputs.js';
import { renderModel } from '../render-model.js';
import { yamlText } from '../yaml-writer.js';

/** The named services and their transitive depends_on (all services when none is named). */
function selectServices(project: Project, names: readonly string[]): Project {
  if (names.length === 0) return project;
  for (const name of names) if (!Object.hasOwn(project.services, name)) throw new UserError(`no such service: ${name}`);
  const selected = new Set<string>();
  const pending = [...names];
  while (pending.length > 0) {
    const name = pending.pop() as string;
    if (selected.has(name)) continue;
    selected.add(name);
    const dependencies = Object.keys(project.services[name]?.depends_on ?? {});
    pending.push(...dependencies.filter((dependency) => Object.hasOwn(project.services, dependency)));
  }
  const services = Object.fromEntries(Object.entries(project.services).filter(([name]) => selected.has(name)));
  return { ...project, services };
}

const lines = (items: Iterable<string>): string => [...items].map((item) => `${item}\n`).join('');

function allServices(project: Project): ServiceConfig[] {
  return Object.values({ ...project.services, ...project.disabledServices });
}

/** Flags that print a listing instead of the model (compose's order of precedence; berth takes one at a time). */
const LISTINGS = ['services', 'volumes', 'networks', 'models', 'images', 'profiles', 'hash', 'variables', 'environment'] as const;
/** Flags that shape the rendered model only: a listing would ignore them. */
const MODEL_ONLY = ['resolve-image-digests', 'lock-image-digests', 'no-normalize', 'no-path-resolution', 'no-env-resolution'] as const;

const camel = (flag: string): string => flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
const given = (argv: Record<string, unknown>, flag: string): boolean => {
  const value = argv[camel(flag)];
  return value !== undefined && value !== false;
};

/** The listing asked for, if any; combinations that would silently drop a flag are refused before anything is read. */
function chosenListing(argv: Record<string, unknown>): (typeof LISTINGS)[number] | undefined {
  const listings = LISTINGS.filter((flag) => given(argv, flag));
  if (listings.length > 1) throw new UserError(`--${listings[0]} and --${listings[1]} are incompatible`);
  const listing = listings[0];
  if (listing === undefined) return undefined;
  const modelOnly = MODEL_ONLY.find((flag) => given(argv, flag));
  if (modelOnly !== undefined) throw new UserError(`--${modelOnly} and --${listing} are incompatible: --${modelOnly} shapes the rendered model, which --${listing} does not print`);
  if (argv['format'] !== undefined && listing !== 'variables') throw new UserError(`--format and --${listing} are incompatible: --format applies to the model and to --variables`);
  return listing;
}

/** The `model` of each entry of the top-level `models` (which berth reports but does not run), as compose lists them. */
function modelNames(models: unknown): string[] {
  if (typeof models !== 'object' || models === null) return [];
  return Object.values(models).flatMap((model: unknown) => {
    const name = typeof model === 'object' && model !== null ? (model as Record<string, unknown>)['model'] : undefined;
    return typeof name === 'string' && name !== '' ? [name] : [];
  });
}

/** The text of a listing flag. */
function renderListing(listing: Exclude<(typeof LISTINGS)[number], 'variables'>, project: Project, raw: Record<string, unknown>, input: LoadInput, argv: Record<string, unknown>): string {
  switch (listing) {
    case 'models':
      return lines(modelNames(raw['models']));
    case 'services':
      return lines(Object.keys(project.services));
    case 'volumes':
      return lines(Object.keys(project.volumes));
    case 'networks':
      return lines(Object.keys(project.networks));
    case 'images':
      return lines(Object.values(project.services).map((service) => serviceImage(project, service)));
    case 'profiles':
      return lines([...new Set(allServices(project).flatMap((service) => service.profiles ?? []))].sort());
    case 'hash': {
      const wanted = String(argv['hash']).split(',');
      return lines(Object.values(project.services).filter((service) => wanted.includes('*') || wanted.includes(service.name)).map((service) => `${service.name} ${serviceConfigHash(service)}`));
    }
    case 'environment':
      return renderEnvironment({ ...input.environment, COMPOSE_PROJECT_NAME: project.name });
  }
}

/** The model as text, with the model-only flags applied (digests are read from the engine). */
async function renderConfig(project: Project, raw: Record<string, unknown>, argv: Record<string, unknown>, noNormalize: boolean): Promise<string> {
  let pinned = project;
  if (argv['resolveImageDigests'] === true || argv['lockImageDigests'] === true) {
    const images = Object.values(project.services).flatMap((service) => (service.image === undefined ? [] : [service.image]));
    const digests = await resolveImageDigests(images);
    pinned = { ...project, services: Object.fromEntries(Object.entries(project.services).map(([name, service]) => [name, service.image === undefined ? service : { ...service, image: digests.get(service.image) ?? service.image }])) };
  }
  // --lock-image-digests: an override file holding only each service's pinned image (compose's imagesOnly).
  if (argv['lockImageDigests'] === true) return renderRawModel({ services: Object.fromEntries(Object.entries(pinned.services).map(([name, service]) => [name, service.image === undefined ? {} : { image: service.image }])) }, argv);
  const rendered = renderModel(pinned);
  const model = noNormalize ? withoutNormalization(rendered, raw, { environmentResolved: argv['noEnvResolution'] !== true }) : rendered;
  return renderRawModel(model, argv);
}

/** A tree as YAML, or as JSON with --format json. */
function renderRawModel(model: Record<string, unknown>, argv: Record<string, unknown>): string {
  return argv['format'] === 'json' ? `${JSON.stringify(model, null, 2)}\n` : yamlText(model);
}

/** Prints `text` (or writes it to -o), unless --quiet. */
function print(argv: Record<string, unknown>, text: string): void {
  if (argv['quiet'] === true) return;
  if (typeof argv['output'] === 'string') writeFileSync(argv['output'], text);
  else process.stdout.write(text);
}

export const configCommand: CommandModule = {
  command: 'config [service..]',
  describe: 'Parse, resolve and render compose file in canonical format',
  builder: (yargs: Argv) =>
    yargs
      .option('format', { type: 'string', choices: ['yaml', 'json'], description: 'Format the output (default yaml; a table for --variables)' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, description: 'Only validate the configuration, don\'t print anything' })
      .option('services', { type: 'boolean', default: false, description: 'Print the service names, one per line' })
      .option('volumes', { type: 'boolean', default: false, description: 'Print the volume names, one per line' })
      .option('networks', { type: 'boolean', default: false, description: 'Print the network names, one per line' })
      .option('images', { type: 'boolean', default: false, description: 'Print the image names, one per line' })
      .option('profiles', { type: 'boolean', default: false, description: 'Print the profile names, one per line' })
      .option('models', { type: 'boolean', default: false, description: 'Print the model names, one per line' })
      .option('hash', { type: 'string', description: 'Print the service config hash, one per line ("*" for all)' })
      .option('variables', { type: 'boolean', default: false, description: 'Print model variables and default values' })
      .option('environment', { type: 'boolean', default: false, description: 'Print environment used for interpolation' })
      .option('no-interpolate', { type: 'boolean', default: false, description: "Don't interpolate environment variables" })
      .option('no-normalize', { type: 'boolean', default: false, description: "Don't normalize compose model" })
      .option('no-path-resolution', { type: 'boolean', default: false, description: "Don't resolve file paths" })
      .option('no-env-resolution', { type: 'boolean', default: false, description: "Don't resolve service env files" })
      .option('no-consistency', { type: 'boolean', default: false, description: "Don't check model consistency - warning: may produce invalid Compose output" })
      .option('resolve-image-digests', { type: 'boolean', default: false, description: 'Pin image tags to digests' })
      .option('lock-image-digests', { type: 'boolean', default: false, description: 'Produces an override file with image digests' })
      .option('output', { alias: 'o', type: 'string', description: 'Save to file (default to stdout)' }),
  handler: async (argv) => {
    const listing = chosenListing(argv);
    const options = toGlobalOptions(argv);
    const named = ((argv['service'] as string[] | undefined) ?? []).map(String);
    const input: LoadInput = {
      ...readLoadInput(options, { enabledServices: named }),
      interpolate: argv['noInterpolate'] !== true,
      consistency: argv['noConsistency'] !== true,
      resolvePaths: argv['noPathResolution'] !== true,
      resolveEnvFiles: argv['noEnvResolution'] !== true,
    };
    if (listing === 'variables') {
      // As compose: from the merged files, uninterpolated, so that a required variable left unset is listed, not an error.
      print(argv, renderVariables(extractVariables(loadModel(input)), argv['format'] as string | undefined));
      return;
    }
    let result: ReturnType<typeof loadProject>;
    try {
      result = loadProject(input);
    } catch (error) {
      const model = input.interpolate === false && listing === undefined ? loadModel(input) : undefined;
      if (model === undefined || !refusedForAVariable(error, model)) throw error;
      // compose's --no-interpolate prints the files as merged when a value needs its variables to parse.
      printWarnings([`${error.keyPath ?? ''} holds a variable: printing the files as merged, without normalization`]);
      print(argv, renderRawModel(sortedKeys({ ...model, name: typeof model['name'] === 'string' ? model['name'] : projectNameBeforeLoad(input) }), argv));
      return;
    }
    printWarnings(result.warnings);
    const project = selectServices(result.project, named);
    if (listing !== undefined) {
      print(argv, renderListing(listing, project, result.model, input, argv));
      return;
    }
    if (argv['quiet'] === true && argv['resolveImageDigests'] !== true && argv['lockImageDigests'] !== true) return;
    // compose: --compatibility renders the model unnormalized.
    const noNormalize = argv['noNormalize'] === true || options.compatibility;
    print(argv, await renderConfig(project, result.model, argv, noNormalize));
  },
};
