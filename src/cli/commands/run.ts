import { randomBytes } from 'node:crypto';
import type { Argv, CommandModule } from 'yargs';
import { splitShellWords } from '../../config/shell-words.js';
import { withPreparedCommand } from '../../engine/child-env.js';
import { runDocker, runDockerInteractive } from '../../engine/docker.js';
import { lookupImages, observeProject } from '../../engine/observe.js';
import { ExitStatus, UserError } from '../../model/errors.js';
import type { ObservedState } from '../../model/observed.js';
import type { ArgPart, Plan } from '../../model/plan.js';
import type { Project, ServiceConfig } from '../../model/project.js';
import { planBuild, planPull } from '../../plan/images.js';
import { serviceImage, containerName, networkName, replicaCount } from '../../plan/names.js';
import { PlanBuilder } from '../../plan/plan-builder.js';
import { oneOffCreateArgs, oneOffName, oneOffService } from '../../plan/run.js';
import { renderDockerLine, renderScript } from '../../plan/render-script.js';
import { needsEngineVersion } from '../../plan/flags/versioned-keys.js';
import { planUp } from '../../plan/up.js';
import { addWait } from '../../plan/waits.js';
import { loadWithEnvironment } from '../context.js';
import { toGlobalOptions } from '../global-options.js';
import { lockProject } from '../project-lock.js';
import { runPlan } from '../run-plan.js';

/** Waits on the target's depends_on conditions (healthy, completed) before the one-off starts. */
function planDependencyConditions(project: Project, service: ServiceConfig): Plan {
  const builder = new PlanBuilder();
  for (const [name, dependency] of Object.entries(service.depends_on ?? {})) {
    const target = project.services[name];
    if (target === undefined || dependency.condition === 'service_started') continue;
    for (let number = 1; number <= replicaCount(target); number++) {
      addWait(name, containerName(project, target, number), dependency.condition === 'service_healthy' ? 'healthy' : 'completed', dependency.required, [], builder);
    }
  }
  return builder.build();
}

/** The target's own image: built when missing (or --build), pulled when missing (or --pull always). */
function targetImagePlan(project: Project, service: ServiceConfig, observed: ObservedState, flags: { build: boolean; pull: string | undefined }): Plan {
  const present = observed.images.has(serviceImage(project, service));
  if (service.build !== undefined && (flags.build || (!present && flags.pull !== 'always'))) return planBuild(project, [service]);
  if (flags.pull === 'never') return { steps: [], warnings: [] };
  if (flags.pull === 'always' || !present) return planPull(project, observed, [service], { policy: flags.pull === 'always' ? 'always' : 'missing' });
  return { steps: [], warnings: [] };
}

/** The one-off's warnings of values docker's argv has to carry (ignored keys are `up`'s to report). */
function warnOfExposedValues(message: string): void {
  if (message.startsWith('warning: ')) process.stderr.write(`${message}\n`);
}

/** Networks of the service in priority order (the first goes to `docker create`). */
function networkKeys(service: ServiceConfig): string[] {
  if (service.network_mode !== undefined) return [];
  return Object.entries(service.networks ?? {})
    .sort(([a, x], [b, y]) => (y?.priority ?? 0) - (x?.priority ?? 0) || (a < b ? -1 : 1))
    .map(([key]) => key);
}

export const runCommand: CommandModule = {
  command: 'run [service] [command..]',
  describe: 'Run a one-off command on a service',
  builder: (yargs: Argv) =>
    yargs
      .option('detach', { alias: 'd', type: 'boolean', default: false, description: 'Run container in background and print container ID' })
      .option('rm', { type: 'boolean', default: false, description: 'Automatically remove the container when it exits' })
      .option('name', { type: 'string', description: 'Assign a name to the container' })
      .option('env', { alias: 'e', type: 'string', array: true, nargs: 1, default: [] as string[], description: 'Set environment variables' })
      .option('label', { alias: 'l', type: 'string', array: true, nargs: 1, default: [] as string[], description: 'Add or override a label' })
      .option('publish', { type: 'string', array: true, nargs: 1, default: [] as string[], description: "Publish a container's port(s) to the host" })
      .option('service-ports', { alias: 'P', type: 'boolean', default: false, description: "Run command with all service's ports enabled and mapped to the host" })
      .option('use-aliases', { type: 'boolean', default: false, description: "Use the service's network aliases in the network(s) the container connects to" })
      .option('no-deps', { type: 'boolean', default: false, description: "Don't start linked services" })
      .option('entrypoint', { type: 'string', description: 'Override the entrypoint of the image' })
      .option('user', { alias: 'u', type: 'string', description: 'Run as specified username or uid' })
      .option('workdir', { alias: 'w', type: 'string', description: 'Working directory inside the container' })
      .option('volume', { alias: 'v', type: 'string', array: true, nargs: 1, default: [] as string[], description: 'Bind mount a volume' })
      .option('cap-add', { type: 'string', array: true, nargs: 1, default: [] as string[], description: 'Add Linux capabilities' })
      .option('cap-drop', { type: 'string', array: true, nargs: 1, default: [] as string[], description: 'Drop Linux capabilities' })
      .option('no-tty', { alias: 'T', type: 'boolean', description: 'Disable pseudo-TTY allocation (default: auto-detected)' })
      .option('tty', { alias: 't', type: 'boolean', hidden: true })
      .option('interactive', { alias: 'i', type: 'boolean', default: true, description: 'Keep STDIN open even if not attached' })
      .option('build', { type: 'boolean', default: false, description: 'Build image before starting container' })
      .option('pull', { type: 'string', choices: ['always', 'missing', 'never'], description: 'Pull image before running ("always"|"missing"|"never")' })
      .option('quiet-pull', { type: 'boolean', default: false, description: 'Pull without printing progress information' })
      .option('remove-orphans', { type: 'boolean', default: false, description: 'Remove containers for services not defined in the Compose file' }),
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const words = [argv['service'], ...((argv['command'] as unknown[] | undefined) ?? []), ...((argv['--'] as unknown[] | undefined) ?? [])].filter((word) => word !== undefined).map(String);
    const [serviceName, ...command] = words;
    if (serviceName === undefined) throw new UserError('run requires at least 1 argument: SERVICE');
    if (argv['servicePorts'] === true && (argv['publish'] as string[]).length > 0) throw new UserError('--service-ports and --publish are incompatible');
    if (argv['noTty'] === true && argv['tty'] === true) throw new UserError('--tty and --no-tty are incompatible');
    const { project, environment } = loadWithEnvironment(options, [serviceName]);
    const service = project.services[serviceName];
    if (service === undefined) throw new UserError(`no such service: ${serviceName}`);
    const dependencies = argv['noDeps'] === true ? [] : Object.keys(service.depends_on ?? {}).filter((name) => Object.hasOwn(project.services, name));
    const image = serviceImage(project, service);
    // Dependencies are brought up under the project's lock; the one-off itself has a name of its own.
    const lock = await lockProject(options, project.name);
    const observed = await observeProject({
      projectName: project.name,
      volumeNames: Object.values(project.volumes).map((volume) => volume.name),
      images: [image, ...dependencies.map((name) => serviceImage(project, project.services[name] as ServiceConfig))],
      apiVersion: needsEngineVersion(project),
      allowUnreachable: options.dryRun,
    });
    const heading = `berth run --dry-run: what berth would run now for project "${project.name}"`;
    const entrypoint = argv['entrypoint'] === undefined ? undefined : splitShellWords(String(argv['entrypoint']));
    const tty = argv['noTty'] === true ? false : argv['tty'] === true || (process.stdin.isTTY === true && process.stdout.isTTY === true);
    const interactive = argv['interactive'] !== false && argv['detach'] !== true;
    const oneOff = oneOffService(service, {
      ...(command.length > 0 ? { command } : {}),
      ...(entrypoint === undefined ? {} : { entrypoint }),
      env: argv['env'] as string[], labels: argv['label'] as string[], publish: argv['publish'] as string[],
      servicePorts: argv['servicePorts'] === true, useAliases: argv['useAliases'] === true,
      ...(argv['user'] === undefined ? {} : { user: String(argv['user']) }),
      ...(argv['workdir'] === undefined ? {} : { workdir: String(argv['workdir']) }),
      volumes: argv['volume'] as string[], capAdd: argv['capAdd'] as string[], capDrop: argv['capDrop'] as string[],
      tty, interactive,
    }, environment);
    // Dependencies come up as `up` would bring them (plus the target's image), then their conditions are awaited.
    const preparation = dependencies.length > 0 ? planUp(project, observed, { services: dependencies, removeOrphans: argv['removeOrphans'] === true }) : { steps: [], warnings: [] };
    const imagePlan = targetImagePlan(project, service, observed, { build: argv['build'] === true, pull: argv['pull'] as string | undefined });
    const conditions = planDependencyConditions(project, service);
    const slug = randomBytes(32).toString('hex');
    const name = argv['name'] === undefined ? oneOffName(project, service, slug) : String(argv['name']);
    const networks = networkKeys(service);
    const args = oneOffCreateArgs(project, oneOff, name, slug, { useAliases: argv['useAliases'] === true, primaryNetwork: networks[0], warn: warnOfExposedValues });
    // -i and -t come from the one-off service's stdin_open and tty.
    const runFlags = [...(argv['detach'] === true ? ['-d'] : []), ...(argv['rm'] === true ? ['--rm'] : [])];
    if (options.dryRun) {
      const all: Plan = { steps: [...preparation.steps, ...imagePlan.steps, ...conditions.steps], warnings: [...preparation.warnings] };
      const runLine = networks.length > 1 ? `# one-off container ${name}: create, connect its other networks, start attached` : `# one-off container ${name}`;
      const oneOffArgv = [...(networks.length > 1 ? ['create'] : ['run', ...runFlags]), ...args];
      const script = renderScript(all, heading, [oneOffArgv]).replace(/\n# nothing to do: the project is up to date\n$/, '\n');
      process.stdout.write(`${script}\n${runLine}\n${renderDockerLine(oneOffArgv)}\n`);
      return;
    }
    await runPlan({ steps: [...preparation.steps, ...imagePlan.steps], warnings: preparation.warnings }, options, { heading });
    lock.release();
    await runPlan(conditions, options, { heading });
    const ids = await lookupImages([image]);
    const code = networks.length > 1
      ? await createConnectStart(project, name, args, ids, runFlags, networks.slice(1), interactive)
      : await withPreparedCommand(['run', ...runFlags, ...args], (reference) => ids.get(reference), ({ argv, env }) => runDockerInteractive(argv, { env }));
    if (code !== 0) throw new ExitStatus(code);
  },
};

/** Several networks: create, connect the others, then `docker start -a` (the CLI cannot attach them at run). */
async function createConnectStart(project: Project, name: string, args: readonly ArgPart[], ids: ReadonlyMap<string, string>, runFlags: readonly string[], others: readonly string[], interactive: boolean): Promise<number> {
  const createArgv = ['create', ...runFlags.filter((flag) => flag !== '-d'), ...args];
  const created = await withPreparedCommand(createArgv, (reference) => ids.get(reference), ({ argv, env }) => runDocker(argv, { env }));
  if (created.exitCode !== 0) throw new UserError(created.stderr.trim());
  for (const key of others) {
    const network = networkName(project, key);
    const connected = await runDocker(['network', 'connect', network, name]);
    if (connected.exitCode !== 0) throw new UserError(connected.stderr.trim());
  }
  if (runFlags.includes('-d')) return runDockerInteractive(['start', name]);
  return runDockerInteractive(['start', '-a', ...(interactive ? ['-i'] : []), name]);
}
