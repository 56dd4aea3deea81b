import type { Argv, CommandModule } from 'yargs';
import { containerRef } from '../../model/observed.js';
import { toGlobalOptions } from '../global-options.js';
import { runOrPrint, serviceContainer } from '../one-command.js';

export const attachCommand: CommandModule = {
  command: 'attach <service>',
  describe: "Attach local standard input, output, and error streams to a service's running container",
  builder: (yargs: Argv) =>
    yargs
      .option('index', { type: 'number', description: 'Index of the container if service has multiple replicas' })
      .option('detach-keys', { type: 'string', description: 'Override the key sequence for detaching from a container' })
      .option('no-stdin', { type: 'boolean', default: false, description: 'Do not attach STDIN' })
      .option('sig-proxy', { type: 'boolean', default: true, description: 'Proxy all received signals to the process' }),
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const { projectName, container } = await serviceContainer(options, argv);
    const detachKeys = argv['detachKeys'] as string | undefined;
    const args = ['attach', ...(detachKeys === undefined ? [] : ['--detach-keys', detachKeys]), ...(argv['noStdin'] === true ? ['--no-stdin'] : []), ...(argv['sigProxy'] === false ? ['--sig-proxy=false'] : [])];
    await runOrPrint(options, 'attach', projectName, container, [...args, containerRef(container)]);
  },
};
