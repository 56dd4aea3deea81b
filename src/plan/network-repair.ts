import { containerRef, type NetworkAttachments, type ObservedResource, type ObservedState } from '../model/observed.js';
import type { Plan, Step } from '../model/plan.js';
import type { Project } from '../model/project.js';
import { Label } from '../model/labels.js';
import { networkName } from './names.js';
import { PlanBuilder } from './plan-builder.js';

/** The project's networks that share their name with other networks (of the project, by label). */
export function duplicatedNetworks(project: Project, observed: ObservedState): ObservedResource[] {
  return Object.keys(project.networks)
    .filter((key) => project.networks[key]?.external !== true)
    .flatMap((key) => {
      const found = observed.networks.get(networkName(project, key));
      return found !== undefined && (found.duplicates ?? []).length > 0 ? [found] : [];
    });
}

/** The one to keep: the network most of the project's containers are attached to; the first listed on a tie. */
function keeperOf(network: ObservedResource, observed: ObservedState, attachments: NetworkAttachments): ObservedResource {
  const candidates = [network, ...(network.duplicates ?? [])];
  const users = (candidate: ObservedResource): number => observed.containers.filter((container) => attachments.get(container.id)?.get(network.name) === candidate.id).length;
  const ours = (candidate: ObservedResource): number => (candidate.labels[Label.project] === observed.projectName ? 1 : 0);
  return candidates.reduce((best, candidate) => (users(candidate) > users(best) || (users(candidate) === users(best) && ours(candidate) > ours(best)) ? candidate : best));
}

/**
 * Several networks under one of the project's network names (made at the same moment by racing
 * runs, or by another tool) make every `--network NAME` ambiguous. Keep one, the one the containers
 * use, detach the project's containers from the others and remove those, by ID. Returns the steps
 * and the state as it will be after them: containers that were detached miss the network, so `up`
 * recreates them on the one kept.
 */
export function planNetworkRepair(project: Project, observed: ObservedState, attachments: NetworkAttachments): { plan: Plan; after: ObservedState } {
  const builder = new PlanBuilder();
  const networks = new Map(observed.networks);
  const detached = new Map<string, Set<string>>();
  for (const network of duplicatedNetworks(project, observed)) {
    const keeper = keeperOf(network, observed, attachments);
    const resource = { type: 'Network' as const, name: network.name };
    for (const other of [network, ...(network.duplicates ?? [])].filter((candidate) => candidate.id !== keeper.id)) {
      const users = observed.containers.filter((container) => attachments.get(container.id)?.get(network.name) === other.id);
      const disconnects = users.map((container) => {
        detached.set(container.id, new Set([...(detached.get(container.id) ?? []), network.name]));
        return builder.add({ id: `network-repair:${other.id}:disconnect:${container.id}`, kind: 'network.disconnect', resource, service: container.service, cause: `detach ${container.name} from another network named ${network.name}`, argv: ['network', 'disconnect', '-f', other.id, containerRef(container)], dependsOn: [], doing: 'Disconnecting', done: 'Disconnected' });
      });
      builder.add({ id: `network-repair:${other.id}:remove`, kind: 'network.remove', resource, cause: `another network named ${network.name} (${other.id.slice(0, 12)}): only one may keep the name`, argv: ['network', 'rm', other.id], dependsOn: disconnects, doing: 'Removing duplicate', done: 'Removed duplicate' });
    }
    const { duplicates: _dropped, ...kept } = keeper;
    networks.set(network.name, kept);
  }
  const containers = observed.containers.map((container) => {
    const gone = detached.get(container.id);
    return gone === undefined || container.networks === undefined ? container : { ...container, networks: container.networks.filter((name) => !gone.has(name)) };
  });
  return { plan: builder.build(), after: { ...observed, networks, containers } };
}

/** `first`, then `then` (whose steps that waited for nothing now wait for all of `first`). */
export function planInSequence(first: Plan, then: Plan): Plan {
  if (first.steps.length === 0) return then;
  const before = first.steps.map((step) => step.id);
  const later = then.steps.map((step): Step => (step.dependsOn.length === 0 ? { ...step, dependsOn: before } : step));
  return { steps: [...first.steps, ...later], warnings: [...first.warnings, ...then.warnings] };
}
