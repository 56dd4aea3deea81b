import type { Argv, CommandModule } from 'yargs';
import { containerRef } from '../../model/observed.js';
import { checkServices, observeContainers } from '../containers.js';
import { loadFromOptions } from '../context.js';
import { FORMAT_DESCRIPTION } from '../format-option.js';
import { toGlobalOptions } from '../global-options.js';
import { runInForeground } from '../one-command.js';

/**
 * `docker stats` on the project's containers, by ID (docker compose hands docker's stats code a label
 * filter; the docker CLI takes none, so berth lists the containers first). docker renders --format
 * itself: its stats fields (CPUPerc, MemUsage, ...) are docker's, not compose's.
 */
export const statsCommand: CommandModule = {
  command: 'stats [service]',
  describe: "Display a live stream of container(s) resource usage statistics",
  builder: (yargs: Argv) =>
    yargs
      .option('all', { alias: 'a', type: 'boolean', default: false, description: 'Show all containers (default shows just running)' })
      .option('format', { type: 'string', description: FORMAT_DESCRIPTION })
      .option('no-stream', { type: 'boolean', default: false, description: 'Disable streaming stats and only pull the first result' })
      .option('no-trunc', { type: 'boolean', default: false, description: 'Do not truncate output' }),
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const project = loadFromOptions(options);
    const service = argv['service'] as string | undefined;
    if (service !== undefined) checkServices(project, [service]);
    const containers = (await observeContainers(project)).containers
      .filter((container) => (service === undefined || container.service === service) && (argv['all'] === true || container.state === 'running'));
    // docker stats with no container would show every container of the engine.
    if (containers.length === 0) return;
    const format = argv['format'] as string | undefined;
    const args = ['stats', ...(argv['noStream'] === true ? ['--no-stream'] : []), ...(argv['noTrunc'] === true ? ['--no-trunc'] : []), ...(format === undefined ? [] : ['--format', format])];
    await runInForeground([...args, ...containers.map(containerRef)]);
  },
};
