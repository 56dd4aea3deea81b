import type { Argv, CommandModule } from 'yargs';
import { ExitStatus, UserError } from '../../model/errors.js';
import type { Project } from '../../model/project.js';
import { observeProject } from '../../engine/observe.js';
import { dependenciesOf, inDependencyOrder, selectServices } from '../../plan/graph.js';
import { planLifecycle } from '../../plan/lifecycle.js';
import type { UpOptions } from '../../plan/up.js';
import { attachAndWait, type AttachedContainer } from '../attach.js';
import { displayName } from '../containers.js';
import { loadWithEnvironment, printWarnings, useColour } from '../context.js';
import { toGlobalOptions, type GlobalOptions } from '../global-options.js';
import { guardInterrupts } from '../interrupt.js';
import { runPlan } from '../run-plan.js';
import { convergeProject } from '../converge.js';
import { prepareWatch, startWatch } from '../watch-session.js';
import { addCreateOptions, readUpFlags, type UpFlags } from '../up-options.js';

export { parseScale } from '../up-options.js';

const truthy = (value: string | undefined): boolean => /^(1|true)$/i.test(value ?? '');

/** The services whose logs attached `up` shows: --attach, else the selected ones (plus dependencies with --attach-dependencies), minus --no-attach and `attach: false`. */
function attachedServices(project: Project, flags: UpFlags): string[] {
  const selected = inDependencyOrder(selectServices(project, flags.services, flags.noDeps)).map((service) => service.name);
  // An unknown --attach name is "not included in up", in compose's words; the others are unknown services.
  for (const name of [...flags.noAttach, ...(flags.exitCodeFrom === undefined ? [] : [flags.exitCodeFrom])]) {
    if (!Object.hasOwn(project.services, name)) throw new UserError(`no such service: ${name}`);
  }
  const outside = flags.attach.filter((name) => !selected.includes(name));
  if (outside.length > 0) throw new UserError(`cannot attach to services not included in up: ${outside.join(', ')}`);
  let names = flags.attach.length > 0 ? flags.attach : flags.services.length > 0 ? [...flags.services] : selected;
  if (flags.attachDependencies) names = [...new Set([...names, ...names.flatMap((name) => [...dependenciesOf(project, name)])])];
  return names.filter((name) => !flags.noAttach.includes(name) && (flags.attach.includes(name) || project.services[name]?.['attach'] !== false));
}

async function attach(project: Project, services: readonly string[], flags: UpFlags, options: GlobalOptions): Promise<void> {
  const observed = await observeProject({ projectName: project.name });
  const containers: AttachedContainer[] = observed.containers
    .filter((container) => !container.oneoff && services.includes(container.service))
    .map((container) => ({ container: container.name, display: displayName(project, container.name), service: container.service }));
  const stopPlan = async (command: 'stop' | 'kill'): Promise<void> => {
    const current = await observeProject({ projectName: project.name });
    const plan = planLifecycle(project, current, command, { services: flags.services, ...(flags.timeout === undefined ? {} : { timeout: flags.timeout }) });
    await runPlan(plan, { ...options, progress: 'quiet' }, { heading: `berth up: ${command}`, interruptible: false }).catch(() => undefined);
  };
  const code = await attachAndWait(containers, {
    projectName: project.name,
    colour: !flags.noColor && useColour(options),
    prefix: !flags.noLogPrefix,
    timestamps: flags.timestamps,
    ...(flags.abortOnFailure ? { abortOn: 'failure' as const } : flags.abortOnExit ? { abortOn: 'exit' as const } : {}),
    ...(flags.exitCodeFrom === undefined ? {} : { exitCodeFrom: flags.exitCodeFrom }),
    stopAll: () => stopPlan('stop'),
    killAll: () => stopPlan('kill').catch(() => undefined),
  });
  if (code !== 0) throw new ExitStatus(code);
}

export const upCommand: CommandModule = {
  command: 'up [services..]',
  describe: 'Create and start containers',
  builder: (yargs: Argv) =>
    addCreateOptions(yargs)
      .option('detach', { alias: 'd', type: 'boolean', default: false, description: 'Detached mode: run containers in the background' })
      .option('always-recreate-deps', { type: 'boolean', default: false, description: 'Recreate dependent containers. Incompatible with --no-recreate' })
      .option('renew-anon-volumes', { alias: 'V', type: 'boolean', default: false, description: 'Recreate anonymous volumes instead of retrieving data from the previous containers' })
      .option('no-deps', { type: 'boolean', default: false, description: "Don't start linked services" })
      .option('no-start', { type: 'boolean', default: false, description: "Don't start the services after creating them" })
      .option('wait', { type: 'boolean', default: false, description: 'Wait for services to be running|healthy. Implies detached mode' })
      .option('wait-timeout', { type: 'number', description: 'Maximum duration in seconds to wait for the project to be running|healthy' })
      .option('timeout', { alias: 't', type: 'number', description: 'Timeout in seconds for container shutdown when attached or when containers are already running' })
      .option('abort-on-container-exit', { type: 'boolean', default: false, description: 'Stops all containers if any container was stopped. Incompatible with -d' })
      .option('abort-on-container-failure', { type: 'boolean', default: false, description: 'Stops all containers if any container exited with failure. Incompatible with -d' })
      .option('exit-code-from', { type: 'string', description: 'Return the exit code of the selected service container. Implies --abort-on-container-exit' })
      .option('attach', { type: 'string', array: true, nargs: 1, description: 'Restrict attaching to the specified services' })
      .option('no-attach', { type: 'string', array: true, nargs: 1, description: "Do not attach (stream logs) to the specified services" })
      .option('attach-dependencies', { type: 'boolean', default: false, description: 'Automatically attach to log output of dependent services' })
      .option('no-color', { type: 'boolean', default: false, description: 'Produce monochrome output' })
      .option('no-log-prefix', { type: 'boolean', default: false, description: "Don't print prefix in logs" })
      .option('timestamps', { type: 'boolean', default: false, description: 'Show timestamps' })
      .option('watch', { alias: 'w', type: 'boolean', default: false, description: 'Watch source code and rebuild/refresh containers when files are updated.' })
      .option('menu', { type: 'boolean', description: 'Enable interactive shortcuts when running attached (berth has none: accepted, and said so)' })
      .positional('services', { type: 'string', array: true }),
  handler: async (argv) => {
    // Until the plan has run, Ctrl-C or SIGTERM stops cleanly (exit 130); attached up handles its own after.
    const interrupts = guardInterrupts();
    const options = toGlobalOptions(argv);
    const flags = readUpFlags(argv);
    const { project, environment } = loadWithEnvironment(options, flags.services);
    // compose's --menu (and COMPOSE_MENU) turn on its keyboard shortcuts; a Makefile's `--menu=false` must still work.
    if (argv['menu'] === true) printWarnings(['--menu: berth has no interactive menu; up runs without it']);
    const ignoreOrphans = truthy(environment['COMPOSE_IGNORE_ORPHANS'] ?? options.settings['COMPOSE_IGNORE_ORPHANS']);
    if (ignoreOrphans && flags.removeOrphans === true) throw new UserError('cannot combine COMPOSE_IGNORE_ORPHANS and --remove-orphans');
    for (const name of Object.keys(flags.scale)) if (!Object.hasOwn(project.services, name)) throw new UserError(`no such service: ${name}`);
    // Checked before anything changes (with --dry-run and --no-start too): a bad --attach must not leave half a project behind.
    const attachable = attachedServices(project, flags);
    const attached = flags.detach || options.dryRun || flags.noStart ? undefined : attachable;
    const selected = selectServices(project, flags.services, flags.noDeps);
    const upOptions: UpOptions = {
      services: flags.services,
      noDeps: flags.noDeps,
      build: flags.build,
      noBuild: flags.noBuild,
      ...(flags.pull === undefined ? {} : { pull: flags.pull }),
      quietPull: flags.quietPull,
      forceRecreate: flags.forceRecreate,
      noRecreate: flags.noRecreate,
      alwaysRecreateDeps: flags.alwaysRecreateDeps,
      renewAnonVolumes: flags.renewAnonVolumes,
      noStart: flags.noStart,
      removeOrphans: flags.removeOrphans ?? truthy(options.settings['COMPOSE_REMOVE_ORPHANS']),
      scale: flags.scale,
      wait: flags.wait,
      ...(flags.timeout === undefined ? {} : { timeout: flags.timeout }),
      ...(flags.yes ? { recreateVolumes: 'all' as const } : {}),
    };
    const watchSetup = flags.watch && !options.dryRun ? prepareWatch(selected, { prune: false, quiet: false }) : undefined;
    await convergeProject(project, options, upOptions, { selected, waitTimeoutSeconds: flags.waitTimeout, quietBuild: flags.quietBuild, ignoreOrphans, interrupts });
    const watching = watchSetup === undefined ? undefined : await startWatch(project, watchSetup, options, { prune: false, quiet: false });
    try {
      if (attached !== undefined) await attach(project, attached, flags, options);
    } finally {
      watching?.close();
    }
  },
};
