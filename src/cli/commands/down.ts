import type { Argv, CommandModule } from 'yargs';
import { planDown } from '../../plan/down.js';
import { observeMounts } from '../../engine/observe.js';
import { UserError } from '../../model/errors.js';
import { toGlobalOptions } from '../global-options.js';
import { projectAndState } from '../project-or-name.js';
import { runPlan } from '../run-plan.js';

export const downCommand: CommandModule = {
  command: 'down [services..]',
  describe: 'Stop and remove containers, networks',
  builder: (yargs: Argv) =>
    yargs
      .option('volumes', { alias: ['v', 'volume'], type: 'boolean', default: false, description: 'Remove named volumes declared in the "volumes" section of the Compose file and anonymous volumes attached to containers' })
      .option('remove-orphans', { type: 'boolean', description: 'Remove containers for services not defined in the Compose file' })
      .option('rmi', { type: 'string', choices: ['local', 'all'], description: 'Remove images used by services. "local" remove only images that don\'t have a custom tag ("local"|"all")' })
      .option('timeout', { alias: 't', type: 'number', description: 'Specify a shutdown timeout in seconds' }),
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const rmi = argv['rmi'] as 'local' | 'all' | undefined;
    const { project, observed: seen } = await projectAndState(options, { volumes: argv['volumes'] === true, images: rmi !== undefined });
    // down -v removes the anonymous volumes the containers mount: their mounts are needed.
    const observed = argv['volumes'] === true ? await observeMounts(seen, seen.containers.map((container) => container.id)) : seen;
    const services = (argv['services'] as string[] | undefined) ?? [];
    for (const name of services) if (!(name in project.services) && !(name in project.disabledServices)) throw new UserError(`no such service: ${name}`);
    const timeout = argv['timeout'] as number | undefined;
    const removeOrphans = (argv['removeOrphans'] as boolean | undefined) ?? /^(1|true)$/i.test(process.env['COMPOSE_REMOVE_ORPHANS'] ?? '');
    const plan = planDown(project, observed, {
      volumes: argv['volumes'] === true,
      removeOrphans,
      services,
      ...(timeout === undefined ? {} : { timeout }),
      ...(rmi === undefined ? {} : { rmi }),
    });
    await runPlan(plan, options, { heading: `berth down --dry-run: what berth would run now for project "${project.name}"` });
  },
};
