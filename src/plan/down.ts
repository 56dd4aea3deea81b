import { containerRef, needsStop, type ObservedContainer, type ObservedState } from '../model/observed.js';
import type { Plan } from '../model/plan.js';
import type { Project } from '../model/project.js';
import { UserError } from '../model/errors.js';
import { Label } from '../model/labels.js';
import { dependentsOf, walkDependencyGraph } from './graph.js';
import { serviceImage, stopTimeoutFlag } from './names.js';
import { PlanBuilder } from './plan-builder.js';
import { findOrphans } from './teardown.js';
import { planPreStop } from './hooks.js';
import { isAnonymousVolume } from './inherit-volumes.js';

export interface DownOptions {
  /** -v: remove named volumes declared in the model and anonymous volumes of the containers. */
  readonly volumes?: boolean;
  readonly removeOrphans?: boolean;
  readonly rmi?: 'local' | 'all';
  readonly timeout?: number;
  /** `down SERVICE...`: only these services and the services depending on them. */
  readonly services?: readonly string[];
}

/** The services `down SERVICE...` takes away: the named ones and, transitively, what depends on them. */
function servicesGoingDown(project: Project, named: readonly string[]): Set<string> {
  return new Set(named.flatMap((name) => [name, ...dependentsOf(project, name)]));
}

/** Plans `down`: stop and remove containers in reverse dependency order, then networks, volumes, images. */
export function planDown(project: Project, observed: ObservedState, options: DownOptions = {}): Plan {
  if (options.rmi !== undefined && options.rmi !== 'local' && options.rmi !== 'all') throw new UserError('invalid value for --rmi');
  const builder = new PlanBuilder();
  const orphans = new Set(findOrphans(project, observed).map((container) => container.id));
  const named = options.services ?? [];
  const going = servicesGoingDown(project, named);
  const containers = observed.containers
    .filter((container) => options.removeOrphans === true || !orphans.has(container.id))
    .filter((container) => named.length === 0 || going.has(container.service));
  if (orphans.size > 0 && options.removeOrphans !== true) {
    builder.warnings.push(`Found orphan containers ([${observed.containers.filter((c) => orphans.has(c.id)).map((c) => c.name).join(' ')}]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.`);
  }
  const { removed, stopped } = planContainerTeardown(project, containers, options, builder);
  // Networks, volumes and images go only when the whole project does.
  const wholeProject = observed.containers.every((container) => containers.includes(container) || orphans.has(container.id));
  if (named.length > 0 && !wholeProject) return finish(project, builder);
  for (const [key, network] of Object.entries(project.networks).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const found = observed.networks.get(network.name);
    if (network.external === true || found === undefined) continue;
    // By ID: the engine may hold several networks of this name (all of them go).
    const ours = [found, ...(found.duplicates ?? [])].filter((candidate) => candidate.labels[Label.project] === project.name);
    ours.forEach((candidate, index) => {
      builder.add({ id: `network:${key}:remove${index === 0 ? '' : `:${candidate.id}`}`, kind: 'network.remove', resource: { type: 'Network', name: network.name }, cause: index === 0 ? 'project down' : 'project down (another network of the same name)', argv: ['network', 'rm', candidate.id], dependsOn: stopped, doing: 'Removing', done: 'Removed', bestEffort: true });
    });
  }
  if (options.volumes === true) {
    for (const [key, volume] of Object.entries(project.volumes).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (volume.external === true || !observed.volumes.has(volume.name)) continue;
      builder.add({ id: `volume:${key}:remove`, kind: 'volume.remove', resource: { type: 'Volume', name: volume.name }, cause: 'down --volumes', argv: ['volume', 'rm', '-f', volume.name], dependsOn: removed, doing: 'Removing', done: 'Removed' });
    }
  }
  if (options.volumes === true) planAnonymousVolumeRemoval(containers, removed, builder);
  if (options.rmi !== undefined) planImageRemoval(project, observed, options.rmi, removed, builder);
  return finish(project, builder);
}

/**
 * What a down plan set out to remove and is still on the engine afterwards (`after`: a fresh look):
 * containers by ID, networks by ID or name, volumes by name. Empty when down did all it planned.
 */
export function leftAfterDown(plan: Plan, after: ObservedState): string[] {
  const containerIds = new Set(after.containers.map((container) => container.id));
  const networkIds = new Set([...after.networks.values()].flatMap((network) => [network, ...(network.duplicates ?? [])]).map((network) => network.id));
  const left: string[] = [];
  for (const step of plan.steps) {
    const target = String(step.argv[step.argv.length - 1] ?? '');
    const there =
      (step.kind === 'container.remove' && containerIds.has(target)) ||
      (step.kind === 'network.remove' && (networkIds.has(target) || after.networks.has(target))) ||
      (step.kind === 'volume.remove' && after.volumes.has(target));
    const label = `${step.resource.type} ${step.resource.name}`;
    if (there && !left.includes(label)) left.push(label);
  }
  return left;
}

function finish(project: Project, builder: PlanBuilder): Plan {
  const plan = builder.build();
  if (plan.steps.length === 0) return { steps: [], warnings: [...plan.warnings, `Warning: No resource found to remove for project "${project.name}".`] };
  return plan;
}

/**
 * Each container is stopped once the containers depending on it are stopped, then removed. Returns the
 * remove and stop step ids: a network can go once its containers are stopped (a stopped container
 * holds no endpoint), a volume only once they are removed.
 */
function planContainerTeardown(project: Project, containers: readonly ObservedContainer[], options: DownOptions, builder: PlanBuilder): { removed: string[]; stopped: string[] } {
  const removeIds: string[] = [];
  const allStops: string[] = [];
  walkDependencyGraph(project, [...new Set(containers.map((container) => container.service))], 'reverse', (serviceName, after) => {
    const stopIds: string[] = [];
    for (const container of containers.filter((candidate) => candidate.service === serviceName).sort((a, b) => a.number - b.number)) {
      const resource = { type: 'Container' as const, name: container.name };
      let previous = after;
      if (needsStop(container)) {
        const hooks = planPreStop(project.services[serviceName], container, after, builder);
        const stopId = builder.add({ id: `container:${container.id}:stop`, kind: 'container.stop', resource, service: serviceName, cause: 'project down', argv: ['stop', ...stopTimeoutFlag(options.timeout), containerRef(container)], dependsOn: hooks, doing: 'Stopping', done: 'Stopped' });
        stopIds.push(stopId);
        allStops.push(stopId);
        previous = [stopId];
      }
      removeIds.push(builder.add({ id: `container:${container.id}:rm`, kind: 'container.remove', resource, service: serviceName, cause: 'project down', argv: ['rm', '-f', ...(options.volumes === true ? ['-v'] : []), containerRef(container)], dependsOn: previous, doing: 'Removing', done: 'Removed' }));
    }
    return stopIds;
  });
  return { removed: removeIds, stopped: allStops };
}

/**
 * down -v: the anonymous volumes the removed containers mounted. `rm -v` removes only those docker
 * created for the container itself, not one a recreated container took over by name.
 */
function planAnonymousVolumeRemoval(containers: readonly ObservedContainer[], after: readonly string[], builder: PlanBuilder): void {
  const names = new Set(containers.flatMap((container) => (container.mounts ?? []).filter(isAnonymousVolume).map((mount) => mount.name)));
  for (const name of [...names].sort()) {
    builder.add({ id: `volume:${name}:remove`, kind: 'volume.remove', resource: { type: 'Volume', name }, cause: 'down --volumes: anonymous volume', argv: ['volume', 'rm', '-f', name], dependsOn: after, doing: 'Removing', done: 'Removed' });
  }
}

function planImageRemoval(project: Project, observed: ObservedState, rmi: 'local' | 'all', after: readonly string[], builder: PlanBuilder): void {
  const images = new Set<string>();
  for (const service of Object.values(project.services)) {
    if (rmi === 'all' || service.image === undefined) images.add(serviceImage(project, service));
  }
  for (const image of [...images].sort()) {
    if (!observed.images.has(image)) continue;
    builder.add({ id: `image:${image}:remove`, kind: 'image.remove', resource: { type: 'Image', name: image }, cause: `down --rmi ${rmi}`, argv: ['image', 'rm', image], dependsOn: after, doing: 'Removing', done: 'Removed', bestEffort: true });
  }
}
