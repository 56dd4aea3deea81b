/**
 * The dependency graph of a project's services. Every walk is a loop over an explicit stack or
 * queue (a chain of 10,000 services must not exhaust the call stack) and linear in the graph's size.
 */
import type { Project, ServiceConfig } from '../model/project.js';

function dependencyNames(service: ServiceConfig | undefined): string[] {
  return Object.keys(service?.depends_on ?? {});
}

function serviceNamed(project: Project, name: string): ServiceConfig | undefined {
  return Object.prototype.hasOwnProperty.call(project.services, name) ? project.services[name] : undefined;
}

/** Services in dependency order (dependencies first), ties broken by name for stable output. */
export function inDependencyOrder(services: readonly ServiceConfig[]): ServiceConfig[] {
  const byName = new Map(services.map((service) => [service.name, service]));
  const ordered: ServiceConfig[] = [];
  const seen = new Set<string>();
  for (const root of [...services].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (seen.has(root.name)) continue;
    seen.add(root.name);
    // Depth-first, post-order: a service is listed once all its dependencies are.
    const stack: Array<{ service: ServiceConfig; pending: string[] }> = [{ service: root, pending: dependencyNames(root).sort().reverse() }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as { service: ServiceConfig; pending: string[] };
      const next = top.pending.pop();
      if (next === undefined) {
        ordered.push(top.service);
        stack.pop();
        continue;
      }
      const target = byName.get(next);
      if (target === undefined || seen.has(next)) continue;
      seen.add(next);
      stack.push({ service: target, pending: dependencyNames(target).sort().reverse() });
    }
  }
  return ordered;
}

/** The named services plus, unless `withoutDependencies`, everything they depend on; all when none named. */
export function selectServices(project: Project, names: readonly string[], withoutDependencies = false): ServiceConfig[] {
  if (names.length === 0) return Object.values(project.services);
  const selected = new Map<string, ServiceConfig>();
  const stack = [...names].reverse();
  while (stack.length > 0) {
    const name = stack.pop() as string;
    const service = serviceNamed(project, name);
    if (service === undefined || selected.has(name)) continue;
    selected.set(name, service);
    if (!withoutDependencies) stack.push(...dependencyNames(service).reverse());
  }
  return [...selected.values()];
}

/** Everything reachable from `start` along `next` (`start` itself only when on a cycle back to it). */
function reachable(start: string, next: (name: string) => readonly string[]): Set<string> {
  const found = new Set<string>();
  const queue = [...next(start)];
  for (let index = 0; index < queue.length; index++) {
    const name = queue[index] as string;
    if (found.has(name)) continue;
    found.add(name);
    queue.push(...next(name));
  }
  return found;
}

/** For each service, the services that depend on it directly. */
function dependentsIndex(project: Project): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const service of Object.values(project.services)) {
    for (const dependency of dependencyNames(service)) {
      const list = index.get(dependency);
      if (list === undefined) index.set(dependency, [service.name]);
      else list.push(service.name);
    }
  }
  return index;
}

/** Services that depend on `serviceName`, directly or not. */
export function dependentsOf(project: Project, serviceName: string): Set<string> {
  const index = dependentsIndex(project);
  return reachable(serviceName, (name) => index.get(name) ?? []);
}

/** Services that `serviceName` depends on, directly or not. */
export function dependenciesOf(project: Project, serviceName: string): Set<string> {
  return reachable(serviceName, (name) => dependencyNames(serviceNamed(project, name)));
}

/**
 * Plans per-service steps along the dependency graph: `forward` (start-like) makes each service's
 * steps wait for those of its dependencies, `reverse` (stop-like) for those of its dependents.
 * `planService` gets the step ids to wait for and returns its own. A service waits for the nearest
 * planned services along the graph: they in turn waited for theirs.
 */
export function walkDependencyGraph(project: Project, serviceNames: readonly string[], direction: 'forward' | 'reverse', planService: (serviceName: string, after: readonly string[]) => readonly string[]): void {
  const known = serviceNames.filter((name) => serviceNamed(project, name) !== undefined);
  const unknown = serviceNames.filter((name) => serviceNamed(project, name) === undefined).sort();
  const dependents = dependentsIndex(project);
  const next = direction === 'forward' ? (name: string) => dependencyNames(serviceNamed(project, name)) : (name: string) => dependents.get(name) ?? [];
  let ordered: string[];
  if (direction === 'forward') {
    ordered = inDependencyOrder(known.map((name) => project.services[name] as ServiceConfig)).map((service) => service.name);
  } else {
    // A service has more dependents than each of its dependents, so ascending counts plan dependents first.
    const counts = new Map(known.map((name) => [name, reachable(name, next).size]));
    ordered = [...known].sort((a, b) => (counts.get(a) as number) - (counts.get(b) as number) || (a < b ? -1 : 1));
  }
  const planned = new Map<string, readonly string[]>();
  for (const name of [...ordered, ...unknown]) {
    planned.set(name, planService(name, nearestPlannedSteps(name, next, planned)));
  }
}

/** The steps of the services with steps first met along `next` from `start` (the others are walked through). */
function nearestPlannedSteps(start: string, next: (name: string) => readonly string[], planned: ReadonlyMap<string, readonly string[]>): string[] {
  const steps: string[] = [];
  const seen = new Set<string>([start]);
  const queue = [...next(start)];
  for (let index = 0; index < queue.length; index++) {
    const name = queue[index] as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const own = planned.get(name) ?? [];
    if (own.length > 0) steps.push(...own);
    else queue.push(...next(name));
  }
  return steps;
}
