import { UserError } from '../model/errors.js';
import type { ObservedContainer, ObservedState } from '../model/observed.js';
import type { StepCondition } from '../model/plan.js';
import type { Project, ServiceConfig } from '../model/project.js';
import { serviceConfigHash } from './hash.js';
import { containerName, networkName, replicaCount, serviceImage } from './names.js';

/** What `up` does with one replica slot of a service. */
export type ContainerAction =
  | { readonly kind: 'create'; readonly number: number }
  | { readonly kind: 'keep'; readonly container: ObservedContainer }
  | { readonly kind: 'start'; readonly container: ObservedContainer }
  | { readonly kind: 'recreate'; readonly container: ObservedContainer; readonly cause: string; readonly onlyIf?: StepCondition }
  | { readonly kind: 'remove'; readonly container: ObservedContainer; readonly cause: string };

/** Why a container sharing its replica number with a better one is removed first. */
export const INTERRUPTED_RECREATE = 'left by an interrupted recreate';

/** Whether the container carries the temporary name of replica `canonical` (`<oldID12>_<name>`, see temporaryName). */
export function hasTemporaryName(container: Pick<ObservedContainer, 'name'>, canonical: string): boolean {
  const match = /^[0-9a-f]{12}_(.+)$/.exec(container.name);
  return match?.[1] === canonical;
}

/** compose's recreate strategies: never (--no-recreate), force, or only when diverged. */
export type RecreateStrategy = 'never' | 'force' | 'diverged';

export interface ConvergeInput {
  readonly project: Project;
  readonly observed: ObservedState;
  readonly strategy: RecreateStrategy;
  readonly scale: Readonly<Record<string, number>>;
  readonly noStart: boolean;
  /** Images a build or pull step will produce in this run (their ID is known only afterwards). */
  readonly refreshedImages: ReadonlySet<string>;
  /** Services already decided, with the condition of their recreate (null: unconditional). */
  readonly recreated: ReadonlyMap<string, StepCondition | null>;
}

/** Why a container is out of date: a cause, plus a condition when only execution can tell. */
interface Divergence {
  readonly cause: string;
  readonly onlyIf?: StepCondition;
}

/** Services whose recreation forces this one's: `restart: true` dependencies, network_mode/volumes_from parents. */
export function recreateParents(service: ServiceConfig): string[] {
  const parents = Object.entries(service.depends_on ?? {}).filter(([, dependency]) => dependency.restart === true).map(([name]) => name);
  const mode = /^service:(.+)$/.exec(service.network_mode ?? '')?.[1];
  if (mode !== undefined) parents.push(mode);
  const volumesFrom = Array.isArray(service['volumes_from']) ? (service['volumes_from'] as unknown[]) : [];
  for (const entry of volumesFrom) {
    const name = typeof entry === 'string' && !entry.startsWith('container:') ? entry.split(':')[0] : undefined;
    if (name !== undefined) parents.push(name);
  }
  return [...new Set(parents)].sort();
}

/**
 * A network the service declares that the container is not attached to (disconnected by hand, or left
 * so by an interrupted network recreation); undefined when attached to all, or when unknown.
 */
function missingNetwork(project: Project, service: ServiceConfig, container: ObservedContainer): string | undefined {
  if (container.networks === undefined || service.network_mode !== undefined) return undefined;
  return Object.keys(service.networks ?? {}).map((key) => networkName(project, key)).find((name) => !(container.networks ?? []).includes(name));
}

function divergence(input: ConvergeInput, service: ServiceConfig, container: ObservedContainer): Divergence | undefined {
  if (input.strategy === 'never') return undefined;
  if (input.strategy === 'force') return { cause: 'recreate forced' };
  if (container.configHash !== serviceConfigHash(service)) return { cause: 'config changed' };
  const detached = missingNetwork(input.project, service, container);
  if (detached !== undefined) return { cause: `not connected to network ${detached}` };
  let conditional: Divergence | undefined;
  for (const parent of recreateParents(service)) {
    const condition = input.recreated.get(parent);
    if (condition === null) return { cause: `${parent} is recreated` };
    if (condition !== undefined) conditional ??= { cause: `${parent} is recreated if its image changed`, onlyIf: condition };
  }
  const image = serviceImage(input.project, service);
  if (input.refreshedImages.has(image)) {
    return { cause: `image ${image} is rebuilt: recreated only if its ID changes`, onlyIf: { imageIdOf: image, imageId: container.imageId ?? '', when: 'changed' } };
  }
  const current = input.observed.images.get(image);
  if (current !== undefined && container.imageId !== undefined && container.imageId !== current) return { cause: 'image changed' };
  return conditional;
}

/**
 * Decides, per replica, what `up` does for one service, as compose v2 does: up-to-date containers
 * are kept (lowest numbers first), surplus ones removed (obsolete first, then the highest numbers),
 * obsolete ones recreated, and new ones numbered from the highest existing number + 1.
 */
export function convergeService(service: ServiceConfig, input: ConvergeInput): ContainerAction[] {
  const wanted = replicaCount(service, input.scale);
  if (wanted > 1 && service.container_name !== undefined) {
    throw new UserError(`service "${service.name}" sets container_name "${service.container_name}": docker requires unique container names, so it can't be scaled to ${wanted}. Remove container_name to scale the service.`);
  }
  const existing = input.observed.containers.filter((container) => container.service === service.name && !container.oneoff);
  const all = existing.map((container) => ({ container, diverged: divergence(input, service, container) }));
  const obsolete = (entry: (typeof all)[number]): number => (entry.diverged !== undefined && entry.diverged.onlyIf === undefined ? 1 : 0);
  // A recreate interrupted before its old container was removed leaves two containers of one number:
  // the up-to-date one stays (the canonical name breaks a tie), the other is removed first.
  const temporary = (entry: (typeof all)[number]): number => (hasTemporaryName(entry.container, containerName(input.project, service, entry.container.number)) ? 1 : 0);
  const preferred = [...all].sort((a, b) => obsolete(a) - obsolete(b) || temporary(a) - temporary(b) || (a.container.createdAt < b.container.createdAt ? 1 : -1));
  const interrupted = new Set(all.filter((entry) => temporary(entry) === 1).map((entry) => entry.container.number));
  const judged = preferred.filter((entry, index) => !interrupted.has(entry.container.number) || preferred.findIndex((other) => other.container.number === entry.container.number) === index);
  const actions: ContainerAction[] = preferred.filter((entry) => !judged.includes(entry)).map(({ container }) => ({ kind: 'remove', container, cause: INTERRUPTED_RECREATE }));
  judged.sort((a, b) => obsolete(a) - obsolete(b) || a.container.number - b.container.number || (a.container.createdAt < b.container.createdAt ? 1 : -1));
  judged.forEach(({ container, diverged }, index) => {
    if (index >= wanted) actions.push({ kind: 'remove', container, cause: 'scale down' });
    else if (diverged !== undefined) actions.push({ kind: 'recreate', container, ...diverged });
    else if (!input.noStart && container.state !== 'running' && container.state !== 'restarting') actions.push({ kind: 'start', container });
    else actions.push({ kind: 'keep', container });
  });
  const next = Math.max(0, ...existing.map((container) => container.number)) + 1;
  for (let index = 0; index < wanted - judged.length; index++) actions.push({ kind: 'create', number: next + index });
  return actions;
}

/** The recreate condition a service's actions carry: null if any recreate is unconditional, undefined if none. */
export function recreateCondition(actions: readonly ContainerAction[]): StepCondition | null | undefined {
  let condition: StepCondition | null | undefined;
  for (const action of actions) {
    if (action.kind !== 'recreate') continue;
    if (action.onlyIf === undefined) return null;
    condition ??= action.onlyIf;
  }
  return condition;
}
