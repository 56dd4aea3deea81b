import type { Argv, CommandModule } from 'yargs';
import { observeProject } from '../../engine/observe.js';
import { planDown } from '../../plan/down.js';
import { serviceImage } from '../../plan/names.js';
import { projectFromLabels } from '../../plan/project-from-labels.js';
import type { Project } from '../../model/project.js';
import { UserError } from '../../model/errors.js';
import { loadFromOptions } from '../context.js';
import { toGlobalOptions, type GlobalOptions } from '../global-options.js';
import { runPlan } from '../run-plan.js';

/** The model when a compose file is there; with only `-p`, undefined (rebuilt from labels later). */
function loadOrNameOnly(options: GlobalOptions): Project | undefined {
  try {
    return loadFromOptions(options);
  } catch (error) {
    const noFile = error instanceof UserError && error.message.startsWith('no configuration file provided');
    if (noFile && options.projectName !== undefined && options.file.length === 0) return undefined;
    throw error;
  }
}

export const downCommand: CommandModule = {
  command: 'down',
  describe: 'Stop and remove containers, networks',
  builder: (yargs: Argv) =>
    yargs
      .option('volumes', { alias: ['v', 'volume'], type: 'boolean', default: false, description: 'Remove named volumes declared in the "volumes" section of the Compose file and anonymous volumes attached to containers' })
      .option('remove-orphans', { type: 'boolean', description: 'Remove containers for services not defined in the Compose file' })
      .option('rmi', { type: 'string', description: 'Remove images used by services. "local" remove only images that don\'t have a custom tag ("local"|"all")' })
      .option('timeout', { alias: 't', type: 'number', description: 'Specify a shutdown timeout in seconds' }),
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const model = loadOrNameOnly(options);
    const projectName = model?.name ?? (options.projectName as string);
    const observed = await observeProject({
      projectName,
      volumeNames: Object.values(model?.volumes ?? {}).map((volume) => volume.name),
      images: Object.values(model?.services ?? {}).map((service) => serviceImage(model as Project, service)),
      allowUnreachable: options.dryRun,
    });
    if (!observed.engineReachable) process.stderr.write('berth: no Docker engine reachable: planning from empty state\n');
    const project = model ?? projectFromLabels(projectName, observed);
    const timeout = argv['timeout'] as number | undefined;
    const rmi = argv['rmi'] as string | undefined;
    const removeOrphans = (argv['removeOrphans'] as boolean | undefined) ?? /^(1|true)$/i.test(process.env['COMPOSE_REMOVE_ORPHANS'] ?? '');
    const plan = planDown(project, observed, {
      volumes: argv['volumes'] === true,
      removeOrphans,
      ...(timeout === undefined ? {} : { timeout }),
      ...(rmi === undefined ? {} : { rmi: rmi as 'local' | 'all' }),
    });
    await runPlan(plan, options, { heading: `berth down --dry-run: what berth would run now for project "${project.name}"` });
  },
};
