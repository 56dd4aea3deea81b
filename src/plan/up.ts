import { UserError } from '../model/errors.js';
import { containerRef, type ObservedContainer, type ObservedMount, type ObservedState } from '../model/observed.js';
import type { ExecutionCondition, Plan, Question, Step, StepCondition } from '../model/plan.js';
import type { Project, ServiceConfig } from '../model/project.js';
import { containerArgs } from './container-args.js';
import { filesToCopy } from './file-objects.js';
import { networkConnectArgs, networkKeysInPriority } from './flags/network.js';
import { convergeService, hasTemporaryName, INTERRUPTED_RECREATE, recreateCondition, type ContainerAction, type RecreateStrategy } from './converge.js';
import { inDependencyOrder, selectServices } from './graph.js';
import { divergedNetworks, divergedVolumes } from './diverged-resources.js';
import { inheritedVolumes, withInheritedVolumes } from './inherit-volumes.js';
import { planNetworkRecreation } from './network-recreate.js';
import { planVolumeRecreation, servicesUsingVolume, volumeQuestion } from './volume-recreate.js';
import { containerName, networkName, replicaCount, serviceImage, temporaryName } from './names.js';
import { duplicatedNetworks, planInSequence, planNetworkRepair } from './network-repair.js';
import { PlanBuilder } from './plan-builder.js';
import { planHooks } from './hooks.js';
import { planOrphans, planRemoveContainer } from './teardown.js';
import { imageRefreshes, planImageSteps, planResources, type ImageRefresh, type PullPolicy } from './up-resources.js';
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
  /**
   * Changed volumes the user agreed to recreate: 'all' (-y), or the keys answered yes at the prompt;
   * undefined: not asked yet (the plan then carries the questions, and keeps the volumes).
   */
  readonly recreateVolumes?: readonly string[] | 'all';
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

/**
 * Everything `up` decides from the first look at the engine, each planner step once: the services,
 * the repair of duplicated networks, the changed networks and volumes, the images to refresh, what
 * happens to each container; the questions for the user; and what else the plan needs read from the
 * engine (mounts of containers that may be replaced, endpoints of networks to recreate).
 */
export interface UpDecision {
  readonly options: UpOptions;
  /** The state planned from: the observed one as it is after the network repair. */
  readonly state: ObservedState;
  readonly repair: Plan;
  readonly services: readonly ServiceConfig[];
  readonly containers: ReadonlyMap<string, readonly ContainerAction[]>;
  readonly changedVolumes: readonly string[];
  /** The changed volumes recreated: those agreed to (recreateVolumes). */
  readonly recreatedVolumes: readonly string[];
  readonly changedNetworks: readonly string[];
  readonly refreshes: ReadonlyMap<string, ImageRefresh>;
  /** Changed volumes nobody answered for yet: compose asks whether to recreate each. */
  readonly questions: readonly Question[];
  readonly reads: { readonly mountsOf: readonly string[]; readonly endpointsOf: readonly string[] };
}

/** Per service (in dependency order), what `up` does with each of its containers. */
function decideContainers(project: Project, observed: ObservedState, services: readonly ServiceConfig[], refreshes: ReadonlyMap<string, ImageRefresh>, options: UpOptions): Map<string, ContainerAction[]> {
  const refreshedImages = new Set(refreshes.keys());
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
function mayBeReplaced(decisions: ReadonlyMap<string, readonly ContainerAction[]>, options: UpOptions): string[] {
  if (options.renewAnonVolumes === true) return [];
  return [...decisions.values()].flat().flatMap((action) => (action.kind === 'recreate' || (action.kind === 'start' && action.container.state === 'created') ? [action.container.id] : []));
}

/** Decides `up` from the observed state (see UpDecision). Pure; the engine's follow-up reads come from `reads`. */
export function decideUp(project: Project, observed: ObservedState, options: UpOptions = {}): UpDecision {
  const services = inDependencyOrder(selectServices(project, options.services ?? [], options.noDeps));
  if (services.length === 0) throw new UserError(Object.keys(project.services).length + Object.keys(project.disabledServices).length === 0 ? `${project.configFiles.join(', ')}: no service selected: the project defines no services` : 'no service selected');
  const repaired = duplicatedNetworks(project, observed).length === 0 ? { plan: { steps: [], warnings: [] }, after: observed } : planNetworkRepair(project, observed, observed.attachments ?? new Map());
  const state = repaired.after;
  const changedVolumes = divergedVolumes(project, state, services);
  const agreed = options.recreateVolumes ?? [];
  const recreatedVolumes = agreed === 'all' ? changedVolumes : changedVolumes.filter((key) => agreed.includes(key));
  const questions = options.recreateVolumes === undefined ? changedVolumes.map((key) => ({ key, text: volumeQuestion(project, key) })) : [];
  const refreshes = imageRefreshes(project, state, services, options);
  const containers = decideContainers(project, withoutVolumeUsers(project, state, recreatedVolumes), services, refreshes, options);
  const changedNetworks = divergedNetworks(project, state, services);
  return {
    options, state, repair: repaired.plan, services, containers, changedVolumes, recreatedVolumes, changedNetworks, refreshes, questions,
    // By ID: until the repair has run, another network may share the name.
    reads: { mountsOf: mayBeReplaced(containers, options), endpointsOf: changedNetworks.map((key) => networkName(project, key)).map((name) => observed.networks.get(name)?.id ?? name) },
  };
}

/** Containers `up` may replace, whose mounts planning needs (see decideUp). */
export function containersToInspect(project: Project, observed: ObservedState, options: UpOptions = {}): string[] {
  return [...decideUp(project, observed, options).reads.mountsOf];
}

/** The decision with the volume questions answered: the keys agreed to are recreated (no new read needed). */
export function answerQuestions(project: Project, observed: ObservedState, decision: UpDecision, agreed: readonly string[]): UpDecision {
  return decideUp(project, observed, { ...decision.options, recreateVolumes: agreed });
}

function warnAboutScaledPorts(services: readonly ServiceConfig[], options: UpOptions, builder: PlanBuilder): void {
  for (const service of services) {
    if (replicaCount(service, options.scale) > 1 && (service.ports ?? []).some((port) => port.published !== undefined && !port.published.includes('-'))) {
      builder.warnings.push(`The "${service.name}" service specifies a port on the host. If multiple containers for this service are created on a single host, the port will clash.`);
    }
  }
}

/**
 * A network whose definition changed is recreated under the project's containers; a container of
 * something else attached to it would make `network rm` fail halfway, so that is refused first.
 */
function foreignEndpoints(project: Project, observed: ObservedState, decision: UpDecision): string[] {
  const ours = new Set(observed.containers.map((container) => container.id));
  return decision.changedNetworks.flatMap((key) => {
    const network = networkName(project, key);
    const foreign = (observed.endpoints?.get(network) ?? []).filter((container) => !ours.has(container.id)).map((container) => container.name);
    return foreign.length === 0 ? [] : [`network ${network} must be recreated (its definition changed), but ${foreign.join(', ')} outside the project is attached to it: disconnect it first`];
  });
}

/** Plans `up`: the steps that take the engine from `observed` to the project (decide, then plan). */
export function planUp(project: Project, observed: ObservedState, options: UpOptions = {}): Plan {
  return planDecided(project, observed, decideUp(project, observed, options));
}

/**
 * The plan of a decided `up`. `observed` is the whole snapshot (mounts, endpoints read after the
 * decision); the plan's refusals and questions are for the CLI to raise or ask before running it.
 */
export function planDecided(project: Project, observed: ObservedState, decision: UpDecision): Plan {
  const { options, services, state } = decision;
  const builder = new PlanBuilder({ apiVersion: state.apiVersion, endpoint: state.endpoint });
  warnAboutScaledPorts(services, options, builder);
  for (const key of decision.changedVolumes.filter((candidate) => !decision.recreatedVolumes.includes(candidate))) {
    builder.warnings.push(`${volumeQuestion(project, key)} Kept as it is: answer yes, or run up -y, to recreate it.`);
  }
  // Every build and pull first, as compose: a failed build changes nothing.
  const imageSteps = planImageSteps(project, decision.refreshes, options, builder);
  builder.waitForAll([...imageSteps.values()]);
  const removing = planVolumeRecreation(project, state, decision.recreatedVolumes, services, options.timeout, builder);
  const reconnects = planNetworkRecreation(project, state, decision.changedNetworks, decision.containers, removing, options.timeout, builder);
  const resourceSteps = planResources(project, state, services, builder);
  const mounts = new Map(observed.containers.flatMap((container) => (container.mounts === undefined ? [] : [[container.id, container.mounts] as const])));
  const mounted = (container: ObservedContainer): ObservedContainer => (container.mounts !== undefined || !mounts.has(container.id) ? container : { ...container, mounts: mounts.get(container.id) ?? [] });
  const ready = new Map<string, string[]>();
  const containers = new Map<string, string[]>();
  for (const service of services) {
    const actions = (decision.containers.get(service.name) ?? []).map((action): ContainerAction => (action.kind === 'create' ? action : { ...action, container: mounted(action.container) }));
    const image = serviceImage(project, service);
    const imageStep = imageSteps.get(image);
    const needs = [...(resourceSteps.get(service.name) ?? []), ...(reconnects.get(service.name) ?? []), ...(imageStep === undefined ? [] : [imageStep])];
    if (actions.some((action) => action.kind !== 'keep')) needs.push(...dependencyWaits(service, { ready, containers }, builder, options.noStart === true));
    const imageVolumes = state.imageVolumes?.get(image) ?? [];
    // What an interrupted recreate left behind goes first: the name it holds is the survivor's.
    const cleared = actions.flatMap((action) => (action.kind === 'remove' && action.cause === INTERRUPTED_RECREATE ? [planRemoveContainer(action.container, action.cause, [], options.timeout, builder)] : []));
    needs.push(...cleared);
    ready.set(service.name, actions.flatMap((action) => planAction(project, service, action, needs, options, builder, { cleared, imageVolumes })));
    containers.set(service.name, actions.flatMap((action) => (action.kind === 'remove' ? [] : [action.kind === 'create' ? containerName(project, service, action.number) : restoredName(project, service, action.container)])));
  }
  planOrphans(project, state, options.removeOrphans === true, builder);
  if (options.wait === true && options.noStart !== true) planFinalWaits(project, services, { ready, containers }, builder);
  const plan = planInSequence(decision.repair, builder.build());
  const refusals = foreignEndpoints(project, observed, decision);
  return { ...plan, ...(refusals.length === 0 ? {} : { refusals }), ...(decision.questions.length === 0 ? {} : { questions: decision.questions }) };
}

/** The container's name once `up` is done: the canonical one if it carries a recreate's temporary name. */
function restoredName(project: Project, service: ServiceConfig, container: ObservedContainer): string {
  const canonical = containerName(project, service, container.number);
  return hasTemporaryName(container, canonical) ? canonical : container.name;
}

/** A recreate interrupted between create and rename left the new container under its temporary name: it gets its name back. */
function planRenameBack(project: Project, service: ServiceConfig, container: ObservedContainer, after: readonly string[], builder: PlanBuilder): string | undefined {
  const name = restoredName(project, service, container);
  if (name === container.name) return undefined;
  return builder.add({
    id: `container:${service.name}:${container.number}:rename-back`,
    kind: 'container.rename',
    resource: { type: 'Container', name },
    service: service.name,
    cause: `left under its temporary name ${container.name} by an interrupted recreate`,
    argv: ['rename', containerRef(container), name],
    dependsOn: [...after],
    doing: 'Renaming',
    done: 'Renamed',
  });
}

function planAction(project: Project, service: ServiceConfig, action: ContainerAction, needs: readonly string[], options: UpOptions, builder: PlanBuilder, { cleared, imageVolumes }: { cleared: readonly string[]; imageVolumes: readonly string[] }): string[] {
  switch (action.kind) {
    case 'keep': {
      const renamed = planRenameBack(project, service, action.container, cleared, builder);
      return renamed === undefined ? [] : [renamed];
    }
    case 'create':
      return planCreate(project, service, action.number, 'not found', needs, options, builder);
    case 'start': {
      const renamed = planRenameBack(project, service, action.container, cleared, builder);
      const container = { ...action.container, name: restoredName(project, service, action.container) };
      const after = renamed === undefined ? needs : [...needs, renamed];
      if (container.state === 'created') return planStartOrRepair(project, service, container, after, options, builder, imageVolumes);
      return planStart(container.name, service, `container:${service.name}:${container.number}:start`, container.state, after, builder);
    }
    case 'remove':
      if (action.cause !== INTERRUPTED_RECREATE) planRemoveContainer(action.container, action.cause, [], options.timeout, builder, undefined, service);
      return [];
    case 'recreate':
      return planRecreate(project, service, action.container, action.cause, action.onlyIf, needs, options, builder, imageVolumes);
  }
}

/** How a container is created when it replaces another. */
interface Replacement {
  readonly temporary: string;
  readonly volumes: readonly ObservedMount[];
  readonly onlyIf: ExecutionCondition | undefined;
}

function planCreate(project: Project, service: ServiceConfig, number: number, cause: string, needs: readonly string[], options: UpOptions, builder: PlanBuilder, replacing?: Replacement): string[] {
  const name = containerName(project, service, number);
  const networkKeys = networkKeysInPriority(service);
  const createName = replacing?.temporary ?? name;
  const translate = { engine: builder.engine, warn: (message: string) => builder.warnOnce(message) };
  const args = withInheritedVolumes(containerArgs(project, service, { name: createName, number, primaryNetwork: networkKeys[0] }, translate), replacing?.volumes ?? []);
  const files = filesToCopy(project, service);
  const base = `container:${service.name}:${number}`;
  const oneShot = networkKeys.length <= 1 && files.length === 0 && replacing === undefined && options.noStart !== true;
  const resource = { type: 'Container' as const, name };
  const onlyIf = replacing?.onlyIf === undefined ? {} : { onlyIf: replacing.onlyIf };
  if (oneShot) {
    const run = builder.add({ id: `${base}:run`, kind: 'container.run', resource, service: service.name, cause, argv: ['run', '-d', ...args], dependsOn: [...needs], doing: 'Creating', done: 'Started' });
    return planHooks(service, 'post_start', { container: name, name, idBase: run, after: [run] }, builder);
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
  return planStart(name, service, `${base}:start`, 'created', [last], builder);
}

/** docker's errors when starting a container whose start an engine crash interrupted: its containerd task, container or shim directory is left over. */
const STUCK_START = 'already exists|id already in use|failed to start shim: .*file exists';

/**
 * A created container is started; if it cannot start because an engine crash left its task behind
 * (`task ... already exists`, `id already in use`), it is recreated (keeping its anonymous volumes).
 */
function planStartOrRepair(project: Project, service: ServiceConfig, container: ObservedContainer, needs: readonly string[], options: UpOptions, builder: PlanBuilder, imageVolumes: readonly string[]): string[] {
  const startId = `container:${service.name}:${container.number}:start-created`;
  const started = planStart(container.name, service, startId, container.state, needs, builder, {
    repairable: { errors: STUCK_START, word: 'Cannot start: recreating' },
  });
  const repaired = planRecreate(project, service, container, 'cannot start (left so by an interrupted run): recreated', { failedStep: startId }, [startId], options, builder, imageVolumes);
  return [...started, ...repaired];
}

/** `docker start`, then the service's post_start hooks (only if the start did, when it may fail repairably); returns what waits for it. */
function planStart(name: string, service: ServiceConfig, id: string, state: string, needs: readonly string[], builder: PlanBuilder, extra: Pick<Step, 'onlyIf' | 'repairable'> = {}): string[] {
  const start = builder.add({
    id,
    kind: 'container.start',
    resource: { type: 'Container', name },
    service: service.name,
    cause: `container is ${state}`,
    argv: ['start', name],
    dependsOn: [...needs],
    doing: 'Starting',
    done: 'Started',
    ...extra,
  });
  const onlyIf = extra.repairable !== undefined ? { succeededStep: start } : extra.onlyIf;
  return planHooks(service, 'post_start', { container: name, name, idBase: start, after: [start], onlyIf }, builder);
}

/**
 * compose's recreate: create the new container under a temporary name (taking over the old one's
 * anonymous volumes unless -V), stop and remove the old, rename, start. With a condition (a build
 * that may leave the image as it was), every step runs only if the image ID changed, and a stopped
 * container that stays is started instead.
 */
function planRecreate(project: Project, service: ServiceConfig, old: ObservedContainer, cause: string, onlyIf: ExecutionCondition | undefined, needs: readonly string[], options: UpOptions, builder: PlanBuilder, imageVolumes: readonly string[]): string[] {
  const name = containerName(project, service, old.number);
  const temporary = temporaryName(old.id, name);
  const base = `container:${service.name}:${old.number}`;
  const volumes = options.renewAnonVolumes === true ? [] : inheritedVolumes(service, old, imageVolumes);
  const created = planCreate(project, service, old.number, cause, needs, options, builder, { temporary, volumes, onlyIf });
  const removed = planRemoveContainer(old, cause, created, options.timeout, builder, onlyIf, service);
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
  const started = planStart(name, service, `${base}:start`, 'recreated', [renamed], builder, onlyIf === undefined ? {} : { onlyIf });
  if (onlyIf !== undefined && 'imageIdOf' in onlyIf && old.state !== 'running' && old.state !== 'restarting') {
    started.push(...planStart(name, service, `${base}:start-unchanged`, old.state, needs, builder, { onlyIf: { ...onlyIf, when: 'unchanged' } }));
  }
  return started;
}
