import type { Argv, CommandModule } from 'yargs';
import { UserError } from '../../model/errors.js';
import { containerRef } from '../../model/observed.js';
import { toGlobalOptions } from '../global-options.js';
import { runOrPrint, serviceContainer } from '../one-command.js';

export const exportCommand: CommandModule = {
  command: 'export <service>',
  describe: "Export a service container's filesystem as a tar archive",
  builder: (yargs: Argv) =>
    yargs
      .option('index', { type: 'number', description: 'Index of the container if service has multiple replicas' })
      .option('output', { alias: 'o', type: 'string', description: 'Write to a file, instead of STDOUT' }),
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const output = argv['output'] as string | undefined;
    if (output === undefined && process.stdout.isTTY === true && !options.dryRun) throw new UserError('output option is required when exporting to terminal');
    const { projectName, container } = await serviceContainer(options, argv);
    await runOrPrint(options, 'export', projectName, container, ['export', ...(output === undefined ? [] : ['-o', output]), containerRef(container)]);
  },
};
