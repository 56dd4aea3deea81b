import type { Project, ServiceConfig } from '../model/project.js';
import { isMapping, type Mapping } from './canonical/guards.js';
import { hasKey } from './mapping.js';
import { fail } from './model-error.js';

/** Service names compose accepts: `[a-zA-Z0-9._-]+`. */
export function checkServiceNames(tree: Mapping): void {
  const services = tree['services'];
  if (!isMapping(services)) return;
  for (const name of Object.keys(services)) {
    if (!/^[a-zA-Z0-9._-]+$/.test(name)) fail(['services', name], `invalid service name ${JSON.stringify(name)}: only [a-zA-Z0-9._-] are allowed`);
  }
}

/** Cross-reference checks on the canonical project (compose-go checkConsistency). */
export function checkConsistency(project: Project): void {
  for (const service of Object.values(project.services)) checkService(project, service);
  checkDependencyCycles(project.services);
}

function checkService(project: Project, service: ServiceConfig): void {
  const at = ['services', service.name];
  if (service['provider'] !== undefined && service.image === undefined && service.build === undefined) {
    const type = (service['provider'] as { type?: unknown } | null)?.type;
    fail([...at, 'provider'], `provider services are not supported by berth: service "${service.name}" would need the docker-${String(type ?? '?')} plugin's compose protocol`);
  }
  if (service.image === undefined && service.build === undefined) {
    fail(at, `service "${service.name}" has neither an image nor a build context specified`);
  }
  if (service.network_mode !== undefined && service.networks !== undefined && !isDefaultOnly(service.networks)) {
    fail([...at, 'network_mode'], '"network_mode" and "networks" cannot be combined');
  }
  const networkMode = service.network_mode;
  if (networkMode?.startsWith('service:')) {
    const target = networkMode.slice('service:'.length);
    if (!hasKey(project.services, target) && !hasKey(project.disabledServices, target)) {
      fail([...at, 'network_mode'], `service "${target}" not found for network_mode`);
    }
  }
  for (const networkName of Object.keys(service.networks ?? {})) {
    if (!hasKey(project.networks, networkName)) fail([...at, 'networks', networkName], `service "${service.name}" refers to undefined network ${networkName}`);
  }
  (service.volumes ?? []).forEach((volume, index) => {
    if (volume.type === 'volume' && volume.source !== undefined && !hasKey(project.volumes, volume.source)) {
      fail([...at, 'volumes', index], `service "${service.name}" refers to undefined volume ${volume.source}`);
    }
  });
  for (const section of ['secrets', 'configs'] as const) {
    const references = service[section];
    if (!Array.isArray(references)) continue;
    references.forEach((reference: unknown, index: number) => {
      const source = typeof reference === 'string' ? reference : isMapping(reference) ? reference['source'] : undefined;
      if (typeof source === 'string' && !hasKey(project[section], source)) {
        fail([...at, section, index], `service "${service.name}" refers to undefined ${section.slice(0, -1)} ${source}`);
      }
    });
  }
  for (const [dependency, config] of Object.entries(service.depends_on ?? {})) {
    if (hasKey(project.services, dependency)) continue;
    if (hasKey(project.disabledServices, dependency) && !config.required) continue;
    if (hasKey(project.disabledServices, dependency)) {
      const profiles = project.disabledServices[dependency]?.profiles ?? [];
      fail([...at, 'depends_on', dependency], `service ${dependency} is required by ${service.name} but is disabled. Can be enabled by profiles [${profiles.join(' ')}]`);
    }
    if (config.required) fail([...at, 'depends_on', dependency], `service "${service.name}" depends on undefined service "${dependency}"`);
  }
  const replicas = service.deploy?.replicas ?? service.scale ?? 1;
  if (service.scale !== undefined && service.deploy?.replicas !== undefined && service.scale !== service.deploy.replicas) {
    fail([...at, 'scale'], "can't set distinct values on 'scale' and 'deploy.replicas'");
  }
  if (replicas < 0) fail([...at, 'scale'], 'must be greater than or equal to 0');
  if (service.container_name !== undefined && replicas > 1) {
    fail([...at, 'container_name'], "can't set container_name and scale as container name must be unique");
  }
}

function isDefaultOnly(networks: Record<string, unknown>): boolean {
  const keys = Object.keys(networks);
  return keys.length === 1 && keys[0] === 'default' && networks['default'] === null;
}

function checkDependencyCycles(services: Record<string, ServiceConfig>): void {
  const dependencies = (name: string): string[] => Object.keys(services[name]?.depends_on ?? {}).filter((dependency) => hasKey(services, dependency));
  // Depth-first with an explicit stack: `trail` is the path from the root, `pending` each one's
  // unvisited dependencies (reversed: popped in the order written). One state map for the whole
  // walk: ON_TRAIL while a service is on the trail, DONE once all it depends on is checked.
  const state = new Map<string, typeof ON_TRAIL | typeof DONE>();
  const trail: string[] = [];
  const pending: string[][] = [];
  const enter = (name: string): void => {
    trail.push(name);
    state.set(name, ON_TRAIL);
    pending.push(dependencies(name).reverse());
  };
  for (const root of Object.keys(services)) {
    if (state.has(root)) continue;
    enter(root);
    while (trail.length > 0) {
      const next = (pending[pending.length - 1] as string[]).pop();
      if (next === undefined) {
        state.set(trail.pop() as string, DONE);
        pending.pop();
        continue;
      }
      const seen = state.get(next);
      if (seen === DONE) continue;
      if (seen === ON_TRAIL) {
        const cycle = [...trail.slice(trail.indexOf(next)), next];
        fail(['services', cycle[0] as string, 'depends_on'], `dependency cycle detected: ${cycle.join(' -> ')}`);
      }
      enter(next);
    }
  }
}

const ON_TRAIL = 1;
const DONE = 2;
