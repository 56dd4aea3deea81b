import { UserError } from '../model/errors.js';
import type { ObservedState } from '../model/observed.js';
import type { Project, ServiceConfig } from '../model/project.js';
import { buildInvocation, type BuildingService } from './container-args.js';
import { durationSeconds } from '../keys/duration.js';
import { serviceImage } from './names.js';
import type { PlanBuilder } from './plan-builder.js';
import { networkCreateFlags, volumeCreateFlags } from './resource-args.js';

/** `up --pull`: overrides every service's pull_policy. */
export type PullPolicy = 'always' | 'missing' | 'never' | 'build';

export interface ImageOptions {
  readonly build?: boolean;
  readonly noBuild?: boolean;
  readonly pull?: PullPolicy;
}

/** How an image is refreshed in this run, and why. */
export interface ImageRefresh {
  readonly kind: 'build' | 'pull';
  readonly service: ServiceConfig;
  readonly cause: string;
}

function pullPolicy(service: ServiceConfig, options: ImageOptions): string {
  if (options.pull !== undefined) return options.pull;
  if (options.build === true && service.build !== undefined) return 'build';
  return service.pull_policy ?? 'missing';
}

const DAY_SECONDS = 24 * 3600;

/** The refresh window of a pull_policy, in seconds (compose-go's GetPullPolicy): daily, weekly, every_<duration>, refresh with pull_refresh_after. */
export function pullWindowSeconds(policy: string, refreshAfter: unknown): number | undefined {
  if (policy === 'daily') return DAY_SECONDS;
  if (policy === 'weekly') return 7 * DAY_SECONDS;
  if (policy.startsWith('every_')) return durationSeconds(policy.slice('every_'.length));
  if (policy === 'refresh' && typeof refreshAfter === 'string') return durationSeconds(refreshAfter);
  return undefined;
}

/** Why a present image is pulled again: its window has passed since the engine last tagged it. */
function windowPassed(image: string, policy: string, service: ServiceConfig, observed: ObservedState): string | undefined {
  const window = pullWindowSeconds(policy, service['pull_refresh_after']);
  const tagged = observed.imagesTagged?.get(image);
  if (window === undefined || tagged === undefined || observed.observedAt === undefined) return undefined;
  if (observed.observedAt < tagged + window * 1000) return undefined;
  return `pull_policy ${policy}: ${tagged === 0 ? 'never pulled here' : `last pulled ${new Date(tagged).toISOString()}`}`;
}

/** The images to build or pull before containers are created, as compose's ensureImagesExists decides. */
export function imageRefreshes(project: Project, observed: ObservedState, services: readonly ServiceConfig[], options: ImageOptions): Map<string, ImageRefresh> {
  const refreshes = new Map<string, ImageRefresh>();
  for (const service of services) {
    const image = serviceImage(project, service);
    if (refreshes.has(image)) continue;
    const present = observed.images.has(image);
    const policy = pullPolicy(service, options);
    const buildable = service.build !== undefined && options.noBuild !== true;
    if (buildable && (policy === 'build' || !present)) {
      refreshes.set(image, { kind: 'build', service, cause: present ? 'build requested' : 'not found locally' });
    } else if (policy === 'always' || (!present && policy !== 'never' && policy !== 'build' && !buildable)) {
      refreshes.set(image, { kind: 'pull', service, cause: present ? 'pull_policy always' : 'not found locally' });
    } else if (present && windowPassed(image, policy, service, observed) !== undefined) {
      refreshes.set(image, { kind: 'pull', service, cause: windowPassed(image, policy, service, observed) ?? '' });
    } else if (!present && observed.engineReachable && service.build === undefined && policy === 'never') {
      throw new UserError(`service "${service.name}": image ${image} is not present locally and pull_policy is never`);
    }
  }
  return refreshes;
}

/** Adds the build and pull steps; returns the step id per image. */
export function planImageSteps(project: Project, refreshes: ReadonlyMap<string, ImageRefresh>, options: { quietPull?: boolean }, builder: PlanBuilder): Map<string, string> {
  const ids = new Map<string, string>();
  for (const [image, refresh] of refreshes) {
    const id = `image:${image}`;
    const resource = { type: 'Image' as const, name: image };
    if (refresh.kind === 'build') {
      const service = refresh.service as BuildingService;
      const inline = service.build.dockerfile_inline;
      const invocation = buildInvocation(project, service, { warn: (message) => builder.warnOnce(message) });
      builder.add({ id, resource, service: service.name, cause: refresh.cause, dependsOn: [], kind: 'image.build', ...invocation, ...(inline === undefined ? {} : { input: inline }), doing: 'Building', done: 'Built' });
    } else {
      const argv = options.quietPull === true ? ['pull', '--quiet', image] : ['pull', image];
      builder.add({ id, resource, service: refresh.service.name, cause: refresh.cause, dependsOn: [], kind: 'image.pull', argv, doing: 'Pulling', done: 'Pulled' });
    }
    ids.set(image, id);
  }
  return ids;
}

/** Network and volume creation; returns, per service, the step ids its containers wait for. */
export function planResources(project: Project, observed: ObservedState, services: readonly ServiceConfig[], builder: PlanBuilder): Map<string, string[]> {
  const needs = new Map<string, string[]>();
  for (const service of services) {
    const ids: string[] = [];
    for (const key of Object.keys(service.networks ?? {}).sort()) {
      const id = planNetwork(project, observed, key, builder);
      if (id !== undefined) ids.push(id);
    }
    for (const volume of service.volumes ?? []) {
      if (volume.type !== 'volume' || volume.source === undefined) continue;
      const id = planVolume(project, observed, volume.source, builder);
      if (id !== undefined) ids.push(id);
    }
    needs.set(service.name, ids);
  }
  return needs;
}

function planNetwork(project: Project, observed: ObservedState, key: string, builder: PlanBuilder): string | undefined {
  const network = project.networks[key];
  if (network === undefined) return undefined;
  const exists = observed.networks.has(network.name);
  if (network.external === true) {
    if (!exists && observed.engineReachable) throw new UserError(`network ${network.name} declared as external, but could not be found`);
    return undefined;
  }
  const id = `network:${key}`;
  // Already planned: created here for another service, or recreated because its definition changed.
  if (builder.has(id)) return id;
  if (exists) return undefined;
  return builder.add({
    id,
    kind: 'network.create',
    resource: { type: 'Network', name: network.name },
    cause: 'not found',
    argv: ['network', 'create', ...networkCreateFlags(project, key, builder), network.name],
    dependsOn: [],
    doing: 'Creating',
    done: 'Created',
  });
}

function planVolume(project: Project, observed: ObservedState, key: string, builder: PlanBuilder): string | undefined {
  const volume = project.volumes[key];
  if (volume === undefined) return undefined;
  const exists = observed.volumes.has(volume.name);
  if (volume.external === true) {
    if (!exists && observed.engineReachable) throw new UserError(`external volume "${volume.name}" not found`);
    return undefined;
  }
  const id = `volume:${key}`;
  // Already planned: created here for another service, or recreated because its definition changed.
  if (builder.has(id)) return id;
  if (exists) return undefined;
  return builder.add({
    id,
    kind: 'volume.create',
    resource: { type: 'Volume', name: volume.name },
    cause: 'not found',
    argv: ['volume', 'create', ...volumeCreateFlags(project, key), volume.name],
    dependsOn: [],
    doing: 'Creating',
    done: 'Created',
  });
}
