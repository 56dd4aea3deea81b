import type { Argv, CommandModule } from 'yargs';
import { UserError } from '../model/errors.js';
import { planLifecycle, type LifecycleCommand, type LifecycleOptions } from '../plan/lifecycle.js';
import { toGlobalOptions, type GlobalOptions } from './global-options.js';
import { projectAndState } from './project-or-name.js';
import { runPlan } from './run-plan.js';

export interface LifecycleCommandSpec {
  readonly name: LifecycleCommand;
  readonly describe: string;
  readonly options?: (yargs: Argv) => Argv;
  /** Command-specific flags from argv. */
  readonly read?: (argv: Record<string, unknown>, options: GlobalOptions) => LifecycleOptions;
  /** Printed (on stderr) when there is nothing to act on. */
  readonly nothingToDo?: string;
}

/** A yargs command for stop, start, restart, kill, pause, unpause or rm: load, observe once, plan, run. */
export function lifecycleCommand(spec: LifecycleCommandSpec): CommandModule {
  return {
    command: `${spec.name} [services..]`,
    describe: spec.describe,
    builder: (yargs: Argv) => (spec.options === undefined ? yargs : spec.options(yargs)).positional('services', { type: 'string', array: true }),
    handler: async (argv) => {
      const options = toGlobalOptions(argv);
      const services = ((argv['services'] as string[] | undefined) ?? []).map(String);
      const { project, observed, lock } = await projectAndState(options, { lock: true });
      for (const name of services) {
        if (!Object.hasOwn(project.services, name) && !Object.hasOwn(project.disabledServices, name) && observed.engineReachable) throw new UserError(`no such service: ${name}`);
      }
      const extra = spec.read?.(argv, options) ?? {};
      const plan = planLifecycle(project, observed, spec.name, { ...extra, services });
      if (plan.steps.length === 0 && spec.nothingToDo !== undefined && !options.dryRun) process.stderr.write(`${spec.nothingToDo}\n`);
      const waitTimeout = argv['waitTimeout'] as number | undefined;
      await runPlan(plan, options, { heading: `berth ${spec.name} --dry-run: what berth would run now for project "${project.name}"`, waitTimeoutSeconds: waitTimeout });
      lock.release();
    },
  };
}

/** -t/--timeout as an option object. */
export function timeoutOption(argv: Record<string, unknown>): LifecycleOptions {
  const timeout = argv['timeout'] as number | undefined;
  return timeout === undefined || Number.isNaN(timeout) ? {} : { timeout };
}
