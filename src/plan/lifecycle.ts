import { UserError } from '../model/errors.js';
import { containerRef, needsStop, type ObservedContainer, type ObservedState } from '../model/observed.js';
import type { Plan, Step, StepKind } from '../model/plan.js';
import type { Project, ServiceConfig } from '../model/project.js';
import { planHooks, planPreStop } from './hooks.js';
import { dependentsOf, walkDependencyGraph } from './graph.js';
import { stopTimeoutFlag } from './names.js';
import { PlanBuilder } from './plan-builder.js';
import { findOrphans } from './teardown.js';
import { dependencyWaits, planFinalWaits } from './waits.js';

/** The container commands that act on existing containers only (compose's stop, start, restart, kill, pause, unpause, rm). */
export type LifecycleCommand = 'stop' | 'start' | 'restart' | 'kill' | 'pause' | 'unpause' | 'rm';

export interface LifecycleOptions {
  /** Services named on the command line; all when empty. */
  readonly services?: readonly string[];
  /** -t: seconds before stop/restart kills. */
  readonly timeout?: number;
  /** kill -s. */
  readonly signal?: string;
  /** rm -v: also remove anonymous volumes. */
  readonly volumes?: boolean;
  /** rm -s: stop running containers first. */
  readonly stop?: boolean;
  /** kill --remove-orphans: orphans too. */
  readonly removeOrphans?: boolean;
  /** restart --no-deps: not the dependents that declared `restart: true`. */
  readonly noDeps?: boolean;
  /** start --wait. */
  readonly wait?: boolean;
}

interface CommandShape {
  readonly direction: 'forward' | 'reverse';
  /** Whether the command acts on a container in this state. */
  readonly applies: (container: ObservedContainer) => boolean;
  readonly kind: StepKind;
  readonly argv: (container: ObservedContainer, options: LifecycleOptions) => string[];
  readonly words: readonly [string, string];
}

const timeoutFlag = (options: LifecycleOptions): string[] => stopTimeoutFlag(options.timeout);

const SHAPES: Record<LifecycleCommand, CommandShape> = {
  stop: { direction: 'reverse', applies: (c) => needsStop(c), kind: 'container.stop', argv: (c, o) => ['stop', ...timeoutFlag(o), containerRef(c)], words: ['Stopping', 'Stopped'] },
  kill: { direction: 'reverse', applies: (c) => c.state === 'running' || c.state === 'restarting', kind: 'container.kill', argv: (c, o) => ['kill', ...(o.signal === undefined ? [] : ['-s', o.signal]), containerRef(c)], words: ['Killing', 'Killed'] },
  pause: { direction: 'reverse', applies: (c) => c.state === 'running', kind: 'container.pause', argv: (c) => ['pause', containerRef(c)], words: ['Pausing', 'Paused'] },
  rm: { direction: 'reverse', applies: (c) => !needsStop(c), kind: 'container.remove', argv: (c, o) => ['rm', '-f', ...(o.volumes === true ? ['-v'] : []), containerRef(c)], words: ['Removing', 'Removed'] },
  start: { direction: 'forward', applies: (c) => c.state === 'created' || c.state === 'exited' || c.state === 'dead', kind: 'container.start', argv: (c) => ['start', containerRef(c)], words: ['Starting', 'Started'] },
  unpause: { direction: 'forward', applies: (c) => c.state === 'paused', kind: 'container.unpause', argv: (c) => ['unpause', containerRef(c)], words: ['Unpausing', 'Unpaused'] },
  restart: { direction: 'forward', applies: () => true, kind: 'container.restart', argv: (c, o) => ['restart', ...timeoutFlag(o), containerRef(c)], words: ['Restarting', 'Started'] },
};

/** The services a command acts on: the named ones (restart adds dependents that declared `restart: true`). */
function targetServices(project: Project, command: LifecycleCommand, options: LifecycleOptions): Set<string> {
  const named = options.services ?? [];
  if (named.length === 0) return new Set(Object.keys(project.services));
  const targets = new Set(named);
  if (command === 'restart' && options.noDeps !== true) {
    for (const service of Object.values(project.services)) {
      const restartsWith = Object.entries(service.depends_on ?? {}).some(([name, dependency]) => dependency.restart === true && (targets.has(name) || [...targets].some((target) => dependentsOf(project, target).has(name))));
      if (restartsWith) targets.add(service.name);
    }
  }
  return targets;
}

function containersFor(project: Project, observed: ObservedState, command: LifecycleCommand, options: LifecycleOptions, targets: ReadonlySet<string>): ObservedContainer[] {
  const orphans = command === 'kill' && options.removeOrphans === true ? findOrphans(project, observed) : [];
  const own = observed.containers.filter((container) => targets.has(container.service) && (command === 'kill' || !container.oneoff));
  return [...own, ...orphans.filter((orphan) => !own.includes(orphan))];
}

/**
 * Plans stop, start, restart, kill, pause, unpause or rm of existing containers, along the dependency
 * graph as compose does: stop-like commands act on dependents first, start-like ones on dependencies
 * first (start and restart also wait on the dependencies' depends_on conditions).
 */
export function planLifecycle(project: Project, observed: ObservedState, command: LifecycleCommand, options: LifecycleOptions = {}): Plan {
  const shape = SHAPES[command];
  const builder = new PlanBuilder();
  const targets = targetServices(project, command, options);
  const containers = containersFor(project, observed, command, options, targets);
  const acting = containers.filter((container) => shape.applies(container) || (command === 'rm' && options.stop === true));
  if (command === 'kill' && acting.length === 0) throw new UserError('no container to kill');
  const ready = new Map<string, string[]>();
  const names = new Map<string, string[]>();
  walkDependencyGraph(project, [...new Set(containers.map((container) => container.service))], shape.direction, (serviceName, after) => {
    const own = acting.filter((container) => container.service === serviceName).sort((a, b) => a.number - b.number);
    const service = project.services[serviceName];
    const waits = service !== undefined && shape.direction === 'forward' && own.length > 0 ? dependencyWaits(service, { ready, containers: names }, builder) : [];
    const ids = own.flatMap((container) => planContainerCommand(project.services[serviceName], container, shape, options, [...after, ...waits], builder));
    ready.set(serviceName, ids);
    names.set(serviceName, containers.filter((container) => container.service === serviceName).map((container) => container.name));
    return ids;
  });
  if (command === 'start' && options.wait === true) {
    planFinalWaits(project, Object.values(project.services).filter((service) => targets.has(service.name)), { ready, containers: names }, builder);
  }
  return builder.build();
}

/** The command on one container, with the service's hooks around it: pre_stop before it stops, post_start after it starts. */
function planContainerCommand(service: ServiceConfig | undefined, container: ObservedContainer, shape: CommandShape, options: LifecycleOptions, after: readonly string[], builder: PlanBuilder): string[] {
  const resource = { type: 'Container' as const, name: container.name };
  const stops = shape.kind === 'container.stop' || shape.kind === 'container.restart' || (shape.kind === 'container.remove' && needsStop(container));
  let previous = stops ? planPreStop(service, container, after, builder) : [...after];
  if (shape.kind === 'container.remove' && needsStop(container)) {
    previous = [builder.add({ id: `container:${container.id}:stop`, kind: 'container.stop', resource, service: container.service, cause: 'rm --stop', argv: ['stop', ...timeoutFlag(options), containerRef(container)], dependsOn: previous, doing: 'Stopping', done: 'Stopped' })];
  }
  const step: Step = {
    id: `container:${container.id}:${shape.kind}`,
    kind: shape.kind,
    resource,
    service: container.service,
    cause: `container is ${container.state}`,
    argv: shape.argv(container, options),
    dependsOn: previous,
    doing: shape.words[0],
    done: shape.words[1],
  };
  const id = builder.add(step);
  const starts = service !== undefined && (shape.kind === 'container.start' || shape.kind === 'container.restart');
  return starts ? planHooks(service, 'post_start', { container: containerRef(container), name: container.name, idBase: id, after: [id] }, builder) : [id];
}
