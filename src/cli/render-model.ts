/** The normalized project shaped as `docker compose config` prints it (compose-go's struct field order). */
import type { Project } from '../model/project.js';

type Order = readonly string[];

const PORT: Order = ['name', 'mode', 'host_ip', 'target', 'published', 'protocol', 'app_protocol'];
const MOUNT: Order = ['type', 'source', 'target', 'read_only', 'consistency', 'bind', 'volume', 'tmpfs', 'image'];
const BIND: Order = ['propagation', 'create_host_path', 'recursive', 'selinux'];
const DEPENDENCY: Order = ['condition', 'restart', 'required'];
const HEALTHCHECK: Order = ['test', 'timeout', 'interval', 'retries', 'start_period', 'start_interval', 'disable'];
const BUILD: Order = ['context', 'dockerfile', 'dockerfile_inline', 'entitlements', 'args', 'ssh', 'labels', 'cache_from', 'cache_to', 'no_cache', 'additional_contexts', 'network', 'pull', 'target', 'shm_size', 'extra_hosts', 'isolation', 'privileged', 'secrets', 'tags', 'ulimits', 'platforms'];
const NETWORK: Order = ['name', 'driver', 'driver_opts', 'ipam', 'external', 'internal', 'attachable', 'labels', 'enable_ipv4', 'enable_ipv6'];
const VOLUME: Order = ['name', 'driver', 'driver_opts', 'external', 'labels'];
const FILE_OBJECT: Order = ['name', 'file', 'environment', 'content', 'external', 'labels', 'driver', 'driver_opts', 'template_driver'];
const FILE_REFERENCE: Order = ['source', 'target', 'uid', 'gid', 'mode'];
const DEPLOY: Order = ['mode', 'replicas', 'labels', 'update_config', 'rollback_config', 'resources', 'restart_policy', 'placement', 'endpoint_mode'];
const UPDATE: Order = ['parallelism', 'delay', 'failure_action', 'monitor', 'max_failure_ratio', 'order'];
const SERVICE_NETWORK: Order = ['aliases', 'ipv4_address', 'ipv6_address', 'link_local_ips', 'mac_address', 'driver_opts', 'priority', 'gw_priority', 'interface_name'];

/** Per nested key of a service, the field order of its items (lists) or of the mapping itself. */
const SERVICE_NESTED: Record<string, (value: unknown) => unknown> = {
  ports: (value) => listOf(value, PORT),
  volumes: (value) => listOf(value, MOUNT, { bind: BIND }),
  depends_on: (value) => mapOf(value, DEPENDENCY),
  healthcheck: (value) => ordered(value, HEALTHCHECK),
  build: (value) => ordered(value, BUILD),
  secrets: (value) => listOf(value, FILE_REFERENCE),
  configs: (value) => listOf(value, FILE_REFERENCE),
  networks: (value) => mapOf(value, SERVICE_NETWORK),
  deploy: (value) => ordered(value, DEPLOY, { update_config: UPDATE, rollback_config: UPDATE }),
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keys of `order` first, in that order, then the others sorted; undefined values dropped; nested maps sorted. */
function ordered(value: unknown, order: Order, nested: Record<string, Order> = {}): unknown {
  if (!isObject(value)) return value;
  const keys = Object.keys(value).filter((key) => value[key] !== undefined);
  const known = order.filter((key) => keys.includes(key));
  const rest = keys.filter((key) => !order.includes(key)).sort();
  return Object.fromEntries([...known, ...rest].map((key) => {
    const item = value[key];
    const itemOrder = nested[key];
    return [key, itemOrder === undefined ? sorted(item) : ordered(item, itemOrder)];
  }));
}

function listOf(value: unknown, order: Order, nested: Record<string, Order> = {}): unknown {
  return Array.isArray(value) ? value.map((item) => ordered(item, order, nested)) : value;
}

function mapOf(value: unknown, order: Order): unknown {
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, ordered(value[key], order)]));
}

/** Mapping keys sorted alphabetically, as Go marshals maps. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.keys(value).filter((key) => value[key] !== undefined).sort().map((key) => [key, sorted(value[key])]));
}

function renderService(service: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(service).filter((name) => name !== 'name' && service[name] !== undefined).sort()) {
    const shape = SERVICE_NESTED[key];
    result[key] = shape === undefined ? sorted(service[key]) : shape(service[key]);
  }
  return result;
}

/** The model as `docker compose config` prints it: name, services, networks, volumes, secrets, configs. */
export function renderModel(project: Project): Record<string, unknown> {
  const services = Object.fromEntries(Object.keys(project.services).sort().map((name) => [name, renderService(project.services[name] as Record<string, unknown>)]));
  const model: Record<string, unknown> = { name: project.name, services };
  const sections: Array<[keyof Project & ('networks' | 'volumes' | 'secrets' | 'configs'), Order]> = [['networks', NETWORK], ['volumes', VOLUME], ['secrets', FILE_OBJECT], ['configs', FILE_OBJECT]];
  for (const [section, order] of sections) {
    if (Object.keys(project[section]).length > 0) model[section] = mapOf(project[section], order);
  }
  return model;
}
