import { containerRef, type ObservedContainer } from '../model/observed.js';
import type { ArgPart, ExecutionCondition } from '../model/plan.js';
import type { ServiceConfig } from '../model/project.js';
import type { ExecHook } from '../model/develop.js';
import { environmentFlags } from './flags/environment.js';
import type { PlanBuilder } from './plan-builder.js';

export type HookKind = 'post_start' | 'pre_stop';

/** Where a service's hooks run: the container (by name or ID), and what they wait for. */
export interface HookTarget {
  readonly container: string;
  /** The container's name, for progress. */
  readonly name: string;
  /** A stable part of the step ids (`web:1`, a container ID). */
  readonly idBase: string;
  readonly after: readonly string[];
  readonly onlyIf?: ExecutionCondition | undefined;
  /** Why the hooks run there, when not the usual words (the one-off's hooks run beside it). */
  readonly cause?: string;
}

/** `docker exec` of one hook (a service hook, watch's sync+exec), its environment values off argv (`-e KEY`, the value in docker's environment). */
export function hookArgv(hook: ExecHook, container: string, keyPath: string, warn: (message: string) => void): ArgPart[] {
  return [
    'exec',
    ...(hook.privileged === true ? ['--privileged'] : []),
    ...(hook.user === undefined ? [] : ['--user', hook.user]),
    ...(hook.working_dir === undefined ? [] : ['--workdir', hook.working_dir]),
    ...environmentFlags(hook.environment ?? {}, `${keyPath}.environment`, warn),
    container,
    ...hook.command,
  ];
}

const WORDS: Record<HookKind, { doing: string; done: string; cause: string }> = {
  post_start: { doing: 'Running post_start hook', done: 'Started', cause: 'post_start hook, after the container started' },
  pre_stop: { doing: 'Running pre_stop hook', done: 'Hook done', cause: 'pre_stop hook, before the container stops' },
};

/**
 * The service's hooks of one kind as `docker exec` steps, one after another in declaration order, as
 * compose runs them. A failing post_start fails the service; a failing pre_stop fails the command but
 * the stop goes on (the steps waiting for it still run). Returns what the next step waits for: the
 * last hook, or `target.after` when the service has none.
 */
export function planHooks(service: ServiceConfig, kind: HookKind, target: HookTarget, builder: PlanBuilder): string[] {
  let after = [...target.after];
  (service[kind] ?? []).forEach((hook, index) => {
    const keyPath = `services.${service.name}.${kind}[${index}]`;
    after = [builder.add({
      id: `hook:${target.idBase}:${kind}:${index}`,
      kind: 'container.exec',
      resource: { type: 'Container', name: target.name },
      service: service.name,
      cause: target.cause ?? WORDS[kind].cause,
      argv: hookArgv(hook, target.container, keyPath, (message) => builder.warnOnce(message)),
      dependsOn: after,
      doing: WORDS[kind].doing,
      done: WORDS[kind].done,
      failsAs: `${kind}[${index}] hook of service "${service.name}"`,
      ...(kind === 'pre_stop' ? { failureDoesNotBlock: true } : {}),
      ...(target.onlyIf === undefined ? {} : { onlyIf: target.onlyIf }),
    })];
  });
  return after;
}

/**
 * The pre_stop hooks of a container about to stop, when it runs (compose ignores the error an exec
 * into a stopped or paused container gets); returns what its stop waits for.
 */
export function planPreStop(service: ServiceConfig | undefined, container: ObservedContainer, after: readonly string[], builder: PlanBuilder, onlyIf?: ExecutionCondition): string[] {
  if (service === undefined || container.state !== 'running') return [...after];
  return planHooks(service, 'pre_stop', { container: containerRef(container), name: container.name, idBase: container.id || container.name, after, onlyIf }, builder);
}
