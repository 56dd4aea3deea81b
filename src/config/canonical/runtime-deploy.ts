import type { DeployConfig, DeviceRequest, ResourceValues, RestartPolicy } from '../../model/service-runtime.js';
import type { KeyPath } from '../yaml-source.js';
import { fail } from '../model-error.js';
import { asInteger, asMapping, asNumber, asString, asStringList, asStringMap } from './guards.js';
import { asBytes } from './units.js';

const RESTART_CONDITIONS = ['none', 'on-failure', 'any'];

/** `deploy`: replicas, resources (cpus as a number, memory in bytes, pids, device requests) and restart_policy. */
export function canonicalDeploy(value: unknown, keyPath: KeyPath): DeployConfig {
  const raw = asMapping(value ?? {}, keyPath);
  const deploy: DeployConfig = { ...raw };
  if (raw['replicas'] !== undefined) deploy.replicas = asInteger(raw['replicas'], [...keyPath, 'replicas']);
  if (raw['resources'] !== undefined) {
    const resources = asMapping(raw['resources'], [...keyPath, 'resources']);
    deploy.resources = { ...resources };
    for (const kind of ['limits', 'reservations'] as const) {
      if (resources[kind] !== undefined) deploy.resources[kind] = canonicalResourceValues(resources[kind], [...keyPath, 'resources', kind]);
    }
  }
  if (raw['restart_policy'] !== undefined) deploy.restart_policy = canonicalRestartPolicy(raw['restart_policy'], [...keyPath, 'restart_policy']);
  return deploy;
}

function canonicalResourceValues(value: unknown, keyPath: KeyPath): ResourceValues {
  const raw = asMapping(value ?? {}, keyPath);
  const values: ResourceValues = { ...raw };
  if (raw['cpus'] !== undefined) values.cpus = asNumber(raw['cpus'], [...keyPath, 'cpus']);
  if (raw['memory'] !== undefined) values.memory = asBytes(raw['memory'], [...keyPath, 'memory']);
  if (raw['pids'] !== undefined) values.pids = asInteger(raw['pids'], [...keyPath, 'pids']);
  if (raw['devices'] !== undefined) values.devices = canonicalDeviceRequests(raw['devices'], [...keyPath, 'devices']);
  return values;
}

function canonicalRestartPolicy(value: unknown, keyPath: KeyPath): RestartPolicy {
  const raw = asMapping(value ?? {}, keyPath);
  const policy: RestartPolicy = {};
  if (raw['condition'] !== undefined) {
    const condition = asString(raw['condition'], [...keyPath, 'condition']);
    if (!RESTART_CONDITIONS.includes(condition)) fail([...keyPath, 'condition'], `must be one of ${RESTART_CONDITIONS.join(', ')}`);
    policy.condition = condition;
  }
  if (raw['max_attempts'] !== undefined) policy.max_attempts = asInteger(raw['max_attempts'], [...keyPath, 'max_attempts']);
  if (raw['delay'] !== undefined) policy.delay = asString(raw['delay'], [...keyPath, 'delay']);
  if (raw['window'] !== undefined) policy.window = asString(raw['window'], [...keyPath, 'window']);
  return policy;
}

/** Device requests (gpus, deploy.resources.reservations.devices): count `all` when neither count nor device_ids. */
export function canonicalDeviceRequests(value: unknown, keyPath: KeyPath, defaultCapabilities: readonly string[] = []): DeviceRequest[] {
  if (!Array.isArray(value)) fail(keyPath, 'must be a list');
  return value.map((item, index) => {
    const itemPath = [...keyPath, index];
    const raw = asMapping(item, itemPath);
    const request: DeviceRequest = {};
    if (raw['driver'] !== undefined) request.driver = asString(raw['driver'], [...itemPath, 'driver']);
    if (raw['count'] !== undefined && raw['device_ids'] !== undefined) fail(itemPath, 'count and device_ids are mutually exclusive');
    if (raw['count'] !== undefined) request.count = raw['count'] === 'all' || raw['count'] === -1 ? 'all' : asInteger(raw['count'], [...itemPath, 'count']);
    if (raw['device_ids'] !== undefined) request.device_ids = asStringList(raw['device_ids'], [...itemPath, 'device_ids']);
    if (request.count === undefined && request.device_ids === undefined) request.count = 'all';
    const capabilities = raw['capabilities'] === undefined ? [] : asStringList(raw['capabilities'], [...itemPath, 'capabilities']);
    const merged = [...capabilities, ...defaultCapabilities.filter((capability) => !capabilities.includes(capability))];
    if (merged.length > 0) request.capabilities = merged;
    if (raw['options'] !== undefined) request.options = asStringMap(raw['options'], [...itemPath, 'options']);
    return request;
  });
}

