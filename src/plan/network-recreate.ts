import { containerRef, needsStop, type ObservedContainer, type ObservedState } from '../model/observed.js';
import type { StepCondition } from '../model/plan.js';
import type { Project } from '../model/project.js';
import type { ContainerAction } from './converge.js';
import { networkConnectArgs } from './flags/network.js';
import { inDependencyOrder } from './graph.js';
import type { PlanBuilder } from './plan-builder.js';
import { networkCreateFlags } from './resource-args.js';
import { networkName, stopTimeoutFlag } from './names.js';

/** What `up` does to an attached container otherwise: nothing after the network is back, or replace it. */
type Fate = { readonly stays: true; readonly restartIf?: StepCondition } | { readonly stays: false };

function fateOf(container: ObservedContainer, actions: ReadonlyMap<string, ContainerAction>): Fate {
  const action = actions.get(container.id);
  if (action === undefined || action.kind === 'keep' || action.kind === 'start') return { stays: true };
  if (action.kind === 'recreate' && action.onlyIf !== undefined) return { stays: true, restartIf: { ...action.onlyIf, when: 'unchanged' } };
  return { stays: false };
}

function reconnectArgs(project: Project, container: ObservedContainer, key: string, networkName: string): string[] | undefined {
  const service = project.services[container.service];
  if (container.oneoff || service === undefined) return ['network', 'connect', networkName, containerRef(container)];
  // A service no longer on this network gets a new container (its config changed) instead.
  return service.networks?.[key] === undefined ? undefined : networkConnectArgs(project, service, key, containerRef(container));
}

/**
 * compose's answer to a network whose definition changed: stop the containers attached to it,
 * disconnect them, remove the network, create it anew, connect again the containers that stay (with
 * their aliases and addresses), and start those that were running, dependencies first. Containers
 * `up` replaces anyway are only stopped and disconnected (or removed, when their volume is recreated).
 * The create step keeps the id `network:<key>`, so whatever waits for the network waits for the new
 * one. Returns, per service, the reconnect steps its containers wait for before `up` starts them.
 */
export function planNetworkRecreation(project: Project, observed: ObservedState, keys: readonly string[], decisions: ReadonlyMap<string, readonly ContainerAction[]>, removing: ReadonlyMap<string, string>, timeout: number | undefined, builder: PlanBuilder): Map<string, string[]> {
  if (keys.length === 0) return new Map();
  const actions = new Map([...decisions.values()].flat().flatMap((action) => (action.kind === 'create' ? [] : [[action.container.id, action] as const])));
  const reconnects = new Map<string, string[]>();
  for (const key of keys) {
    const name = networkName(project, key);
    // The old network by ID (the name is the new one's too); containers by ID.
    const old = observed.networks.get(name)?.id ?? name;
    const resource = { type: 'Network' as const, name };
    const attached = observed.containers.filter((container) => (container.networks ?? []).includes(name));
    const disconnected = attached.map((container) => {
      // Removed anyway (its volume is recreated): the network waits for that instead.
      const removal = removing.get(container.id);
      if (removal !== undefined) return removal;
      const stop = needsStop(container)
        ? [builder.add({ id: `network-recreate:${container.id}:stop`, kind: 'container.stop', resource: { type: 'Container', name: container.name }, service: container.service, cause: `network ${name} is recreated`, argv: ['stop', ...stopTimeoutFlag(timeout), containerRef(container)], dependsOn: [], doing: 'Stopping', done: 'Stopped' })]
        : [];
      return builder.add({ id: `network:${key}:disconnect:${container.id}`, kind: 'network.disconnect', resource, service: container.service, cause: `detach ${container.name} before the network is recreated`, argv: ['network', 'disconnect', '-f', old, containerRef(container)], dependsOn: stop, doing: 'Disconnecting', done: 'Disconnected' });
    });
    const removed = builder.add({ id: `network:${key}:remove`, kind: 'network.remove', resource, cause: 'config changed', argv: ['network', 'rm', old], dependsOn: disconnected, doing: 'Removing', done: 'Removed' });
    const created = builder.add({ id: `network:${key}`, kind: 'network.create', resource, cause: 'config changed', argv: ['network', 'create', ...networkCreateFlags(project, key, builder), name], dependsOn: [removed], doing: 'Creating', done: 'Created' });
    for (const container of attached.filter((candidate) => !removing.has(candidate.id) && fateOf(candidate, actions).stays)) {
      const argv = reconnectArgs(project, container, key, name);
      if (argv === undefined) continue;
      const id = builder.add({ id: `network:${key}:reconnect:${container.id}`, kind: 'network.connect', resource, service: container.service, cause: `reattach ${container.name}`, argv, dependsOn: [created], doing: 'Connecting', done: 'Connected' });
      reconnects.set(container.id, [...(reconnects.get(container.id) ?? []), id]);
    }
  }
  return planRestarts(project, observed, actions, reconnects, builder);
}

/** Starts again the running containers that stay, each after its dependencies' restarts; returns the waits per service. */
function planRestarts(project: Project, observed: ObservedState, actions: ReadonlyMap<string, ContainerAction>, reconnects: ReadonlyMap<string, string[]>, builder: PlanBuilder): Map<string, string[]> {
  const waits = new Map<string, string[]>();
  const restartsOf = new Map<string, string[]>();
  const moved = observed.containers.filter((container) => reconnects.has(container.id));
  const order = [...inDependencyOrder(Object.values(project.services)).map((service) => service.name), ...new Set(moved.map((container) => container.service))];
  for (const serviceName of new Set(order)) {
    const after = Object.keys(project.services[serviceName]?.depends_on ?? {}).flatMap((name) => restartsOf.get(name) ?? []);
    for (const container of moved.filter((candidate) => candidate.service === serviceName)) {
      const reconnected = reconnects.get(container.id) ?? [];
      waits.set(serviceName, [...(waits.get(serviceName) ?? []), ...reconnected]);
      const fate = fateOf(container, actions);
      if (!needsStop(container) || !fate.stays || actions.get(container.id)?.kind === 'start') continue;
      const id = builder.add({
        id: `network-recreate:${container.id}:start`,
        kind: 'container.start',
        resource: { type: 'Container', name: container.name },
        service: serviceName,
        cause: 'its network was recreated',
        argv: ['start', containerRef(container)],
        dependsOn: [...reconnected, ...after],
        doing: 'Starting',
        done: 'Started',
        ...(fate.restartIf === undefined ? {} : { onlyIf: fate.restartIf }),
      });
      restartsOf.set(serviceName, [...(restartsOf.get(serviceName) ?? []), id]);
    }
  }
  return waits;
}
