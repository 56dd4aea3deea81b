import { randomBytes } from 'node:crypto';
import type { Argv, CommandModule } from 'yargs';
import { canonicalPorts } from '../../config/canonical/ports.js';
import { splitShellWords } from '../../config/shell-words.js';
import { runForeground } from '../../engine/foreground.js';
import { observeForPlan } from '../../engine/observe.js';
import { lookupImages } from '../../engine/observe-resources.js';
import { ExitStatus, UserError } from '../../model/errors.js';
import type { ObservedState } from '../../model/observed.js';
import type { ServiceConfig } from '../../model/project.js';
import { needsEngineVersion } from '../../plan/flags/versioned-keys.js';
import { serviceImage } from '../../plan/names.js';
import { flagEnvironment, oneOffName, oneOffService, planRun, splitForeground } from '../../plan/run.js';
import { decideUp } from '../../plan/up.js';
import { loadWithEnvironment } from '../context.js';
import { readEnvFromFiles } from '../env-from-file.js';
import { runAfterStart, runOnStart } from '../one-off-hooks.js';
import { toGlobalOptions } from '../global-options.js';
import { lockProject } from '../project-lock.js';
import { runPlan } from '../run-plan.js';

/** The one-off's warnings of values docker's argv has to carry (ignored keys are `up`'s to report). */
function warnOfExposedValues(message: string): void {
  if (message.startsWith('warning: ')) process.stderr.write(`${message}\n`);
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
      .option('env-from-file', { type: 'string', array: true, nargs: 1, default: [] as string[], description: 'Set environment variables from file' })
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
      .option('quiet', { alias: 'q', type: 'boolean', default: false, description: "Don't print anything to STDOUT" })
      .option('quiet-build', { type: 'boolean', default: false, description: 'Suppress the build output' })
      .option('remove-orphans', { type: 'boolean', default: false, description: 'Remove containers for services not defined in the Compose file' }),
  handler: async (argv) => {
    // -q: no progress, and builds and pulls without their output (the container's own output stays).
    const options = argv['quiet'] === true ? { ...toGlobalOptions(argv), progress: 'quiet' as const } : toGlobalOptions(argv);
    const words = [argv['service'], ...((argv['command'] as unknown[] | undefined) ?? []), ...((argv['--'] as unknown[] | undefined) ?? [])].filter((word) => word !== undefined).map(String);
    const [serviceName, ...command] = words;
    if (serviceName === undefined) throw new UserError('run requires at least 1 argument: SERVICE');
    if (argv['servicePorts'] === true && (argv['publish'] as string[]).length > 0) throw new UserError('--service-ports and --publish are incompatible');
    if (argv['noTty'] === true && argv['tty'] === true) throw new UserError('--tty and --no-tty are incompatible');
    const quiet = argv['quiet'] === true;
    const quietPull = quiet || argv['quietPull'] === true;
    const { project, environment } = loadWithEnvironment(options, [serviceName]);
    const service = project.services[serviceName];
    if (service === undefined) throw new UserError(`no such service: ${serviceName}`);
    const dependencies = argv['noDeps'] === true ? [] : Object.keys(service.depends_on ?? {}).filter((name) => Object.hasOwn(project.services, name));
    const image = serviceImage(project, service);
    const entrypoint = argv['entrypoint'] === undefined ? undefined : splitShellWords(String(argv['entrypoint']));
    const tty = argv['noTty'] === true ? false : argv['tty'] === true || (process.stdin.isTTY === true && process.stdout.isTTY === true);
    const interactive = argv['interactive'] !== false && argv['detach'] !== true;
    const publish = argv['publish'] as string[];
    const oneOff = oneOffService(service, {
      ...(command.length > 0 ? { command } : {}),
      ...(entrypoint === undefined ? {} : { entrypoint }),
      env: argv['env'] as string[], envFromFiles: readEnvFromFiles(argv['envFromFile'] as string[], flagEnvironment(argv['env'] as string[], environment)), labels: argv['label'] as string[], publish: publish.length === 0 ? [] : canonicalPorts(publish, ['run', 'publish']),
      servicePorts: argv['servicePorts'] === true, useAliases: argv['useAliases'] === true,
      ...(argv['user'] === undefined ? {} : { user: String(argv['user']) }),
      ...(argv['workdir'] === undefined ? {} : { workdir: String(argv['workdir']) }),
      volumes: argv['volume'] as string[], capAdd: argv['capAdd'] as string[], capDrop: argv['capDrop'] as string[],
      tty, interactive,
    }, environment);
    const slug = randomBytes(32).toString('hex');
    const name = argv['name'] === undefined ? oneOffName(project, service, slug) : String(argv['name']);
    // Dependencies are brought up under the project's lock; the one-off itself has a name of its own.
    const lock = await lockProject(options, project.name);
    const request = {
      projectName: project.name,
      volumeNames: Object.values(project.volumes).map((volume) => volume.name),
      networkNames: Object.values(project.networks).map((network) => network.name),
      images: [image, ...dependencies.map((name) => serviceImage(project, project.services[name] as ServiceConfig))],
      apiVersion: needsEngineVersion(project),
      allowUnreachable: options.dryRun,
    };
    // Dependencies come up as `up` would bring them (plus the target's image), then their conditions are awaited.
    const upDependencies = (seen: ObservedState) => (dependencies.length === 0 ? { reads: { mountsOf: [], endpointsOf: [] } } : decideUp(project, seen, { services: dependencies, removeOrphans: argv['removeOrphans'] === true, quietPull }));
    const { observed, decision } = await observeForPlan(request, upDependencies);
    const plan = planRun(project, observed, 'state' in decision ? decision : undefined, {
      target: service, oneOff, slug,
      name,
      detach: argv['detach'] === true, rm: argv['rm'] === true, interactive, useAliases: argv['useAliases'] === true,
      build: argv['build'] === true, pull: argv['pull'] as 'always' | 'missing' | 'never' | undefined,
      quietPull, warn: warnOfExposedValues,
    });
    const heading = `berth run --dry-run: what berth would run now for project "${project.name}"`;
    if (options.dryRun) return runPlan(plan, options, { heading });
    const { background, foreground, afterStart } = splitForeground(plan);
    try {
      await runPlan(background, options, { heading, knownImages: observed.images, quietBuild: quiet || argv['quietBuild'] === true });
    } finally {
      lock.release();
    }
    if (foreground === undefined) return;
    // The image may have been built or pulled just now: its ID is looked up again then.
    const refreshed = background.steps.some((step) => step.resource.type === 'Image');
    const images = refreshed ? await lookupImages([image]) : observed.images;
    const detach = argv['detach'] === true;
    // Attached, the hooks run beside the one-off (their progress would garble its terminal: quiet).
    const hooks = afterStart.steps.length === 0 || detach ? undefined : runOnStart(afterStart, name, { ...options, progress: 'quiet' });
    const code = await runForeground(foreground, images).catch((error: unknown) => {
      hooks?.abandon();
      throw error;
    });
    // As compose: a hook's failure is the command's error unless the container itself failed.
    const hookError = detach && code === 0 && afterStart.steps.length > 0 ? await runAfterStart(afterStart, options).finished() : await hooks?.finished();
    if (code !== 0) throw new ExitStatus(code);
    if (hookError !== undefined) throw hookError;
  },
};
