import { posix } from 'node:path';
import type { Project, ServiceConfig } from '../model/project.js';
import type { ArgPart } from '../model/plan.js';
import { runtimeOf } from '../model/service-runtime.js';
import { BERTH_VERSION, Label } from '../model/labels.js';
import { serviceImage } from './names.js';
import { apiSocketFlags } from './flags/api-socket.js';
import { sortedEntries, type ContainerIdentity, type EngineFacts, type FlagContext, type FlagFamily } from './flags/context.js';
import { healthFlags } from './flags/health.js';
import { reportIgnoredKeys } from './flags/ignored.js';
import { buildArgFlags, environmentFlags } from './flags/environment.js';
import { labelFlags } from './flags/labels.js';
import { mountFlags } from './flags/mounts.js';
import { nameResolutionFlags, networkFlags, portAndExposeFlags } from './flags/network.js';
import { imageAndCommand, processFlags } from './flags/process.js';
import { resourceFlags } from './flags/resources.js';
import { securityFlags } from './flags/security.js';
import { buildKeyFlags, buildKitKeys } from '../keys/build-keys.js';

export type { ContainerIdentity, EngineFacts } from './flags/context.js';
export { portFlags } from './flags/network.js';

/** How the translation reaches the engine's limits and reports what it drops. */
export interface TranslateOptions {
  readonly engine?: EngineFacts;
  /** Receives `ignored: services.<name>.<key>: <why>` for each key berth cannot pass on. */
  readonly warn?: (message: string) => void;
}

/** Flags for `docker create`/`docker run` of one service replica, then the image and command. */
export function containerArgs(project: Project, service: ServiceConfig, identity: ContainerIdentity, options: TranslateOptions = {}): ArgPart[] {
  const context: FlagContext = {
    project,
    service,
    runtime: runtimeOf(service),
    identity,
    engine: options.engine ?? {},
    ignore: (keyPath, why) => options.warn?.(`ignored: services.${service.name}.${keyPath}: ${why}`),
    caveat: (keyPath, what) => options.warn?.(`warning: services.${service.name}.${keyPath}: ${what}`),
  };
  reportIgnoredKeys(context);
  const args: ArgPart[] = ['--name', identity.name];
  append(args, labelFlags(context));
  if (service.environment !== undefined) append(args, environmentFlags(service.environment, `services.${service.name}.environment`, (message) => options.warn?.(message)));
  for (const family of FAMILIES_AFTER_ENVIRONMENT) append(args, family(context));
  return args;
}

/** The flag families after the environment, in argv order. */
const FAMILIES_AFTER_ENVIRONMENT: readonly FlagFamily[] = [networkFlags, portAndExposeFlags, nameResolutionFlags, mountFlags, apiSocketFlags, processFlags, securityFlags, resourceFlags, healthFlags, imageAndCommand];

/** Appends in place (spreading a dozen arrays into one literal cost a tenth of planning a container). */
function append(args: ArgPart[], parts: readonly ArgPart[]): void {
  for (const part of parts) args.push(part);
}

/** `build`'s own flags that reach the builder (compose's --builder, -m, --provenance, --sbom, --ssh). */
export interface BuilderFlags {
  /** -m/--memory in bytes: the classic builder's memory limit (BuildKit has none). */
  readonly memory?: number;
  readonly builder?: string;
  readonly provenance?: string;
  readonly sbom?: string;
  readonly ssh?: string;
}

/** The string-valued `build` flags only `docker buildx build` takes. */
export const BUILDX_FLAGS = ['builder', 'provenance', 'sbom', 'ssh'] as const;

/** The `build` flags given that only `docker buildx build` takes (`build --ssh`...), for the step's needsBuildx. */
export function builderFlagsNeedingBuildx(flags: BuilderFlags): string[] {
  return BUILDX_FLAGS.filter((name) => flags[name] !== undefined).map((name) => `build --${name}`);
}

/** A service that builds its image. */
export type BuildingService = ServiceConfig & { readonly build: NonNullable<ServiceConfig['build']> };

export interface BuildOptionsOfStep {
  readonly noCache?: boolean;
  readonly pull?: boolean;
  readonly quiet?: boolean;
  /** --check: BuildKit's checks of the same build, nothing built or loaded. */
  readonly check?: boolean;
  readonly builderFlags?: BuilderFlags;
  readonly warn?: (message: string) => void;
}

/** A service's image build: its docker argv, and what in it needs buildx (`services.web.build.ssh`, `build --check`...). */
export interface BuildInvocation {
  readonly argv: ArgPart[];
  readonly needsBuildx?: string[];
}

/** `docker build` of a service's image, or `docker buildx build --load` when a key or flag needs BuildKit. */
export function buildInvocation(project: Project, service: BuildingService, options: BuildOptionsOfStep = {}): BuildInvocation {
  const builderFlags = options.builderFlags ?? {};
  const needsBuildx = [
    ...buildKitKeys(service.build).map((key) => `services.${service.name}.build.${key}`),
    ...(options.check === true ? ['build --check'] : []),
    ...builderFlagsNeedingBuildx(builderFlags),
  ];
  return { argv: buildArgv(project, service, options, needsBuildx.length > 0), ...(needsBuildx.length === 0 ? {} : { needsBuildx }) };
}

function buildArgv(project: Project, service: BuildingService, options: BuildOptionsOfStep, buildKit: boolean): ArgPart[] {
  const build = service.build;
  const image = serviceImage(project, service);
  const builderFlags = options.builderFlags ?? {};
  const args: ArgPart[] = [...(options.check === true ? ['buildx', 'build', '--check'] : buildKit ? ['buildx', 'build', '--load'] : ['build']), ...(options.quiet === true ? ['-q'] : []), '-t', image];
  for (const tag of build.tags ?? []) args.push('-t', tag);
  if (build.dockerfile !== undefined) {
    args.push('-f', posix.isAbsolute(build.dockerfile) ? build.dockerfile : posix.join(build.context, build.dockerfile));
  }
  args.push(...buildArgFlags(build.args ?? {}, `services.${service.name}.build.args`, (message) => options.warn?.(message)));
  const labels = { ...build.labels, [Label.project]: project.name, [Label.service]: service.name, [Label.version]: BERTH_VERSION };
  for (const [key, value] of sortedEntries(labels)) args.push('--label', `${key}=${value}`);
  if (build.target !== undefined) args.push('--target', build.target);
  args.push(...buildKeyFlags(build, { secrets: project.secrets }, buildKit));
  // compose builds for the service's platform unless build.platforms says otherwise.
  const platform = (service as { platform?: unknown }).platform;
  if (typeof platform === 'string' && build['platforms'] === undefined) args.push('--platform', platform);
  if (options.noCache === true && build['no_cache'] !== true) args.push('--no-cache');
  if (options.pull === true && build['pull'] !== true) args.push('--pull');
  for (const name of BUILDX_FLAGS) if (builderFlags[name] !== undefined) args.push(`--${name}`, builderFlags[name]);
  if (builderFlags.memory !== undefined) {
    if (buildKit) options.warn?.(`services.${service.name}: build --memory is not supported by BuildKit (docker buildx build): ignored`);
    else args.push('--memory', String(builderFlags.memory));
  }
  if (build.dockerfile_inline !== undefined) args.push('-f', '-');
  args.push(build.context);
  return args;
}

