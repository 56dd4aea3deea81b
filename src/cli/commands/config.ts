import type { Argv, CommandModule } from 'yargs';
import { writeFileSync } from 'node:fs';
import { loadProject } from '../../config/load.js';
import type { Project, ServiceConfig } from '../../model/project.js';
import { UserError } from '../../model/errors.js';
import { serviceConfigHash } from '../../plan/hash.js';
import { serviceImage } from '../../plan/names.js';
import { printWarnings } from '../context.js';
import { toGlobalOptions } from '../global-options.js';
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

/** The text `berth config` prints for the chosen flags. */
function renderConfig(project: Project, argv: Record<string, unknown>): string {
  if (argv['services'] === true) return lines(Object.keys(project.services));
  if (argv['volumes'] === true) return lines(Object.keys(project.volumes));
  if (argv['networks'] === true) return lines(Object.keys(project.networks));
  if (argv['images'] === true) return lines(Object.values(project.services).map((service) => serviceImage(project, service)));
  if (argv['profiles'] === true) return lines([...new Set(allServices(project).flatMap((service) => service.profiles ?? []))].sort());
  if (argv['hash'] !== undefined) {
    const wanted = String(argv['hash']).split(',');
    return lines(Object.values(project.services).filter((service) => wanted.includes('*') || wanted.includes(service.name)).map((service) => `${service.name} ${serviceConfigHash(service)}`));
  }
  if (argv['format'] === 'json') return `${JSON.stringify(renderModel(project), null, 2)}\n`;
  return yamlText(renderModel(project));
}

export const configCommand: CommandModule = {
  command: 'config [service..]',
  describe: 'Parse, resolve and render compose file in canonical format',
  builder: (yargs: Argv) =>
    yargs
      .option('format', { type: 'string', choices: ['yaml', 'json'], default: 'yaml', description: 'Format the output' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, description: 'Only validate the configuration, don\'t print anything' })
      .option('services', { type: 'boolean', default: false, description: 'Print the service names, one per line' })
      .option('volumes', { type: 'boolean', default: false, description: 'Print the volume names, one per line' })
      .option('networks', { type: 'boolean', default: false, description: 'Print the network names, one per line' })
      .option('images', { type: 'boolean', default: false, description: 'Print the image names, one per line' })
      .option('profiles', { type: 'boolean', default: false, description: 'Print the profile names, one per line' })
      .option('hash', { type: 'string', description: 'Print the service config hash, one per line ("*" for all)' })
      .option('no-interpolate', { type: 'boolean', default: false, description: "Don't interpolate environment variables" })
      .option('output', { alias: 'o', type: 'string', description: 'Save to file (default to stdout)' }),
  handler: (argv) => {
    const options = toGlobalOptions(argv);
    const named = ((argv['service'] as string[] | undefined) ?? []).map(String);
    const input = readLoadInput(options, { enabledServices: named });
    const result = loadProject({ ...input, interpolate: argv['noInterpolate'] !== true });
    printWarnings(result.warnings);
    const project = selectServices(result.project, named);
    if (argv['quiet'] === true) return;
    const text = renderConfig(project, argv);
    if (typeof argv['output'] === 'string') writeFileSync(argv['output'], text);
    else process.stdout.write(text);
  },
};
