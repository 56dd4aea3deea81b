import type { Argv, CommandModule } from 'yargs';
import { runDocker } from '../../engine/docker.js';
import { observeProject } from '../../engine/observe.js';
import { UserError } from '../../model/errors.js';
import { Label } from '../../model/labels.js';
import type { ObservedContainer } from '../../model/observed.js';
import { CONTAINER_LIST, type ContainerRow } from '../../ui/formats/container.js';
import { compileFormat } from '../../ui/go-template/format.js';
import { checkServices } from '../containers.js';
import { loadFromOptions } from '../context.js';
import { dockerConfigSetting } from '../docker-config.js';
import { FORMAT_DESCRIPTION } from '../format-option.js';
import { toGlobalOptions } from '../global-options.js';

const STATUSES = ['paused', 'restarting', 'removing', 'running', 'dead', 'created', 'exited'];

const EXTRAS_FORMAT = '{"id":{{json .ID}},"labels":{{json .Labels}},"mounts":{{json .Mounts}},"local":{{json .LocalVolumes}}}';

interface Extras {
  readonly labels: string;
  readonly mounts: string;
  readonly local: string;
}

/** What `ps` shows beyond the observed state (labels, mounts), by container ID: one `docker ps`. */
async function readExtras(projectName: string): Promise<Map<string, Extras>> {
  const result = await runDocker(['ps', '-a', '--no-trunc', '--filter', `label=${Label.project}=${projectName}`, '--filter', `label=${Label.configHash}`, '--format', EXTRAS_FORMAT]);
  if (result.exitCode !== 0) throw new UserError(result.stderr.trim());
  return new Map(result.stdout.split('\n').filter(Boolean).map((line) => {
    const row = JSON.parse(line) as Extras & { id: string };
    return [row.id, row];
  }));
}

function statusFilter(argv: Record<string, unknown>): string[] {
  const statuses = [...(argv['status'] as string[])];
  const filter = argv['filter'] as string | undefined;
  if (filter !== undefined) {
    const match = /^status=(.+)$/.exec(filter);
    if (match === null) throw new UserError(`invalid filter "${filter}"`);
    statuses.push(match[1] as string);
  }
  for (const status of statuses) if (!STATUSES.includes(status)) throw new UserError(`invalid status "${status}"`);
  return statuses;
}

export const psCommand: CommandModule = {
  command: 'ps [service..]',
  describe: 'List containers',
  builder: (yargs: Argv) =>
    yargs
      .option('all', { alias: 'a', type: 'boolean', default: false, description: 'Show all stopped containers (including those created by the run command)' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, description: 'Only display IDs' })
      .option('services', { type: 'boolean', default: false, description: 'Display services' })
      .option('format', { type: 'string', description: FORMAT_DESCRIPTION })
      .option('status', { type: 'string', array: true, nargs: 1, default: [] as string[], choices: STATUSES, description: 'Filter services by status' })
      .option('filter', { type: 'string', description: 'Filter services by a property (status=...)' })
      .option('no-trunc', { type: 'boolean', default: false, description: "Don't truncate output" })
      .option('orphans', { type: 'boolean', default: true, description: 'Include orphaned services (not declared by project)' }),
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const project = loadFromOptions(options);
    const services = (argv['service'] as string[] | undefined) ?? [];
    checkServices(project, services);
    const statuses = statusFilter(argv);
    // As docker compose: no --format is the docker config's psFormat, else the table.
    const print = compileFormat((argv['format'] as string | undefined) ?? dockerConfigSetting('psFormat'), CONTAINER_LIST);
    const listed = (container: ObservedContainer): boolean => {
      if (statuses.length > 0 && !statuses.includes(container.state)) return false;
      if (statuses.length === 0 && argv['all'] !== true && container.state !== 'running' && container.state !== 'restarting' && container.state !== 'paused') return false;
      if (services.length > 0) return services.includes(container.service);
      return argv['orphans'] !== false || Object.hasOwn(project.services, container.service);
    };
    const observed = await observeProject({ projectName: project.name, containersOnly: true });
    const containers = observed.containers.filter(listed);
    if (argv['quiet'] === true) {
      process.stdout.write(containers.map((container) => `${container.id}\n`).join(''));
      return;
    }
    if (argv['services'] === true) {
      process.stdout.write([...new Set(containers.map((container) => container.service))].map((name) => `${name}\n`).join(''));
      return;
    }
    const extras = containers.length === 0 ? new Map<string, Extras>() : await readExtras(project.name);
    const rows = containers.map((container): ContainerRow => {
      const extra = extras.get(container.id);
      return {
        container,
        project: project.name,
        labels: extra?.labels ?? '',
        mounts: (extra?.mounts ?? '').split(',').filter(Boolean),
        localVolumes: Number(extra?.local ?? 0),
        trunc: argv['noTrunc'] !== true,
      };
    });
    process.stdout.write(print(rows));
  },
};
