import type { Argv, CommandModule } from 'yargs';
import { containerRef } from '../../model/observed.js';
import { toGlobalOptions } from '../global-options.js';
import { runOrPrint, serviceContainer } from '../one-command.js';

export const commitCommand: CommandModule = {
  command: 'commit <service> [repository]',
  describe: "Create a new image from a service container's changes",
  builder: (yargs: Argv) =>
    yargs
      .option('index', { type: 'number', description: 'Index of the container if service has multiple replicas' })
      .option('author', { alias: 'a', type: 'string', description: 'Author (e.g., "John Hannibal Smith <hannibal@a-team.com>")' })
      .option('change', { alias: 'c', type: 'string', array: true, nargs: 1, default: [] as string[], description: 'Apply Dockerfile instruction to the created image' })
      .option('message', { alias: 'm', type: 'string', description: 'Commit message' })
      .option('pause', { type: 'boolean', default: true, description: 'Pause container during commit' }),
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const { projectName, container } = await serviceContainer(options, argv);
    const author = argv['author'] as string | undefined;
    const message = argv['message'] as string | undefined;
    const repository = argv['repository'] as string | undefined;
    const args = [
      'commit',
      ...(author === undefined ? [] : ['--author', author]),
      ...(argv['change'] as string[]).flatMap((change) => ['--change', change]),
      ...(message === undefined ? [] : ['--message', message]),
      ...(argv['pause'] === false ? ['--pause=false'] : []),
      containerRef(container),
      ...(repository === undefined ? [] : [repository]),
    ];
    await runOrPrint(options, 'commit', projectName, container, args);
  },
};
