import type { Argv, CommandModule } from 'yargs';
import type { LogQuery } from '../../engine/logs.js';
import { LogPrinter } from '../../ui/log-printer.js';
import { followProjectLogs, printContainerLog } from '../container-logs.js';
import { checkServices, displayName, observeContainers } from '../containers.js';
import { loadFromOptions, useColour } from '../context.js';
import { toGlobalOptions } from '../global-options.js';

export const logsCommand: CommandModule = {
  command: 'logs [service..]',
  describe: 'View output from containers',
  builder: (yargs: Argv) =>
    yargs
      .option('follow', { type: 'boolean', default: false, description: 'Follow log output' })
      .option('tail', { alias: 'n', type: 'string', default: 'all', description: 'Number of lines to show from the end of the logs for each container' })
      .option('timestamps', { alias: 't', type: 'boolean', default: false, description: 'Show timestamps' })
      .option('since', { type: 'string', description: 'Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)' })
      .option('until', { type: 'string', description: 'Show logs before a timestamp or relative' })
      .option('no-color', { type: 'boolean', default: false, description: 'Produce monochrome output' })
      .option('no-log-prefix', { type: 'boolean', default: false, description: "Don't print prefix in logs" })
      .option('index', { type: 'number', description: 'index of the container if service has multiple replicas' }),
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const project = loadFromOptions(options);
    const services = (argv['service'] as string[] | undefined) ?? [];
    checkServices(project, services);
    const observed = await observeContainers(project);
    const index = argv['index'] as number | undefined;
    const sources = observed.containers
      .filter((container) => !container.oneoff && (services.length === 0 || services.includes(container.service)))
      .filter((container) => index === undefined || container.number === index)
      .map((container) => ({ container: container.name, display: displayName(project, container.name) }));
    const query: LogQuery = {
      tail: argv['tail'] as string,
      timestamps: argv['timestamps'] === true,
      ...(argv['since'] === undefined ? {} : { since: argv['since'] as string }),
      ...(argv['until'] === undefined ? {} : { until: argv['until'] as string }),
    };
    const printer = new LogPrinter(sources, { colour: argv['noColor'] !== true && useColour(options), prefix: argv['noLogPrefix'] !== true });
    if (argv['follow'] !== true) {
      await Promise.all(sources.map((source) => printContainerLog(source, query, printer)));
      return;
    }
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await followProjectLogs(sources, query, printer, { project, services, signal: controller.signal });
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};
