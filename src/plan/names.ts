import type { Project, ServiceConfig } from '../model/project.js';
import { ownValue } from '../config/mapping.js';

/** `<project>-<part>-<part>...`, joined with `_` instead under --compatibility (compose's api.Separator). */
export function projectScopedName(project: Pick<Project, 'name' | 'nameSeparator'>, ...parts: readonly (string | number)[]): string {
  return [project.name, ...parts].join(project.nameSeparator ?? '-');
}

/** Container name of replica `number`: `container_name`, else `<project>-<service>-<n>`. */
export function containerName(project: Project, service: ServiceConfig, number: number): string {
  return service.container_name ?? projectScopedName(project, service.name, number);
}

/** The image a service runs: `image:`, else the default name of its build, `<project>-<service>`. */
export function serviceImage(project: Project, service: ServiceConfig): string {
  return service.image ?? projectScopedName(project, service.name);
}

/** Number of replicas wanted: --scale, then deploy.replicas, then scale, default 1. */
export function replicaCount(service: ServiceConfig, scaleOverrides: Readonly<Record<string, number>> = {}): number {
  // An own-key test, not `scaleOverrides[name]`: V8 resolves a missed read of a name taken from the
  // YAML text (never interned) in its runtime, ~0.3 µs, and most services have no --scale.
  return ownValue(scaleOverrides, service.name) ?? service.deploy?.replicas ?? service.scale ?? 1;
}

/** Engine name of the project network `key` (the loader fills in `<project>_<key>`); the key itself if the model lacks it. */
export function networkName(project: Project, key: string): string {
  return project.networks[key]?.name ?? key;
}

/** Engine name of the project volume `key`, as networkName. */
export function volumeName(project: Project, key: string): string {
  return project.volumes[key]?.name ?? key;
}

/** `-t SECONDS` for docker stop/restart when a timeout was given; else the container's own. */
export function stopTimeoutFlag(timeout: number | undefined): string[] {
  return timeout === undefined ? [] : ['-t', String(timeout)];
}

/** Temporary name of a recreated container until the old one is gone: `<oldID12>_<name>`. */
export function temporaryName(oldId: string, name: string): string {
  return `${oldId.slice(0, 12)}_${name}`;
}
