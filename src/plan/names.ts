import type { Project, ServiceConfig } from '../model/project.js';

/** Container name of replica `number`: `container_name`, else `<project>-<service>-<n>`. */
export function containerName(project: Project, service: ServiceConfig, number: number): string {
  return service.container_name ?? `${project.name}-${service.name}-${number}`;
}

/** The image a service runs: `image:`, else the default name of its build, `<project>-<service>`. */
export function serviceImage(project: Project, service: ServiceConfig): string {
  return service.image ?? `${project.name}-${service.name}`;
}

/** Number of replicas wanted: --scale, then deploy.replicas, then scale, default 1. */
export function replicaCount(service: ServiceConfig, scaleOverrides: Readonly<Record<string, number>> = {}): number {
  return scaleOverrides[service.name] ?? service.deploy?.replicas ?? service.scale ?? 1;
}

/** Temporary name of a recreated container until the old one is gone: `<oldID12>_<name>`. */
export function temporaryName(oldId: string, name: string): string {
  return `${oldId.slice(0, 12)}_${name}`;
}
