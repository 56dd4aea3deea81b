import type { Argv, CommandModule } from 'yargs';
import { stringify } from 'yaml';
import type { Project } from '../../model/project.js';
import { serviceConfigHash } from '../../plan/hash.js';
import { serviceImage } from '../../plan/names.js';
import { loadFromOptions } from '../context.js';
import { toGlobalOptions } from '../global-options.js';
import { writeFileSync } from 'node:fs';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, item]) => [key, sortKeys(item)]));
  }
  return value;
}

/** The model as `docker compose config` prints it: name, then each section, keys sorted. */
export function renderModel(project: Project): Record<string, unknown> {
  const services = Object.fromEntries(Object.entries(project.services).map(([name, service]) => {
    const { name: _name, ...rest } = service;
    return [name, rest];
  }));
  const model: Record<string, unknown> = { name: project.name, services: sortKeys(services) };
  for (const section of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    if (Object.keys(project[section]).length > 0) model[section] = sortKeys(project[section]);
  }
  return model;
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
      .option('output', { alias: 'o', type: 'string', description: 'Save to file (default to stdout)' }),
  handler: (argv) => {
    const options = toGlobalOptions(argv);
    const project = loadFromOptions(options);
    const lines = (items: Iterable<string>): string => [...items].map((item) => `${item}\n`).join('');
    let text: string;
    if (argv['services'] === true) text = lines(Object.keys(project.services));
    else if (argv['volumes'] === true) text = lines(Object.keys(project.volumes));
    else if (argv['networks'] === true) text = lines(Object.keys(project.networks));
    else if (argv['images'] === true) text = lines(Object.values(project.services).map((service) => serviceImage(project, service)));
    else if (argv['profiles'] === true) text = lines(new Set(Object.values({ ...project.services, ...project.disabledServices }).flatMap((service) => service.profiles ?? []).sort()));
    else if (argv['hash'] !== undefined) {
      const wanted = String(argv['hash']).split(',');
      text = lines(Object.values(project.services).filter((service) => wanted.includes('*') || wanted.includes(service.name)).map((service) => `${service.name} ${serviceConfigHash(service)}`));
    } else if (argv['format'] === 'json') text = `${JSON.stringify(renderModel(project), null, 2)}\n`;
    else text = stringify(renderModel(project), { aliasDuplicateObjects: false, lineWidth: 0 });
    if (argv['quiet'] === true) return;
    if (typeof argv['output'] === 'string') writeFileSync(argv['output'], text);
    else process.stdout.write(text);
  },
};
