/**
 * compose-go's Normalize adds implicit `depends_on` entries (kept when the dependency is already
 * declared): `links` and `service:x` namespaces (network_mode, ipc, pid, uts, cgroup) with
 * `restart: true`, `volumes_from` a service without it.
 */
import type { DependsOnConfig, ServiceConfig } from '../../model/project.js';
import { hasKey, nameKeyedMapping, rebuiltMapping, setKey } from '../mapping.js';

const NAMESPACE_KEYS = ['network_mode', 'ipc', 'pid', 'uts', 'cgroup'] as const;

/** The service with its implicit dependencies added to `depends_on`. */
export function withImplicitDependencies(service: ServiceConfig): ServiceConfig {
  const implicit: Array<[string, boolean]> = [];
  for (const link of asStrings(service['links'])) implicit.push([link.split(':')[0] as string, true]);
  for (const key of NAMESPACE_KEYS) {
    const value = service[key];
    if (typeof value === 'string' && value.startsWith('service:')) implicit.push([value.slice('service:'.length), true]);
  }
  for (const source of asStrings(service['volumes_from'])) {
    if (!source.startsWith('container:')) implicit.push([source.split(':')[0] as string, false]);
  }
  if (implicit.length === 0) return service;
  const dependsOn = nameKeyedMapping<DependsOnConfig>();
  for (const [name, dependency] of Object.entries(service.depends_on ?? {})) setKey(dependsOn, name, dependency);
  for (const [name, restart] of implicit) {
    if (name === '' || hasKey(dependsOn, name)) continue;
    setKey(dependsOn, name, restart ? { condition: 'service_started', restart: true, required: true } : { condition: 'service_started', required: true });
  }
  // Not `{ ...service, depends_on }`: see rebuiltMapping.
  const withDependencies = rebuiltMapping(service as unknown as Record<string, unknown>) as unknown as ServiceConfig;
  withDependencies.depends_on = dependsOn;
  return withDependencies;
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
