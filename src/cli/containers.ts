import type { ObservedContainer, ObservedState } from '../model/observed.js';
import type { Project } from '../model/project.js';
import { UserError } from '../model/errors.js';
import { observeProject } from '../engine/observe.js';

/** The name a container is shown under in log prefixes: without the `<project>-` prefix. */
export function displayName(project: Pick<Project, 'name' | 'nameSeparator'>, containerName: string): string {
  const prefix = `${project.name}${project.nameSeparator ?? '-'}`;
  return containerName.startsWith(prefix) ? containerName.slice(prefix.length) : containerName;
}

/** Containers of a service, by replica number, one-offs last (compose's order for exec and cp). */
export function containersOfService(observed: ObservedState, service: string, options: { oneoffs?: boolean } = {}): ObservedContainer[] {
  return observed.containers
    .filter((container) => container.service === service && (options.oneoffs === true || !container.oneoff))
    .sort((a, b) => Number(a.oneoff) - Number(b.oneoff) || a.number - b.number || (a.name < b.name ? -1 : 1));
}

/** The running container of `service` that exec, port and cp act on: `--index N`, else the first. */
export function pickContainer(observed: ObservedState, service: string, index: number | undefined, options: { running?: boolean } = {}): ObservedContainer {
  const candidates = containersOfService(observed, service, { oneoffs: index === undefined })
    .filter((container) => options.running === false || container.state === 'running');
  const chosen = index === undefined ? candidates[0] : candidates.find((container) => !container.oneoff && container.number === index);
  if (chosen === undefined) {
    throw new UserError(index === undefined ? `service "${service}" is not running` : `service "${service}" is not running container #${index}`);
  }
  return chosen;
}

/** Checks that every named service exists in the model. */
export function checkServices(project: Project, names: readonly string[]): void {
  for (const name of names) {
    if (!Object.hasOwn(project.services, name) && !Object.hasOwn(project.disabledServices, name)) throw new UserError(`no such service: ${name}`);
  }
}

/** The project's containers on the engine (one read-only query). */
export function observeContainers(project: Project): Promise<ObservedState> {
  return observeProject({ projectName: project.name, containersOnly: true });
}
