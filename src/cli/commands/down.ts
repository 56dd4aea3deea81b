import type { Argv, CommandModule } from 'yargs';
import { observeMounts, observeProject } from '../../engine/observe.js';
import { leftAfterDown, planDown } from '../../plan/down.js';
import type { Plan } from '../../model/plan.js';
import type { Project } from '../../model/project.js';
import { UserError } from '../../model/errors.js';
import { printWarnings } from '../context.js';
import { toGlobalOptions, type GlobalOptions } from '../global-options.js';
import { projectAndState } from '../project-or-name.js';
import { guardInterrupts, type InterruptGuard } from '../interrupt.js';
import { Interrupted } from '../../engine/scheduler.js';
import { runPlan } from '../run-plan.js';

/**
 * Runs the down plan, then looks again: anything it meant to remove that is still there fails the
 * command, one line per resource with docker's reason (a `Removed` is only what the engine confirms).
 */
async function runAndVerify(plan: Plan, project: Project, options: GlobalOptions, { volumes, interrupts }: { volumes: boolean; interrupts: InterruptGuard }): Promise<void> {
  const heading = `berth down --dry-run: what berth would run now for project "${project.name}"`;
  const reasons: string[] = [];
  const warn = (message: string): void => {
    reasons.push(message);
    printWarnings([message]);
  };
  let failure: unknown;
  await runPlan(plan, options, { heading, warn, interrupts }).catch((error: unknown) => {
    failure = error;
  });
  if (options.dryRun) return;
  // Interrupted: its message already names what was not removed.
  if (failure instanceof Interrupted) throw failure;
  if (failure instanceof Error) reasons.push(failure.message);
  const after = await observeProject({ projectName: project.name, volumeNames: volumes ? Object.values(project.volumes).map((volume) => volume.name) : [] });
  const left = leftAfterDown(plan, after);
  if (left.length === 0) {
    if (failure !== undefined) throw failure;
    return;
  }
  const lines = left.map((label) => {
    const reason = reasons.find((message) => message.startsWith(`${label}: `));
    return `  ${reason === undefined ? `${label}: still there after down` : reason.replace(/\s+/g, ' ').trim()}`;
  });
  throw new UserError(`down did not remove everything of project "${project.name}":\n${lines.join('\n')}`);
}

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
    // Ctrl-C or SIGTERM stops cleanly (exit 130), naming what was not done.
    const interrupts = guardInterrupts();
    const options = toGlobalOptions(argv);
    const rmi = argv['rmi'] as 'local' | 'all' | undefined;
    const volumes = argv['volumes'] === true;
    const { project, observed: seen, lock } = await projectAndState(options, { volumes, images: rmi !== undefined, lock: true, stop: interrupts.stop });
    // down -v removes the anonymous volumes the containers mount: their mounts are needed.
    const observed = volumes ? await observeMounts(seen, seen.containers.map((container) => container.id)) : seen;
    const services = (argv['services'] as string[] | undefined) ?? [];
    for (const name of services) if (!Object.hasOwn(project.services, name) && !Object.hasOwn(project.disabledServices, name)) throw new UserError(`no such service: ${name}`);
    const timeout = argv['timeout'] as number | undefined;
    const removeOrphans = (argv['removeOrphans'] as boolean | undefined) ?? /^(1|true)$/i.test(options.settings['COMPOSE_REMOVE_ORPHANS'] ?? '');
    const plan = planDown(project, observed, {
      volumes,
      removeOrphans,
      services,
      ...(timeout === undefined ? {} : { timeout }),
      ...(rmi === undefined ? {} : { rmi }),
    });
    try {
      await runAndVerify(plan, project, options, { volumes, interrupts });
    } finally {
      interrupts.dispose();
      lock.release();
    }
  },
};
