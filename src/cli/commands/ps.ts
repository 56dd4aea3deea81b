import type { Argv, CommandModule } from 'yargs';
import { observeProject } from '../../engine/observe.js';
import type { ObservedContainer } from '../../model/observed.js';
import { UserError } from '../../model/errors.js';
import { formatTable } from '../../ui/table.js';
import { loadFromOptions } from '../context.js';
import { toGlobalOptions } from '../global-options.js';

const STATUSES = ['paused', 'restarting', 'removing', 'running', 'dead', 'created', 'exited'];

function health(container: ObservedContainer): string {
  return /\((healthy|unhealthy|health: starting)\)/.exec(container.status)?.[1]?.replace('health: ', '') ?? '';
}

function exitCode(container: ObservedContainer): number {
  return Number(/^Exited \((\d+)\)/.exec(container.status)?.[1] ?? 0);
}

/** One `ps --format json` line, with docker compose v2's keys. */
function toJson(projectName: string, container: ObservedContainer): string {
  return JSON.stringify({
    Command: container.command,
    CreatedAt: container.createdAt,
    ExitCode: exitCode(container),
    Health: health(container),
    ID: container.id,
    Image: container.image,
    Name: container.name,
    Names: container.name,
    Ports: container.ports,
    Project: projectName,
    RunningFor: container.runningFor,
    Service: container.service,
    State: container.state,
    Status: container.status,
  });
}

/** The quoted command as `docker ps` shows it, cut to 20 characters inside the quotes. */
function truncateCommand(command: string): string {
  const inner = command.replace(/^"(.*)"$/, '$1');
  return `"${inner.length > 20 ? `${inner.slice(0, 19)}…` : inner}"`;
}

export const psCommand: CommandModule = {
  command: 'ps [service..]',
  describe: 'List containers',
  builder: (yargs: Argv) =>
    yargs
      .option('all', { alias: 'a', type: 'boolean', default: false, description: 'Show all stopped containers (including those created by the run command)' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, description: 'Only display IDs' })
      .option('services', { type: 'boolean', default: false, description: 'Display services' })
      .option('format', { type: 'string', default: 'table', description: 'Format the output: table or json' })
      .option('status', { type: 'string', array: true, nargs: 1, default: [] as string[], choices: STATUSES, description: 'Filter services by status' })
      .option('filter', { type: 'string', description: 'Filter services by a property (status=...)' }),
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const project = loadFromOptions(options);
    const services = (argv['service'] as string[] | undefined) ?? [];
    const statuses = [...(argv['status'] as string[])];
    const filter = argv['filter'] as string | undefined;
    if (filter !== undefined) {
      const match = /^status=(.+)$/.exec(filter);
      if (match === null) throw new UserError(`invalid filter "${filter}"`);
      statuses.push(match[1] as string);
    }
    for (const status of statuses) if (!STATUSES.includes(status)) throw new UserError(`invalid status "${status}"`);
    const observed = await observeProject({ projectName: project.name, containersOnly: true });
    const containers = observed.containers.filter((container) => {
      if (statuses.length > 0 && !statuses.includes(container.state)) return false;
      if (statuses.length === 0 && argv['all'] !== true && container.state !== 'running' && container.state !== 'restarting' && container.state !== 'paused') return false;
      return services.length === 0 || services.includes(container.service);
    });
    if (argv['quiet'] === true) {
      process.stdout.write(containers.map((container) => `${container.id}\n`).join(''));
    } else if (argv['services'] === true) {
      process.stdout.write([...new Set(containers.map((container) => container.service))].map((name) => `${name}\n`).join(''));
    } else if (argv['format'] === 'json') {
      process.stdout.write(containers.map((container) => `${toJson(project.name, container)}\n`).join(''));
    } else {
      const rows = containers.map((container) => [container.name, container.image, truncateCommand(container.command), container.service, container.runningFor, container.status, container.ports]);
      process.stdout.write(formatTable(['NAME', 'IMAGE', 'COMMAND', 'SERVICE', 'CREATED', 'STATUS', 'PORTS'], rows, 10));
    }
  },
};
