import type { Argv, CommandModule } from 'yargs';
import { runDocker } from '../../engine/docker.js';
import { ExitStatus, UserError } from '../../model/errors.js';
import { checkServices, observeContainers } from '../containers.js';
import { loadFromOptions } from '../context.js';
import { toGlobalOptions } from '../global-options.js';
import { observeProject } from '../../engine/observe.js';
import { planDown } from '../../plan/down.js';
import { withProjectLock } from '../project-lock.js';
import { runPlan } from '../run-plan.js';

export const waitCommand: CommandModule = {
  command: 'wait <service..>',
  describe: 'Block until containers of all (or specified) services stop.',
  builder: (yargs: Argv) => yargs.option('down-project', { type: 'boolean', default: false, description: 'Drops project when the first container stops' }),
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const project = loadFromOptions(options);
    const services = (argv['service'] as string[] | undefined) ?? [];
    checkServices(project, services);
    const containers = (await observeContainers(project)).containers.filter((container) => !container.oneoff && services.includes(container.service));
    if (containers.length === 0) throw new UserError(`no containers for services ${services.join(', ')}`);
    let last = 0;
    const waits = containers.map(async (container) => {
      const result = await runDocker(['wait', container.id]);
      if (result.exitCode !== 0) throw new ExitStatus(42);
      last = Number(result.stdout.trim());
      process.stdout.write(`${container.name} exited with code ${last}\n`);
    });
    if (argv['downProject'] === true) {
      await Promise.race(waits);
      await withProjectLock(options, project.name, async () => {
        const plan = planDown(project, await observeProject({ projectName: project.name }));
        await runPlan(plan, options, { heading: `berth wait --down-project: project "${project.name}"` });
      });
    } else {
      await Promise.all(waits);
    }
    if (last !== 0) throw new ExitStatus(last);
  },
};
