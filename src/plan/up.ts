import { UserError } from '../model/errors.js';
import type { ObservedContainer, ObservedMount, ObservedState } from '../model/observed.js';
import type { Plan, StepCondition } from '../model/plan.js';
import type { Project, ServiceConfig } from '../model/project.js';
import { containerArgs } from './container-args.js';
import { filesToCopy } from './file-objects.js';
import { networkConnectArgs } from './flags/network.js';
import { convergeService, recreateCondition, type ContainerAction, type RecreateStrategy } from './converge.js';
import { inDependencyOrder, selectServices } from './graph.js';
import { divergedNetworks, divergedVolumes } from './diverged-resources.js';
import { inheritedVolumes, withInheritedVolumes } from './inherit-volumes.js';
import { planNetworkRecreation } from './network-recreate.js';
import { planVolumeRecreation, servicesUsingVolume, volumeQuestion } from './volume-recreate.js';
import { containerName, replicaCount, serviceImage, temporaryName } from './names.js';
import { PlanBuilder } from './plan-builder.js';
import { planOrphans, planRemoveContainer } from './teardown.js';
import { imageRefreshes, planImageSteps, planResources, type PullPolicy } from './up-resources.js';
import { dependencyWaits, planFinalWaits } from './waits.js';

export interface UpOptions {
  /** Services named on the command line; all when empty. */
  readonly services?: readonly string[];
  readonly noDeps?: boolean;
  readonly build?: boolean;
  readonly noBuild?: boolean;
  readonly pull?: PullPolicy;
  readonly quietPull?: boolean;
  readonly forceRecreate?: boolean;
  readonly noRecreate?: boolean;
  /** Recreate dependencies even when unchanged (--always-recreate-deps). */
  readonly alwaysRecreateDeps?: boolean;
  /** -V: recreate with fresh anonymous volumes instead of taking over the old ones. */
  readonly renewAnonVolumes?: boolean;
  readonly noStart?: boolean;
  readonly removeOrphans?: boolean;
  readonly scale?: Readonly<Record<string, number>>;
  /** --wait: finish only when every container runs (and is healthy, if it has a healthcheck). */
  readonly wait?: boolean;
  /** Stop timeout (seconds) for containers being replaced. */
  readonly timeout?: number;
  /** Keys of changed volumes the user agreed to recreate (-y, or yes at the prompt); others are kept. */
  readonly recreateVolumes?: readonly string[];
}

/** The changed volumes this `up` recreates: those diverged and agreed to. */
function volumesToRecreate(project: Project, observed: ObservedState, services: readonly ServiceConfig[], options: UpOptions): string[] {
  return divergedVolumes(project, observed, services).filter((key) => (options.recreateVolumes ?? []).includes(key));
}

/** The observed state with the containers of recreated volumes' users left out: `up` creates them fresh. */
function withoutVolumeUsers(project: Project, observed: ObservedState, keys: readonly string[]): ObservedState {
  if (keys.length === 0) return observed;
  const users = new Set(keys.flatMap((key) => [...servicesUsingVolume(project, key)]));
  return { ...observed, containers: observed.containers.filter((container) => !users.has(container.service)) };
}

function strategyFor(service: ServiceConfig, options: UpOptions): RecreateStrategy {
  const targeted = (options.services ?? []).length === 0 || (options.services ?? []).includes(service.name);
  if (options.noRecreate === true) return 'never';
  if (targeted) return options.forceRecreate === true || options.renewAnonVolumes === true ? 'force' : 'diverged';
  return options.alwaysRecreateDeps === true ? 'force' : 'diverged';
}

/** Per service (in dependency order), what `up` does with each of its containers. */
export function decideContainers(project: Project, seen: ObservedState, options: UpOptions = {}): Map<string, ContainerAction[]> {
  const services = inDependencyOrder(selectServices(project, options.services ?? [], options.noDeps));
  const observed = withoutVolumeUsers(project, seen, volumesToRecreate(project, seen, services, options));
  const refreshedImages = new Set(imageRefreshes(project, observed, services, options).keys());
  const recreated = new Map<string, StepCondition | null>();
  const decisions = new Map<string, ContainerAction[]>();
  for (const service of services) {
    const actions = convergeService(service, {
      project, observed, refreshedImages, recreated,
      strategy: strategyFor(service, options),
      scale: options.scale ?? {},
      noStart: options.noStart === true,
    });
    const condition = recreateCondition(actions);
    if (condition !== undefined) recreated.set(service.name, condition);
    decisions.set(service.name, actions);
  }
  return decisions;
}

/** Containers `up` may replace: their mounts are needed (one `docker inspect`) to carry anonymous volumes over. */
export function containersToInspect(project: Project, observed: ObservedState, options: UpOptions = {}): string[] {
  if (options.renewAnonVolumes === true) return [];
  return [...decideContainers(project, observed, options).values()].flat().flatMap((action) => (action.kind === 'recreate' ? [action.container.id] : []));
}

function warnAboutScaledPorts(services: readonly ServiceConfig[], options: UpOptions, builder: PlanBuilder): void {
  for (const service of services) {
    if (replicaCount(service, options.scale) > 1 && (service.ports ?? []).some((port) => port.published !== undefined && !port.published.includes('-'))) {
      builder.warnings.push(`The "${service.name}" service specifies a port on the host. If multiple containers for this service are created on a single host, the port will clash.`);
    }
  }
}

/** Plans `up`: the steps that take the engine from `observed` to the project. */
export function planUp(project: Project, observed: ObservedState, options: UpOptions = {}): Plan {
  const builder = new PlanBuilder({ apiVersion: observed.apiVersion });
  const services = inDependencyOrder(selectServices(project, options.services ?? [], options.noDeps));
  if (services.length === 0) throw new UserError(Object.keys(project.services).length + Object.keys(project.disabledServices).length === 0 ? `${project.configFiles.join(', ')}: no service selected: the project defines no services` : 'no service selected');
  warnAboutScaledPorts(services, options, builder);
  const decisions = decideContainers(project, observed, options);
  const changedVolumes = divergedVolumes(project, observed, services);
  const volumeKeys = changedVolumes.filter((key) => (options.recreateVolumes ?? []).includes(key));
  for (const key of changedVolumes.filter((candidate) => !volumeKeys.includes(candidate))) {
    builder.warnings.push(`${volumeQuestion(project, key)} Kept as it is: answer yes, or run up -y, to recreate it.`);
  }
  const removing = planVolumeRecreation(project, observed, volumeKeys, services, options.timeout, builder);
  const reconnects = planNetworkRecreation(project, observed, divergedNetworks(project, observed, services), decisions, removing, options.timeout, builder);
  const resourceSteps = planResources(project, observed, services, builder);
  const imageSteps = planImageSteps(project, imageRefreshes(project, observed, services, options), options, builder);
  const ready = new Map<string, string[]>();
  const containers = new Map<string, string[]>();
  for (const service of services) {
    const actions = decisions.get(service.name) ?? [];
    const imageStep = imageSteps.get(serviceImage(project, service));
    const needs = [...(resourceSteps.get(service.name) ?? []), ...(reconnects.get(service.name) ?? []), ...(imageStep === undefined ? [] : [imageStep])];
    if (actions.some((action) => action.kind !== 'keep')) needs.push(...dependencyWaits(service, { ready, containers }, builder, options.noStart === true));
    const imageVolumes = observed.imageVolumes?.get(serviceImage(project, service)) ?? [];
    ready.set(service.name, actions.flatMap((action) => planAction(project, service, action, needs, options, builder, imageVolumes)));
    containers.set(service.name, actions.flatMap((action) => (action.kind === 'remove' ? [] : [action.kind === 'create' ? containerName(project, service, action.number) : action.container.name])));
  }
  planOrphans(project, observed, options.removeOrphans === true, builder);
  if (options.wait === true && options.noStart !== true) planFinalWaits(project, services, { ready, containers }, builder);
  return builder.build();
}

function planAction(project: Project, service: ServiceConfig, action: ContainerAction, needs: readonly string[], options: UpOptions, builder: PlanBuilder, imageVolumes: readonly string[]): string[] {
  switch (action.kind) {
    case 'keep':
      return [];
    case 'create':
      return planCreate(project, service, action.number, 'not found', needs, options, builder);
    case 'start':
      return [planStart(action.container.name, service, `container:${service.name}:${action.container.number}:start`, action.container.state, needs, builder)];
    case 'remove':
      planRemoveContainer(action.container, action.cause, [], options.timeout, builder);
      return [];
    case 'recreate':
      return planRecreate(project, service, action.container, action.cause, action.onlyIf, needs, options, builder, imageVolumes);
  }
}

/** Other networks of the service than the primary one, in priority order. */
function serviceNetworkKeys(service: ServiceConfig): string[] {
  return Object.entries(service.networks ?? {})
    .sort(([a, x], [b, y]) => (y?.priority ?? 0) - (x?.priority ?? 0) || (a < b ? -1 : 1))
    .map(([key]) => key);
}

/** How a container is created when it replaces another. */
interface Replacement {
  readonly temporary: string;
  readonly volumes: readonly ObservedMount[];
  readonly onlyIf: StepCondition | undefined;
}

function planCreate(project: Project, service: ServiceConfig, number: number, cause: string, needs: readonly string[], options: UpOptions, builder: PlanBuilder, replacing?: Replacement): string[] {
  const name = containerName(project, service, number);
  const networkKeys = service.network_mode === undefined ? serviceNetworkKeys(service) : [];
  const createName = replacing?.temporary ?? name;
  const translate = { engine: builder.engine, warn: (message: string) => builder.warnOnce(message) };
  const args = withInheritedVolumes(containerArgs(project, service, { name: createName, number, primaryNetwork: networkKeys[0] }, translate), replacing?.volumes ?? []);
  const files = filesToCopy(project, service);
  const base = `container:${service.name}:${number}`;
  const oneShot = networkKeys.length <= 1 && files.length === 0 && replacing === undefined && options.noStart !== true;
  const resource = { type: 'Container' as const, name };
  const onlyIf = replacing?.onlyIf === undefined ? {} : { onlyIf: replacing.onlyIf };
  if (oneShot) {
    return [builder.add({ id: `${base}:run`, kind: 'container.run', resource, service: service.name, cause, argv: ['run', '-d', ...args], dependsOn: [...needs], doing: 'Creating', done: 'Started' })];
  }
  let last = builder.add({ id: `${base}:create`, kind: 'container.create', resource, service: service.name, cause, argv: ['create', ...args], dependsOn: [...needs], doing: 'Creating', done: 'Created', ...onlyIf });
  for (const key of networkKeys.slice(1)) {
    last = builder.add({
      id: `${base}:connect:${key}`,
      kind: 'network.connect',
      resource,
      service: service.name,
      cause: `attach to network ${key} before start`,
      argv: networkConnectArgs(project, service, key, createName),
      dependsOn: [last],
      doing: 'Connecting',
      done: 'Connected',
      ...onlyIf,
    });
  }
  if (files.length > 0) {
    last = builder.add({
      id: `${base}:copy`,
      kind: 'container.copy',
      resource,
      service: service.name,
      cause: `write ${files.map((file) => file.what).join(', ')} before start`,
      argv: ['cp', '-', `${createName}:/`],
      copy: { container: createName, files },
      dependsOn: [last],
      doing: 'Copying',
      done: 'Copied',
      ...onlyIf,
    });
  }
  if (replacing !== undefined || options.noStart === true) return [last];
  return [planStart(name, service, `${base}:start`, 'created', [last], builder)];
}

function planStart(name: string, service: ServiceConfig, id: string, state: string, needs: readonly string[], builder: PlanBuilder, onlyIf?: StepCondition): string {
  return builder.add({
    id,
    kind: 'container.start',
    resource: { type: 'Container', name },
    service: service.name,
    cause: `container is ${state}`,
    argv: ['start', name],
    dependsOn: [...needs],
    doing: 'Starting',
    done: 'Started',
    ...(onlyIf === undefined ? {} : { onlyIf }),
  });
}

/**
 * compose's recreate: create the new container under a temporary name (taking over the old one's
 * anonymous volumes unless -V), stop and remove the old, rename, start. With a condition (a build
 * that may leave the image as it was), every step runs only if the image ID changed, and a stopped
 * container that stays is started instead.
 */
function planRecreate(project: Project, service: ServiceConfig, old: ObservedContainer, cause: string, onlyIf: StepCondition | undefined, needs: readonly string[], options: UpOptions, builder: PlanBuilder, imageVolumes: readonly string[]): string[] {
  const name = containerName(project, service, old.number);
  const temporary = temporaryName(old.id, name);
  const base = `container:${service.name}:${old.number}`;
  const volumes = options.renewAnonVolumes === true ? [] : inheritedVolumes(service, old, imageVolumes);
  const created = planCreate(project, service, old.number, cause, needs, options, builder, { temporary, volumes, onlyIf });
  const removed = planRemoveContainer(old, cause, created, options.timeout, builder, onlyIf);
  const renamed = builder.add({
    id: `${base}:rename`,
    kind: 'container.rename',
    resource: { type: 'Container', name },
    service: service.name,
    cause,
    argv: ['rename', temporary, name],
    dependsOn: [removed],
    doing: 'Recreate',
    done: 'Recreated',
    ...(onlyIf === undefined ? {} : { onlyIf }),
  });
  if (options.noStart === true) return [renamed];
  const started = [planStart(name, service, `${base}:start`, 'recreated', [renamed], builder, onlyIf)];
  if (onlyIf !== undefined && old.state !== 'running' && old.state !== 'restarting') {
    started.push(planStart(name, service, `${base}:start-unchanged`, old.state, needs, builder, { ...onlyIf, when: 'unchanged' }));
  }
  return started;
}
