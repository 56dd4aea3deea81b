import type { Argv, CommandModule } from 'yargs';
import { runDocker } from '../../engine/docker.js';
import { containerRef } from '../../model/observed.js';
import { UserError } from '../../model/errors.js';
import { checkServices, observeContainers, pickContainer } from '../containers.js';
import { loadFromOptions } from '../context.js';
import { toGlobalOptions } from '../global-options.js';

export const portCommand: CommandModule = {
  command: 'port <service> <private_port>',
  describe: 'Print the public port for a port binding',
  builder: (yargs: Argv) =>
    yargs
      .option('protocol', { type: 'string', default: 'tcp', choices: ['tcp', 'udp', 'sctp'], description: 'tcp or udp' })
      .option('index', { type: 'number', description: 'Index of the container if service has multiple replicas' }),
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const project = loadFromOptions(options);
    const service = String(argv['service']);
    checkServices(project, [service]);
    const privatePort = String(argv['private_port'] ?? argv['privatePort']);
    const container = pickContainer(await observeContainers(project), service, argv['index'] as number | undefined);
    const result = await runDocker(['port', containerRef(container), `${privatePort}/${String(argv['protocol'])}`]);
    const first = result.stdout.split('\n').find((line) => line.trim() !== '');
    if (result.exitCode !== 0 || first === undefined) {
      throw new UserError(`no port ${privatePort}/${String(argv['protocol'])} for container ${container.name}: ${result.stderr.trim()}`);
    }
    process.stdout.write(`${first.trim()}\n`);
  },
};
