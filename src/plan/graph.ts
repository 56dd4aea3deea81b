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
