import type { Project, ServiceConfig } from '../model/project.js';

/** Services in dependency order (dependencies first), ties broken by name for stable output. */
export function inDependencyOrder(services: readonly ServiceConfig[]): ServiceConfig[] {
  const byName = new Map(services.map((service) => [service.name, service]));
  const ordered: ServiceConfig[] = [];
  const seen = new Set<string>();
  const visit = (service: ServiceConfig): void => {
    if (seen.has(service.name)) return;
    seen.add(service.name);
    for (const dependency of Object.keys(service.depends_on ?? {}).sort()) {
      const target = byName.get(dependency);
      if (target !== undefined) visit(target);
    }
    ordered.push(service);
  };
  for (const service of [...services].sort((a, b) => (a.name < b.name ? -1 : 1))) visit(service);
  return ordered;
}

/** The named services plus, unless `withoutDependencies`, everything they depend on; all when none named. */
export function selectServices(project: Project, names: readonly string[], withoutDependencies = false): ServiceConfig[] {
  if (names.length === 0) return Object.values(project.services);
  const selected = new Map<string, ServiceConfig>();
  const add = (name: string): void => {
    const service = project.services[name];
    if (service === undefined || selected.has(name)) return;
    selected.set(name, service);
    if (!withoutDependencies) for (const dependency of Object.keys(service.depends_on ?? {})) add(dependency);
  };
  for (const name of names) add(name);
  return [...selected.values()];
}

/** Services that depend on `serviceName`, directly or not. */
export function dependentsOf(project: Project, serviceName: string): Set<string> {
  const dependents = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const service of Object.values(project.services)) {
      if (dependents.has(service.name)) continue;
      const needs = Object.keys(service.depends_on ?? {});
      if (needs.includes(serviceName) || needs.some((name) => dependents.has(name))) {
        dependents.add(service.name);
        grew = true;
      }
    }
  }
  return dependents;
}

/** Services that `serviceName` depends on, directly or not. */
export function dependenciesOf(project: Project, serviceName: string): Set<string> {
  const found = new Set<string>();
  const visit = (name: string): void => {
    for (const dependency of Object.keys(project.services[name]?.depends_on ?? {})) {
      if (found.has(dependency)) continue;
      found.add(dependency);
      visit(dependency);
    }
  };
  visit(serviceName);
  return found;
}

/**
 * Plans per-service steps along the dependency graph: `forward` (start-like) makes each service's
 * steps wait for those of its dependencies, `reverse` (stop-like) for those of its dependents.
 * `planService` gets the step ids to wait for and returns its own.
 */
export function walkDependencyGraph(project: Project, serviceNames: readonly string[], direction: 'forward' | 'reverse', planService: (serviceName: string, after: readonly string[]) => readonly string[]): void {
  const known = serviceNames.filter((name) => name in project.services);
  const unknown = serviceNames.filter((name) => !(name in project.services)).sort();
  // Reverse: a service has more dependents than each of its dependents, so ascending counts plan dependents first.
  const ordered = direction === 'forward'
    ? inDependencyOrder(known.map((name) => project.services[name] as ServiceConfig)).map((service) => service.name)
    : [...known].sort((a, b) => dependentsOf(project, a).size - dependentsOf(project, b).size || (a < b ? -1 : 1));
  const planned = new Map<string, readonly string[]>();
  for (const name of [...ordered, ...unknown]) {
    const related = direction === 'forward' ? dependenciesOf(project, name) : dependentsOf(project, name);
    const after = [...related].flatMap((other) => planned.get(other) ?? []);
    planned.set(name, planService(name, after));
  }
}
