import type { Project, ServiceConfig } from '../model/project.js';
import { isMapping, type Mapping } from './canonical/guards.js';
import { CONFIG_KEYS, NETWORK_KEYS, SECRET_KEYS, SERVICE_KEYS, TOP_LEVEL_KEYS, VOLUME_KEYS, closestKey } from './known-keys.js';
import { fail } from './model-error.js';

/** Rejects keys the Compose specification does not know, in one raw file tree. */
export function checkKnownKeys(tree: Mapping): void {
  checkKeys(tree, TOP_LEVEL_KEYS, [], 'additional property');
  const sections: Array<[string, readonly string[]]> = [
    ['services', SERVICE_KEYS], ['networks', NETWORK_KEYS], ['volumes', VOLUME_KEYS], ['secrets', SECRET_KEYS], ['configs', CONFIG_KEYS],
  ];
  for (const [section, keys] of sections) {
    const entries = tree[section];
    if (entries === undefined || entries === null) continue;
    if (!isMapping(entries)) fail([section], 'must be a mapping');
    for (const [name, definition] of Object.entries(entries)) {
      if (section === 'services' && !/^[a-zA-Z0-9._-]+$/.test(name)) fail([section, name], `invalid service name "${name}"`);
      if (definition === null || definition === undefined) continue;
      if (!isMapping(definition)) fail([section, name], 'must be a mapping');
      checkKeys(definition, keys, [section, name], 'additional property');
    }
  }
}

function checkKeys(mapping: Mapping, known: readonly string[], keyPath: string[], what: string): void {
  for (const key of Object.keys(mapping)) {
    if (known.includes(key) || key.startsWith('x-')) continue;
    const suggestion = closestKey(key, known);
    const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
    fail([...keyPath, key], `${what} "${key}" is not allowed${hint}`);
  }
}

/** Cross-reference checks on the canonical project (compose-go checkConsistency). */
export function checkConsistency(project: Project): void {
  for (const service of Object.values(project.services)) checkService(project, service);
  checkDependencyCycles(project.services);
}

function checkService(project: Project, service: ServiceConfig): void {
  const at = ['services', service.name];
  if (service.image === undefined && service.build === undefined) {
    fail(at, `service "${service.name}" has neither an image nor a build context specified`);
  }
  if (service.network_mode !== undefined && service.networks !== undefined && !isDefaultOnly(service.networks)) {
    fail([...at, 'network_mode'], '"network_mode" and "networks" cannot be combined');
  }
  const networkMode = service.network_mode;
  if (networkMode?.startsWith('service:')) {
    const target = networkMode.slice('service:'.length);
    if (!(target in project.services) && !(target in project.disabledServices)) {
      fail([...at, 'network_mode'], `service "${target}" not found for network_mode`);
    }
  }
  for (const networkName of Object.keys(service.networks ?? {})) {
    if (!(networkName in project.networks)) fail([...at, 'networks', networkName], `service "${service.name}" refers to undefined network ${networkName}`);
  }
  (service.volumes ?? []).forEach((volume, index) => {
    if (volume.type === 'volume' && volume.source !== undefined && !(volume.source in project.volumes)) {
      fail([...at, 'volumes', index], `service "${service.name}" refers to undefined volume ${volume.source}`);
    }
  });
  for (const [dependency, config] of Object.entries(service.depends_on ?? {})) {
    if (dependency in project.services) continue;
    if (dependency in project.disabledServices && !config.required) continue;
    if (dependency in project.disabledServices) {
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
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(name)), name];
      fail(['services', cycle[0] as string, 'depends_on'], `dependency cycle detected: ${cycle.join(' -> ')}`);
    }
    state.set(name, 'visiting');
    for (const dependency of Object.keys(services[name]?.depends_on ?? {})) {
      if (dependency in services) visit(dependency, [...trail, name]);
    }
    state.set(name, 'done');
  };
  for (const name of Object.keys(services)) visit(name, []);
}
