import type { Argv, CommandModule } from 'yargs';
import { runDockerInteractive } from '../../engine/docker.js';
import { ExitStatus, UserError } from '../../model/errors.js';
import { checkServices, containersOfService, observeContainers } from '../containers.js';
import { loadFromOptions } from '../context.js';
import { toGlobalOptions } from '../global-options.js';

/** `SERVICE:PATH` → [service, path]; a plain path (or `-`) → undefined. */
export function splitServicePath(argument: string): [string, string] | undefined {
  const match = /^([a-zA-Z0-9][a-zA-Z0-9._-]*):(.*)$/.exec(argument);
  return match === null ? undefined : [match[1] as string, match[2] as string];
}

export const cpCommand: CommandModule = {
  command: 'cp <source> <destination>',
  describe: 'Copy files/folders between a service container and the local filesystem',
  builder: (yargs: Argv) =>
    yargs
      .option('all', { type: 'boolean', default: false, description: 'Include containers created by the run command' })
      .option('archive', { alias: 'a', type: 'boolean', default: false, description: 'Archive mode (copy all uid/gid information)' })
      .option('follow-link', { alias: 'L', type: 'boolean', default: false, description: 'Always follow symbol link in SRC_PATH' })
      .option('index', { type: 'number', description: 'Index of the container if service has multiple replicas' }),
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const project = loadFromOptions(options);
    const source = String(argv['source']);
    const destination = String(argv['destination']);
    const from = splitServicePath(source);
    const to = splitServicePath(destination);
    if ((from === undefined) === (to === undefined)) throw new UserError('copying between services is not supported; one of SRC and DEST must be SERVICE:PATH');
    const [service, inside] = (from ?? to) as [string, string];
    checkServices(project, [service]);
    const index = argv['index'] as number | undefined;
    const all = containersOfService(await observeContainers(project), service, { oneoffs: argv['all'] === true });
    // Copying into a service goes to every replica unless --index picks one; copying out uses the first.
    const targets = index !== undefined ? all.filter((container) => container.number === index) : from !== undefined ? all.slice(0, 1) : all;
    if (targets.length === 0) throw new UserError(`no container found for service "${service}"`);
    const flags = [...(argv['archive'] === true ? ['-a'] : []), ...(argv['followLink'] === true ? ['-L'] : [])];
    for (const container of targets) {
      const args = from !== undefined ? ['cp', ...flags, `${container.name}:${inside}`, destination] : ['cp', ...flags, source, `${container.name}:${inside}`];
      const code = await runDockerInteractive(args);
      if (code !== 0) throw new ExitStatus(code);
    }
  },
};
