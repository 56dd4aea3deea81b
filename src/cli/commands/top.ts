import type { Argv, CommandModule } from 'yargs';
import { dockerOutput } from '../../engine/docker.js';
import { containerRef } from '../../model/observed.js';
import { checkServices, observeContainers } from '../containers.js';
import { loadFromOptions } from '../context.js';
import { toGlobalOptions } from '../global-options.js';

export const topCommand: CommandModule = {
  command: 'top [service..]',
  describe: 'Display the running processes',
  builder: (yargs: Argv) => yargs,
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const project = loadFromOptions(options);
    const services = (argv['service'] as string[] | undefined) ?? [];
    checkServices(project, services);
    const observed = await observeContainers(project);
    const running = observed.containers.filter((container) => container.state === 'running' && (services.length === 0 || services.includes(container.service)));
    const tables = await Promise.all(running.map((container) => dockerOutput(['top', containerRef(container)])));
    process.stdout.write(running.map((container, index) => `${container.name}\n${tables[index] ?? ''}`).join('\n'));
  },
};
