import type { Argv, CommandModule } from 'yargs';
import { ExitStatus, UserError } from '../../model/errors.js';
import { observeProject } from '../../engine/observe.js';
import { inDependencyOrder, selectServices } from '../../plan/graph.js';
import { serviceImage } from '../../plan/names.js';
import { planUp } from '../../plan/up.js';
import { attachAndWait, logSourcesOf } from '../attach.js';
import { loadFromOptions, useColour } from '../context.js';
import { toGlobalOptions } from '../global-options.js';
import { runPlan } from '../run-plan.js';

/** `--scale web=3` values as a map. */
export function parseScale(values: readonly string[]): Record<string, number> {
  const scale: Record<string, number> = {};
  for (const value of values) {
    const match = /^([^=]+)=(\d+)$/.exec(value);
    if (match === null) throw new UserError(`invalid --scale option "${value}". Should be SERVICE=NUM`);
    scale[match[1] as string] = Number(match[2]);
  }
  return scale;
}

export const upCommand: CommandModule = {
  command: 'up [services..]',
  describe: 'Create and start containers',
  builder: (yargs: Argv) =>
    yargs
      .option('detach', { alias: 'd', type: 'boolean', default: false, description: 'Detached mode: run containers in the background' })
      .option('build', { type: 'boolean', default: false, description: 'Build images before starting containers' })
      .option('no-build', { type: 'boolean', default: false, description: "Don't build an image, even if it's missing" })
      .option('force-recreate', { type: 'boolean', default: false, description: "Recreate containers even if their configuration and image haven't changed" })
      .option('no-recreate', { type: 'boolean', default: false, description: "If containers already exist, don't recreate them" })
      .option('no-deps', { type: 'boolean', default: false, description: "Don't start linked services" })
      .option('no-start', { type: 'boolean', default: false, description: "Don't start the services after creating them" })
      .option('remove-orphans', { type: 'boolean', description: 'Remove containers for services not defined in the Compose file' })
      .option('scale', { type: 'string', array: true, default: [] as string[], description: 'Scale SERVICE to NUM instances' })
      .option('wait', { type: 'boolean', default: false, description: 'Wait for services to be running|healthy. Implies detached mode' })
      .option('wait-timeout', { type: 'number', description: 'Maximum duration in seconds to wait for the project to be running|healthy' })
      .option('timeout', { alias: 't', type: 'number', description: 'Timeout in seconds for container shutdown when attached or when containers are already running' })
      .option('no-color', { type: 'boolean', default: false, description: 'Produce monochrome output' })
      .option('no-log-prefix', { type: 'boolean', default: false, description: "Don't print prefix in logs" })
      .positional('services', { type: 'string', array: true }),
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const services = (argv['services'] as string[] | undefined) ?? [];
    const flag = (name: string): boolean => argv[name] === true;
    if (flag('build') && flag('noBuild')) throw new UserError('--build and --no-build are incompatible');
    if (flag('forceRecreate') && flag('noRecreate')) throw new UserError('--force-recreate and --no-recreate are incompatible');
    const waitTimeout = argv['waitTimeout'] as number | undefined;
    if (waitTimeout !== undefined && waitTimeout < 0) throw new UserError('--wait-timeout must be a positive integer');
    const detach = flag('detach') || flag('wait');
    const scale = parseScale(argv['scale'] as string[]);
    const project = loadFromOptions(options, services);
    const selected = inDependencyOrder(selectServices(project, services, flag('noDeps')));
    const observed = await observeProject({
      projectName: project.name,
      volumeNames: Object.values(project.volumes).map((volume) => volume.name),
      images: selected.map((service) => serviceImage(project, service)),
      allowUnreachable: options.dryRun,
    });
    if (!observed.engineReachable) process.stderr.write('berth: no Docker engine reachable: planning from empty state\n');
    const removeOrphans = (argv['removeOrphans'] as boolean | undefined) ?? /^(1|true)$/i.test(process.env['COMPOSE_REMOVE_ORPHANS'] ?? '');
    const timeout = argv['timeout'] as number | undefined;
    const plan = planUp(project, observed, {
      services,
      noDeps: flag('noDeps'),
      build: flag('build'),
      noBuild: flag('noBuild'),
      forceRecreate: flag('forceRecreate'),
      noRecreate: flag('noRecreate'),
      noStart: flag('noStart'),
      removeOrphans,
      scale,
      wait: flag('wait'),
      ...(timeout === undefined ? {} : { timeout }),
    });
    await runPlan(plan, options, { heading: `berth up --dry-run: what berth would run now for project "${project.name}"`, waitTimeoutSeconds: waitTimeout });
    if (detach || options.dryRun || flag('noStart')) return;
    const attached = selected.filter((service) => service['attach'] !== false);
    const code = await attachAndWait(logSourcesOf(project, attached, scale), {
      colour: !flag('noColor') && useColour(options),
      prefix: !flag('noLogPrefix'),
    });
    if (code !== 0) throw new ExitStatus(code);
  },
};
