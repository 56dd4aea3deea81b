import type { Argv, CommandModule } from 'yargs';
import { observeProject } from '../../engine/observe.js';
import { selectServices } from '../../plan/graph.js';
import { bakeDefinition } from '../../plan/bake-definition.js';
import { BUILDX_FLAGS, type BuilderFlags } from '../../plan/container-args.js';
import { parseRamSize } from '../../config/canonical/units.js';
import { UserError } from '../../model/errors.js';
import { planBuild, planPull, planPush } from '../../plan/images.js';
import { serviceImage } from '../../plan/names.js';
import { checkServices } from '../containers.js';
import { loadWithEnvironment, printWarnings } from '../context.js';
import { toGlobalOptions } from '../global-options.js';
import { runPlan } from '../run-plan.js';

/** What build, pull and push start from: the options, the project, and the services they act on. */
function selection(argv: Record<string, unknown>, withDependencies: boolean) {
  const options = toGlobalOptions(argv);
  const services = (argv['service'] as string[] | undefined) ?? [];
  const { project, environment } = loadWithEnvironment(options, services);
  checkServices(project, services);
  return { options, project, environment, selected: selectServices(project, services, !withDependencies) };
}

/** --build-arg KEY=VALUE, or KEY alone taken from the environment (dropped when unset). */
function parseBuildArgs(values: readonly string[], environment: Readonly<Record<string, string>>): Record<string, string> {
  const args: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    if (at >= 0) args[value.slice(0, at)] = value.slice(at + 1);
    else if (environment[value] !== undefined) args[value] = environment[value] as string;
  }
  return args;
}

/** --builder, -m/--memory (a size as docker reads it: `512m`, `1g`), --provenance, --sbom, --ssh. */
function builderFlags(argv: Record<string, unknown>): BuilderFlags {
  const flags: { -readonly [K in keyof BuilderFlags]: BuilderFlags[K] } = {};
  for (const name of BUILDX_FLAGS) {
    const value = argv[name];
    if (typeof value !== 'string') continue;
    if (value === '') throw new UserError(`--${name} needs a value`);
    flags[name] = value;
  }
  if (typeof argv['memory'] === 'string') {
    const bytes = parseRamSize(argv['memory']);
    if (bytes === undefined || bytes <= 0) throw new UserError(`invalid argument "${argv['memory']}" for "-m, --memory" flag: a size such as 512m or 1g`);
    flags.memory = bytes;
  }
  return flags;
}

export const buildCommand: CommandModule = {
  command: 'build [service..]',
  describe: 'Build or rebuild services',
  builder: (yargs: Argv) =>
    yargs
      .option('no-cache', { type: 'boolean', default: false, description: 'Do not use cache when building the image' })
      .option('pull', { type: 'boolean', default: false, description: 'Always attempt to pull a newer version of the image' })
      .option('build-arg', { type: 'string', array: true, nargs: 1, default: [] as string[], description: 'Set build-time variables for services' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, description: "Don't print anything to STDOUT" })
      .option('push', { type: 'boolean', default: false, description: 'Push service images' })
      .option('print', { type: 'boolean', default: false, description: 'Print equivalent bake file' })
      .option('check', { type: 'boolean', default: false, description: 'Check build configuration' })
      .option('builder', { type: 'string', description: 'Set builder to use (docker buildx)' })
      .option('memory', { alias: 'm', type: 'string', description: 'Set memory limit for the build container. Not supported by BuildKit.' })
      .option('provenance', { type: 'string', description: 'Add a provenance attestation (docker buildx)' })
      .option('sbom', { type: 'string', description: 'Add a SBOM attestation (docker buildx)' })
      .option('ssh', { type: 'string', description: "Set SSH authentications used when building service images. (use 'default' for using your default SSH Agent)" })
      .option('with-dependencies', { type: 'boolean', default: false, description: 'Also build dependencies (transitively)' }),
  handler: async (argv) => {
    const { options, project, environment, selected } = selection(argv, argv['withDependencies'] === true);
    const flags = {
      noCache: argv['noCache'] === true,
      pull: argv['pull'] === true,
      quiet: argv['quiet'] === true,
      push: argv['push'] === true,
      check: argv['check'] === true,
      buildArgs: parseBuildArgs(argv['buildArg'] as string[], environment),
      builderFlags: builderFlags(argv),
    };
    // --print: the definitions compose would hand to bake, built from what berth builds; nothing runs.
    if (argv['print'] === true) {
      process.stdout.write(`${JSON.stringify(bakeDefinition(project, selected, flags), null, 2)}\n`);
      return;
    }
    const plan = planBuild(project, selected, flags);
    await runPlan(plan, options, { heading: `berth build --dry-run: project "${project.name}"`, quietBuild: argv['quiet'] === true });
  },
};

export const pullCommand: CommandModule = {
  command: 'pull [service..]',
  describe: 'Pull service images',
  builder: (yargs: Argv) =>
    yargs
      .option('ignore-buildable', { type: 'boolean', default: false, description: 'Ignore images that can be built' })
      .option('ignore-pull-failures', { type: 'boolean', default: false, description: 'Pull what it can and ignores images with pull failures' })
      .option('include-deps', { type: 'boolean', default: false, description: 'Also pull services declared as dependencies' })
      .option('policy', { type: 'string', choices: ['missing', 'always'], description: 'Apply pull policy ("missing"|"always")' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, description: 'Pull without printing progress information' }),
  handler: async (argv) => {
    const { options, project, selected } = selection(argv, argv['includeDeps'] === true);
    const policy = argv['policy'] as 'missing' | 'always' | undefined;
    const observed = await observeProject({ projectName: project.name, images: selected.map((service) => serviceImage(project, service)), allowUnreachable: options.dryRun });
    const plan = planPull(project, observed, selected, {
      ignoreBuildable: argv['ignoreBuildable'] === true,
      ignorePullFailures: argv['ignorePullFailures'] === true,
      quiet: argv['quiet'] === true,
      ...(policy === undefined ? {} : { policy }),
    });
    const unpulled = new Set<string>();
    const warn = (message: string): void => {
      printWarnings([message]);
      for (const step of plan.steps) if (message.startsWith(`${step.resource.type} ${step.resource.name}: `) && step.service !== undefined && project.services[step.service]?.build !== undefined) unpulled.add(step.service);
    };
    await runPlan(plan, options, { heading: `berth pull --dry-run: project "${project.name}"`, warn });
    // compose's tail: what could not be pulled but can be built.
    if (unpulled.size > 0) printWarnings([`Some service image(s) must be built from source by running:\n    berth build ${[...unpulled].sort().join(' ')}`]);
  },
};

export const pushCommand: CommandModule = {
  command: 'push [service..]',
  describe: 'Push service images',
  builder: (yargs: Argv) =>
    yargs
      .option('ignore-push-failures', { type: 'boolean', default: false, description: 'Push what it can and ignores images with push failures' })
      .option('include-deps', { type: 'boolean', default: false, description: 'Also push images of services declared as dependencies' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, description: 'Push without printing progress information' }),
  handler: async (argv) => {
    const { options, project, selected } = selection(argv, argv['includeDeps'] === true);
    const plan = planPush(project, selected, { ignorePushFailures: argv['ignorePushFailures'] === true, quiet: argv['quiet'] === true });
    await runPlan(plan, options, { heading: `berth push --dry-run: project "${project.name}"` });
  },
};
