import { containerRef, needsStop, type ObservedContainer, type ObservedState } from '../model/observed.js';
import type { ExecutionCondition } from '../model/plan.js';
import type { Project, ServiceConfig } from '../model/project.js';
import { planPreStop } from './hooks.js';
import type { PlanBuilder } from './plan-builder.js';
import { stopTimeoutFlag } from './names.js';

/** Its pre_stop hooks (`service`: the container's, if the model has it), stop (with an optional timeout), then remove one container; returns the remove step's id. */
export function planRemoveContainer(container: ObservedContainer, cause: string, after: readonly string[], timeout: number | undefined, builder: PlanBuilder, onlyIf?: ExecutionCondition, service?: ServiceConfig): string {
  const resource = { type: 'Container' as const, name: container.name };
  const condition = onlyIf === undefined ? {} : { onlyIf };
  let previous = [...after];
  if (needsStop(container)) {
    previous = planPreStop(service, container, previous, builder, onlyIf);
    previous = [builder.add({
      id: `remove:${container.id}:stop`,
      kind: 'container.stop',
      resource,
      service: container.service,
      cause,
      argv: ['stop', ...stopTimeoutFlag(timeout), containerRef(container)],
      dependsOn: previous,
      doing: 'Stopping',
      done: 'Stopped',
      ...condition,
    })];
  }
  return builder.add({
    id: `remove:${container.id}:rm`,
    kind: 'container.remove',
    resource,
    service: container.service,
    cause,
    argv: ['rm', '-f', containerRef(container)],
    dependsOn: previous,
    doing: 'Removing',
    done: 'Removed',
    ...condition,
  });
}

/**
 * Containers of the project whose service is not in the model. One-offs (`run`) are never orphans:
 * they belong to their service, and `down` removes them with it.
 */
export function findOrphans(project: Project, observed: ObservedState): ObservedContainer[] {
  return observed.containers.filter((container) => !container.oneoff && !Object.hasOwn(project.services, container.service) && !Object.hasOwn(project.disabledServices, container.service));
}

/** Warns about orphans, or removes them when asked. */
export function planOrphans(project: Project, observed: ObservedState, remove: boolean, builder: PlanBuilder): void {
  const orphans = findOrphans(project, observed);
  if (orphans.length === 0) return;
  if (!remove) {
    builder.warnings.push(
      `Found orphan containers ([${orphans.map((container) => container.name).join(' ')}]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.`,
    );
    return;
  }
  for (const container of orphans) planRemoveContainer(container, 'orphan', [], undefined, builder);
}
