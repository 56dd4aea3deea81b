import { UserError } from '../model/errors.js';
import type { ObservedContainer, ObservedState } from '../model/observed.js';
import type { Plan, WaitCondition } from '../model/plan.js';
import type { Project, ServiceConfig } from '../model/project.js';
import { buildArgs, containerArgs } from './container-args.js';
import { inDependencyOrder, selectServices } from './graph.js';
import { serviceConfigHash } from './hash.js';
import { containerName, replicaCount, serviceImage, temporaryName } from './names.js';
import { PlanBuilder } from './plan-builder.js';
import { networkCreateFlags, volumeCreateFlags } from './resource-args.js';
import { planOrphans, planRemoveContainer } from './teardown.js';

export interface UpOptions {
  /** Services named on the command line; all when empty. */
  readonly services?: readonly string[];
  readonly noDeps?: boolean;
  readonly build?: boolean;
  readonly noBuild?: boolean;
  readonly forceRecreate?: boolean;
  readonly noRecreate?: boolean;
  readonly noStart?: boolean;
  readonly removeOrphans?: boolean;
  readonly scale?: Readonly<Record<string, number>>;
  /** --wait: finish only when every container runs (and is healthy, if it has a healthcheck). */
  readonly wait?: boolean;
  /** Stop timeout (seconds) for containers being replaced. */
  readonly timeout?: number;
}

/** Plans `up`: the steps that take the engine from `observed` to the project. */
export function planUp(project: Project, observed: ObservedState, options: UpOptions = {}): Plan {
  const builder = new PlanBuilder();
  const services = inDependencyOrder(selectServices(project, options.services ?? [], options.noDeps));
  if (services.length === 0) throw new UserError('no service selected');
  const resourceSteps = planResources(project, observed, services, builder);
  const imageSteps = planImages(project, observed, services, options, builder);
  const readySteps = new Map<string, string[]>();
  for (const service of services) {
    const needs = [...(resourceSteps.get(service.name) ?? []), ...(imageSteps.get(service.name) ?? [])];
    needs.push(...dependencyWaits(project, service, readySteps, builder));
    readySteps.set(service.name, planServiceContainers(project, observed, service, needs, options, builder));
  }
  planOrphans(project, observed, options.removeOrphans === true, builder);
  if (options.wait === true && options.noStart !== true) planFinalWaits(project, services, readySteps, options, builder);
  return builder.build();
}

/** Network and volume creation; returns, per service, the step ids its containers wait for. */
function planResources(project: Project, observed: ObservedState, services: readonly ServiceConfig[], builder: PlanBuilder): Map<string, string[]> {
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
  if (exists) return undefined;
  const id = `network:${key}`;
  if (builder.has(id)) return id;
  return builder.add({
    id,
    kind: 'network.create',
    resource: { type: 'Network', name: network.name },
    cause: 'not found',
    argv: ['network', 'create', ...networkCreateFlags(project, key), network.name],
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
  if (exists) return undefined;
  const id = `volume:${key}`;
  if (builder.has(id)) return id;
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

/** Builds (or pulls) the images that are missing or asked for; per service, the step ids to wait for. */
function planImages(project: Project, observed: ObservedState, services: readonly ServiceConfig[], options: UpOptions, builder: PlanBuilder): Map<string, string[]> {
  const needs = new Map<string, string[]>();
  for (const service of services) {
    const image = serviceImage(project, service);
    const present = observed.images.has(image);
    const id = `image:${image}`;
    if (service.build !== undefined && options.noBuild !== true && (options.build === true || !present || service.pull_policy === 'build')) {
      builder.add({
        id,
        kind: 'image.build',
        resource: { type: 'Image', name: image },
        service: service.name,
        cause: present ? 'build requested' : 'not found locally',
        argv: buildArgs(project, service),
        ...(service.build.dockerfile_inline === undefined ? {} : { input: service.build.dockerfile_inline }),
        dependsOn: [],
        doing: 'Building',
        done: 'Built',
      });
      needs.set(service.name, [id]);
    } else if (!present && service.pull_policy !== 'never' && (service.build === undefined || options.noBuild === true)) {
      builder.add({
        id,
        kind: 'image.pull',
        resource: { type: 'Image', name: image },
        service: service.name,
        cause: 'not found locally',
        argv: ['pull', image],
        dependsOn: [],
        doing: 'Pulling',
        done: 'Pulled',
      });
      needs.set(service.name, [id]);
    } else {
      needs.set(service.name, builder.has(id) ? [id] : []);
    }
  }
  return needs;
}

const WAIT_WORDS: Record<WaitCondition, [string, string]> = {
  healthy: ['Waiting', 'Healthy'],
  completed: ['Waiting', 'Exited'],
  running: ['Waiting', 'Running'],
  running_or_healthy: ['Waiting', 'Healthy'],
};

/** Waits on the dependencies' conditions; a service_started dependency needs only its start steps. */
function dependencyWaits(project: Project, service: ServiceConfig, readySteps: Map<string, string[]>, builder: PlanBuilder): string[] {
  const ids: string[] = [];
  for (const [dependencyName, dependency] of Object.entries(service.depends_on ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const target = project.services[dependencyName];
    const started = readySteps.get(dependencyName);
    if (target === undefined || started === undefined) continue;
    if (dependency.condition === 'service_started') {
      ids.push(...started);
      continue;
    }
    const condition: WaitCondition = dependency.condition === 'service_healthy' ? 'healthy' : 'completed';
    for (let number = 1; number <= replicaCount(target); number++) {
      ids.push(addWait(project, target, number, condition, dependency.required, started, builder));
    }
  }
  return ids;
}

function addWait(project: Project, service: ServiceConfig, number: number, condition: WaitCondition, required: boolean, after: readonly string[], builder: PlanBuilder): string {
  const name = containerName(project, service, number);
  const [doing, done] = WAIT_WORDS[condition];
  return builder.add({
    id: `wait:${service.name}:${number}:${condition}`,
    kind: 'wait',
    resource: { type: 'Container', name },
    service: service.name,
    cause: condition === 'healthy' ? 'depended on with condition service_healthy' : condition === 'completed' ? 'depended on with condition service_completed_successfully' : '--wait',
    argv: [],
    dependsOn: [...after],
    doing,
    done,
    wait: { container: name, condition, service: service.name, required },
  });
}

function planFinalWaits(project: Project, services: readonly ServiceConfig[], readySteps: Map<string, string[]>, options: UpOptions, builder: PlanBuilder): void {
  for (const service of services) {
    for (let number = 1; number <= replicaCount(service, options.scale); number++) {
      addWait(project, service, number, 'running_or_healthy', true, readySteps.get(service.name) ?? [], builder);
    }
  }
}

/** Creates, keeps, starts, recreates or scales down the containers of one service; returns their ready step ids. */
function planServiceContainers(project: Project, observed: ObservedState, service: ServiceConfig, needs: readonly string[], options: UpOptions, builder: PlanBuilder): string[] {
  const wanted = replicaCount(service, options.scale);
  const existing = observed.containers.filter((container) => container.service === service.name && !container.oneoff);
  const ready: string[] = [];
  const expectedHash = serviceConfigHash(service);
  const image = serviceImage(project, service);
  const imageRebuilt = builder.has(`image:${image}`);
  for (const container of existing) {
    if (container.number > wanted || container.number < 1) planRemoveContainer(container, 'scale down', [], options.timeout, builder);
  }
  for (let number = 1; number <= wanted; number++) {
    const container = existing.find((candidate) => candidate.number === number);
    if (container === undefined) {
      ready.push(...planCreate(project, service, number, 'not found', needs, options, builder));
      continue;
    }
    const cause = recreateCause(container, expectedHash, observed.images.get(image), imageRebuilt, options);
    if (cause !== undefined) {
      ready.push(...planRecreate(project, service, container, cause, needs, options, builder));
    } else if (container.state !== 'running' && options.noStart !== true) {
      ready.push(planStart(container.name, service, `container:${service.name}:${number}:start`, container.state, needs, builder));
    }
  }
  return ready;
}

function recreateCause(container: ObservedContainer, expectedHash: string, imageId: string | undefined, imageRebuilt: boolean, options: UpOptions): string | undefined {
  if (options.noRecreate === true) return undefined;
  if (options.forceRecreate === true) return 'recreate forced';
  if (container.configHash !== expectedHash) return 'config changed';
  if (imageRebuilt) return 'image rebuilt';
  if (imageId !== undefined && container.imageId !== undefined && container.imageId !== imageId) return 'image changed';
  return undefined;
}

/** Other networks of the service than the primary one, in priority order. */
function serviceNetworkKeys(service: ServiceConfig): string[] {
  return Object.entries(service.networks ?? {})
    .sort(([a, x], [b, y]) => (y?.priority ?? 0) - (x?.priority ?? 0) || (a < b ? -1 : 1))
    .map(([key]) => key);
}

function planCreate(project: Project, service: ServiceConfig, number: number, cause: string, needs: readonly string[], options: UpOptions, builder: PlanBuilder, temporary?: string, after: readonly string[] = []): string[] {
  const name = containerName(project, service, number);
  const networkKeys = service.network_mode === undefined ? serviceNetworkKeys(service) : [];
  const createName = temporary ?? name;
  const args = containerArgs(project, service, { name: createName, number, primaryNetwork: networkKeys[0] });
  const base = `container:${service.name}:${number}`;
  const oneShot = networkKeys.length <= 1 && temporary === undefined && options.noStart !== true;
  const resource = { type: 'Container' as const, name };
  if (oneShot) {
    return [builder.add({ id: `${base}:run`, kind: 'container.run', resource, service: service.name, cause, argv: ['run', '-d', ...args], dependsOn: [...needs, ...after], doing: 'Creating', done: 'Started' })];
  }
  let last = builder.add({ id: `${base}:create`, kind: 'container.create', resource, service: service.name, cause, argv: ['create', ...args], dependsOn: [...needs, ...after], doing: 'Creating', done: 'Created' });
  for (const key of networkKeys.slice(1)) {
    const network = project.networks[key];
    const aliases = [service.name, ...(service.networks?.[key]?.aliases ?? [])].flatMap((alias) => ['--alias', alias]);
    last = builder.add({
      id: `${base}:connect:${key}`,
      kind: 'network.connect',
      resource,
      service: service.name,
      cause: `attach to network ${key} before start`,
      argv: ['network', 'connect', ...aliases, network?.name ?? key, createName],
      dependsOn: [last],
      doing: 'Connecting',
      done: 'Connected',
    });
  }
  if (temporary !== undefined || options.noStart === true) return [last];
  return [planStart(name, service, `${base}:start`, 'created', [last], builder)];
}

function planStart(name: string, service: ServiceConfig, id: string, state: string, needs: readonly string[], builder: PlanBuilder): string {
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
  });
}

/** compose's recreate: create the new container under a temporary name, stop and remove the old, rename, start. */
function planRecreate(project: Project, service: ServiceConfig, old: ObservedContainer, cause: string, needs: readonly string[], options: UpOptions, builder: PlanBuilder): string[] {
  const name = containerName(project, service, old.number);
  const temporary = temporaryName(old.id, name);
  const base = `container:${service.name}:${old.number}`;
  const created = planCreate(project, service, old.number, cause, needs, options, builder, temporary);
  const removed = planRemoveContainer(old, cause, created, options.timeout, builder);
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
  });
  if (options.noStart === true) return [renamed];
  return [planStart(name, service, `${base}:start`, 'recreated', [renamed], builder)];
}
