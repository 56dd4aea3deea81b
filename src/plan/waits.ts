import type { WaitCondition } from '../model/plan.js';
import type { Project, ServiceConfig } from '../model/project.js';
import type { PlanBuilder } from './plan-builder.js';

const WAIT_WORDS: Record<WaitCondition, [string, string]> = {
  healthy: ['Waiting', 'Healthy'],
  completed: ['Waiting', 'Exited'],
  running: ['Waiting', 'Running'],
  running_or_healthy: ['Waiting', 'Healthy'],
};

const WAIT_CAUSES: Record<WaitCondition, string> = {
  healthy: 'depended on with condition service_healthy',
  completed: 'depended on with condition service_completed_successfully',
  running: 'depended on',
  running_or_healthy: '--wait: running, and healthy if it has a healthcheck',
};

/** What the planner knows about each planned service: the steps that make it ready, its container names. */
export interface ServiceProgress {
  readonly ready: ReadonlyMap<string, readonly string[]>;
  readonly containers: ReadonlyMap<string, readonly string[]>;
}

/** A wait step on one container; `after` are the steps that must run first (its start). */
export function addWait(service: string, container: string, condition: WaitCondition, required: boolean, after: readonly string[], builder: PlanBuilder): string {
  const [doing, done] = WAIT_WORDS[condition];
  return builder.add({
    id: `wait:${container}:${condition}`,
    kind: 'wait',
    resource: { type: 'Container', name: container },
    service,
    cause: WAIT_CAUSES[condition],
    argv: [],
    dependsOn: [...after],
    doing,
    done,
    wait: { container, condition, service, required },
  });
}

/**
 * The steps a service's containers wait for: a service_started dependency's start, or a wait on its
 * condition. `createOnly` (up --no-start): nothing starts, so only the dependencies' creation.
 */
export function dependencyWaits(service: ServiceConfig, progress: ServiceProgress, builder: PlanBuilder, createOnly = false): string[] {
  const ids: string[] = [];
  for (const [name, dependency] of Object.entries(service.depends_on ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const started = progress.ready.get(name);
    if (started === undefined) continue;
    if (dependency.condition === 'service_started' || createOnly) {
      ids.push(...started);
      continue;
    }
    const condition: WaitCondition = dependency.condition === 'service_healthy' ? 'healthy' : 'completed';
    for (const container of progress.containers.get(name) ?? []) {
      ids.push(addWait(name, container, condition, dependency.required, started, builder));
    }
  }
  return ids;
}

/** `up --wait`: every container running (healthy if it has a healthcheck); one-shot dependencies completed. */
export function planFinalWaits(project: Project, services: readonly ServiceConfig[], progress: ServiceProgress, builder: PlanBuilder): void {
  const completedOnly = new Set(Object.values(project.services).flatMap((service) =>
    Object.entries(service.depends_on ?? {}).filter(([, dependency]) => dependency.condition === 'service_completed_successfully').map(([name]) => name)));
  for (const service of services) {
    const condition: WaitCondition = completedOnly.has(service.name) ? 'completed' : 'running_or_healthy';
    for (const container of progress.containers.get(service.name) ?? []) {
      addWait(service.name, container, condition, true, progress.ready.get(service.name) ?? [], builder);
    }
  }
}
