import type { Argv, CommandModule } from 'yargs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError, ExitStatus } from '../../model/errors.js';
import type { Project } from '../../model/project.js';
import { runDockerInteractive } from '../../engine/docker.js';
import { observeStack, repoDigests, ServiceFailure, waitForStack } from '../../engine/swarm.js';
import { createRenderer, progressMode } from '../../ui/renderers/select.js';
import { showStackProgress } from '../../ui/stack-progress.js';
import type { Plan } from '../../model/plan.js';
import { serviceImage } from '../../plan/names.js';
import { buildServices, deployedImage, planStackImages } from '../../plan/swarm/images.js';
import { expectedNames, planStackDeploy, type DeployOptions } from '../../plan/swarm/deploy.js';
import { STACK_NAME, stackObjectName } from '../../plan/swarm/names.js';
import { contentSources, type FileContents } from '../../plan/swarm/stack-objects.js';
import { loadWithEnvironment } from '../context.js';
import { toGlobalOptions, type GlobalOptions } from '../global-options.js';
import { runPlan } from '../run-plan.js';

/** Reads the content of every secret and config the stack's services use (plan/ reads no files). */
function readContents(project: Project, environment: Readonly<Record<string, string>>): FileContents {
  const contents: Record<string, string> = {};
  for (const { key, source } of contentSources(project)) {
    if ('content' in source) contents[key] = source.content;
    else if ('environment' in source) {
      const value = environment[source.environment] ?? process.env[source.environment];
      if (value === undefined) throw new UserError(`${key}: environment variable ${source.environment} is not set`);
      contents[key] = value;
    } else {
      try {
        contents[key] = readFileSync(path.resolve(project.workingDir, source.file), 'utf8');
      } catch (error) {
        throw new UserError(`${key}: cannot read ${source.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
    }
  }
  return contents;
}

/** What each `build:` service deploys: its image with the digest it was pushed as (the local image's now, before a dry run's build). */
async function builtImageReferences(project: Project): Promise<Record<string, string>> {
  const services = buildServices(project);
  const digests = await repoDigests([...new Set(services.map((service) => serviceImage(project, service)))]);
  return Object.fromEntries(services.map((service) => {
    const image = serviceImage(project, service);
    return [service.name, deployedImage(image, digests[image] ?? [])];
  }));
}

/** The deploy plan behind the image steps (one script for --dry-run). */
function afterImages(images: Plan, deploy: Plan): Plan {
  const imageIds = images.steps.map((step) => step.id);
  return { steps: [...images.steps, ...deploy.steps.map((step) => ({ ...step, dependsOn: [...step.dependsOn, ...imageIds] }))], warnings: [...images.warnings, ...deploy.warnings] };
}

function stackArgument(argv: Record<string, unknown>): string {
  const stack = String(argv['stack'] ?? '');
  if (!STACK_NAME.test(stack)) throw new UserError(`invalid stack name "${stack}": letters, digits, "_", "." and "-", starting with a letter or digit`);
  return stack;
}

async function deploy(argv: Record<string, unknown>): Promise<void> {
  const stack = stackArgument(argv);
  const files = (argv['composeFile'] as string[] | undefined) ?? [];
  const global = toGlobalOptions(argv);
  const options: GlobalOptions = files.length > 0 ? { ...global, file: files } : global;
  const { project, environment } = loadWithEnvironment(options);
  const contents = readContents(project, environment);
  const resolveImage = String(argv['resolveImage'] ?? 'always');
  if (!['always', 'changed', 'never'].includes(resolveImage)) throw new UserError(`--resolve-image: "${resolveImage}" is not one of always, changed, never`);
  const deployOptions: DeployOptions = { prune: argv['prune'] === true, resolveImage: resolveImage as DeployOptions['resolveImage'], withRegistryAuth: argv['withRegistryAuth'] === true };
  const heading = `berth stack deploy ${stack}`;
  const images = planStackImages(project);
  // Built images first (their pushed digests are what the services then deploy); a dry run prints both in one script.
  if (!options.dryRun) await runPlan(images, options, { heading });
  const started = Date.now() - 2000;
  const builtImages = await builtImageReferences(project);
  const observed = await observeStack(stack, expectedNames(project, stack, contents), deployOptions.prune);
  const plan = planStackDeploy(project, stack, contents, observed, { ...deployOptions, builtImages });
  await runPlan(options.dryRun ? afterImages(images, plan) : plan, options, { heading });
  if (options.dryRun || argv['detach'] === true) return;
  await waitWithProgress(stack, Object.keys(project.services).map((name) => stackObjectName(stack, name)).sort(), started, options);
}

/** Waits for the services to converge, showing each one's running/desired tasks as the other commands show progress. */
async function waitWithProgress(stack: string, services: readonly string[], since: number, options: GlobalOptions): Promise<void> {
  const progress = showStackProgress(await createRenderer(progressMode(options.progress, options.ansi)), services);
  try {
    await waitForStack(stack, services, since, progress.look);
    await progress.converged();
  } catch (error) {
    await progress.fail(error instanceof ServiceFailure ? error.service : undefined, error as Error);
    throw error;
  }
}

/** `docker stack WORD ...`: the docker CLI's own listing and removal, whose output shapes are the reference. */
async function delegate(word: string, argv: Record<string, unknown>): Promise<void> {
  const stack = argv['stack'] === undefined ? [] : [stackArgument(argv)];
  const format = typeof argv['format'] === 'string' ? ['--format', argv['format']] : [];
  const code = await runDockerInteractive(['stack', word, ...format, ...(argv['quiet'] === true ? ['--quiet'] : []), ...stack]);
  if (code !== 0) throw new ExitStatus(code);
}

/** The subcommands, by word. */
const SUBCOMMANDS: Readonly<Record<string, (argv: Record<string, unknown>) => Promise<void>>> = {
  deploy,
  ls: (argv) => delegate('ls', argv),
  ps: (argv) => delegate('ps', argv),
  services: (argv) => delegate('services', argv),
  rm: (argv) => delegate('rm', argv),
  config: async (argv) => {
    const files = (argv['composeFile'] as string[] | undefined) ?? [];
    const { configCommand } = await import('./config.js');
    await configCommand.handler({ _: [], $0: 'berth', ...argv, ...(files.length > 0 ? { file: files } : {}) });
  },
};

/** One command word with the subcommands of `docker stack` (berth's command line has one level of commands). */
export const stackCommand: CommandModule = {
  command: 'stack <subcommand> [stack]',
  describe: 'Manage Swarm stacks: deploy STACK, ls, ps STACK, services STACK, rm STACK, config',
  builder: (yargs: Argv) => yargs
    .option('compose-file', { alias: 'c', type: 'string', array: true, nargs: 1, description: 'deploy, config: path to a Compose file (default: found as `up` finds it)' })
    .option('prune', { type: 'boolean', default: false, description: 'deploy: prune services that are no longer referenced' })
    .option('resolve-image', { type: 'string', choices: ['always', 'changed', 'never'], default: 'always', description: 'deploy: query the registry to resolve image digest' })
    .option('with-registry-auth', { type: 'boolean', default: false, description: 'deploy: send registry authentication details to Swarm agents' })
    .option('detach', { alias: 'd', type: 'boolean', default: false, description: 'deploy: exit immediately instead of waiting for the services to converge' })
    .option('format', { type: 'string', description: 'ls, ps, services: format output (table, json or a Go template)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, description: 'ps, services: only display IDs' }),
  handler: async (argv) => {
    const word = String(argv['subcommand']);
    const run = SUBCOMMANDS[word];
    if (run === undefined) throw new UserError(`unknown stack subcommand "${word}": deploy, ls, ps, services, rm or config`);
    if (['deploy', 'ps', 'services', 'rm'].includes(word) && argv['stack'] === undefined) throw new UserError(`stack ${word} needs a STACK argument`);
    await run(argv);
  },
};
