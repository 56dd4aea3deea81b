import type { ServiceConfig } from '../../model/project.js';
import type { DeviceMapping, DeviceRequest, FileReference, LoggingConfig, RuntimeKeys, UlimitConfig } from '../../model/service-runtime.js';
import type { KeyPath } from '../yaml-source.js';
import { fail } from '../model-error.js';
import { asBoolean, asInteger, asKeyValueMap, asMapping, asNumber, asString, asStringList, asStringMap, isMapping, type Mapping } from './guards.js';
import { canonicalDeploy, canonicalDeviceRequests } from './runtime-deploy.js';
import { asBytes } from './units.js';
import { setKey } from '../mapping.js';

const BOOLEAN_KEYS = ['tty', 'stdin_open', 'init', 'privileged', 'read_only', 'oom_kill_disable'] as const;
const STRING_KEYS = [
  'domainname', 'stop_signal', 'stop_grace_period', 'pid', 'ipc', 'uts', 'cgroup', 'userns_mode', 'cgroup_parent',
  'platform', 'runtime', 'isolation', 'mac_address', 'cpuset',
] as const;
const LIST_KEYS = [
  'cap_add', 'cap_drop', 'security_opt', 'group_add', 'dns', 'dns_search', 'dns_opt', 'tmpfs', 'links', 'external_links',
  'volumes_from', 'device_cgroup_rules',
] as const;
const INTEGER_KEYS = ['cpu_shares', 'cpu_period', 'cpu_quota', 'cpu_rt_period', 'cpu_rt_runtime', 'pids_limit', 'oom_score_adj', 'mem_swappiness'] as const;
const BYTE_KEYS = ['mem_limit', 'memswap_limit', 'mem_reservation', 'shm_size'] as const;
const MAP_KEYS = ['sysctls', 'storage_opt', 'annotations'] as const;

/**
 * Canonical forms of the service keys that only the container runtime reads (resources, security,
 * devices, logging, ...): what `docker create` flags are made from. Keys not handled here pass
 * through unchanged.
 */
export function canonicalRuntimeKeys(raw: Mapping, keyPath: KeyPath): Partial<ServiceConfig> {
  const at = (key: string): KeyPath => [...keyPath, key];
  const keys: RuntimeKeys = {};
  for (const key of BOOLEAN_KEYS) if (raw[key] !== undefined) keys[key] = asBoolean(raw[key], at(key));
  for (const key of STRING_KEYS) if (raw[key] !== undefined) keys[key] = asString(raw[key], at(key));
  for (const key of LIST_KEYS) if (raw[key] !== undefined) keys[key] = asStringList(raw[key], at(key));
  for (const key of INTEGER_KEYS) if (raw[key] !== undefined) keys[key] = asInteger(raw[key], at(key));
  for (const key of BYTE_KEYS) if (raw[key] !== undefined) keys[key] = asBytes(raw[key], at(key));
  for (const key of MAP_KEYS) if (raw[key] !== undefined) keys[key] = asStringMap(raw[key], at(key));
  if (raw['cpus'] !== undefined) keys.cpus = asNumber(raw['cpus'], at('cpus'));
  if (raw['extra_hosts'] !== undefined) keys.extra_hosts = canonicalExtraHosts(raw['extra_hosts'], at('extra_hosts'));
  if (raw['ulimits'] !== undefined) keys.ulimits = canonicalUlimits(raw['ulimits'], at('ulimits'));
  if (raw['devices'] !== undefined) keys.devices = canonicalDevices(raw['devices'], at('devices'));
  if (raw['gpus'] !== undefined) keys.gpus = canonicalGpus(raw['gpus'], at('gpus'));
  if (raw['logging'] !== undefined) keys.logging = canonicalLogging(raw['logging'], at('logging'));
  if (raw['secrets'] !== undefined) keys.secrets = canonicalFileReferences(raw['secrets'], at('secrets'), (source) => `/run/secrets/${source}`, '/run/secrets/');
  if (raw['configs'] !== undefined) keys.configs = canonicalFileReferences(raw['configs'], at('configs'), (source) => `/${source}`, '/');
  if (raw['deploy'] !== undefined) keys.deploy = canonicalDeploy(raw['deploy'], at('deploy'));
  checkAgreement(keys, keyPath);
  return keys as Partial<ServiceConfig>;
}

/** compose-go's rule: a top-level limit and its deploy.resources twin must not disagree. */
function checkAgreement(keys: RuntimeKeys, keyPath: KeyPath): void {
  const limits = keys.deploy?.resources?.limits;
  const reservations = keys.deploy?.resources?.reservations;
  const pairs: Array<[string, unknown, string, unknown]> = [
    ['cpus', keys.cpus, 'deploy.resources.limits.cpus', limits?.cpus],
    ['mem_limit', keys.mem_limit, 'deploy.resources.limits.memory', limits?.memory],
    ['mem_reservation', keys.mem_reservation, 'deploy.resources.reservations.memory', reservations?.memory],
    ['pids_limit', keys.pids_limit, 'deploy.resources.limits.pids', limits?.pids],
  ];
  for (const [key, value, deployKey, deployValue] of pairs) {
    if (value !== undefined && deployValue !== undefined && value !== deployValue) {
      fail([...keyPath, key], `can't set distinct values on '${key}' and '${deployKey}'`);
    }
  }
}

/** `host:ip`, `host=ip` or a mapping (one address or a list per host), as `host=ip` entries. */
function canonicalExtraHosts(value: unknown, keyPath: KeyPath): string[] {
  if (isMapping(value)) {
    return Object.entries(value).flatMap(([host, addresses]) => asStringList(addresses, [...keyPath, host]).map((address) => `${host}=${address}`));
  }
  return asStringList(value, keyPath).map((entry, index) => {
    const separator = entry.includes('=') ? entry.indexOf('=') : entry.indexOf(':');
    if (separator <= 0) fail([...keyPath, index], `invalid extra host "${entry}": expected host:ip or host=ip`);
    const address = entry.slice(separator + 1).replace(/^\[(.*)\]$/, '$1');
    return `${entry.slice(0, separator)}=${address}`;
  });
}

/** `nofile: 1024` or `nofile: {soft, hard}`; a single value sets both limits. */
function canonicalUlimits(value: unknown, keyPath: KeyPath): Record<string, UlimitConfig> {
  const ulimits: Record<string, UlimitConfig> = {};
  for (const [name, limit] of Object.entries(asMapping(value, keyPath))) {
    if (isMapping(limit)) {
      if (limit['soft'] === undefined || limit['hard'] === undefined) fail([...keyPath, name], 'soft and hard are both required');
      setKey(ulimits, name, { soft: asInteger(limit['soft'], [...keyPath, name, 'soft']), hard: asInteger(limit['hard'], [...keyPath, name, 'hard']) });
    } else {
      const single = asInteger(limit, [...keyPath, name]);
      setKey(ulimits, name, { soft: single, hard: single });
    }
  }
  return ulimits;
}

/** `/dev/a[:/dev/b[:rwm]]` strings or `{source, target, permissions}` mappings. */
function canonicalDevices(value: unknown, keyPath: KeyPath): DeviceMapping[] {
  if (!Array.isArray(value)) fail(keyPath, 'must be a list');
  return value.map((item, index) => {
    const itemPath = [...keyPath, index];
    if (isMapping(item)) {
      const source = asString(item['source'], [...itemPath, 'source']);
      const device: DeviceMapping = { source, target: item['target'] === undefined ? source : asString(item['target'], [...itemPath, 'target']) };
      if (item['permissions'] !== undefined) device.permissions = asString(item['permissions'], [...itemPath, 'permissions']);
      return device;
    }
    const text = asString(item, itemPath);
    // A CDI name (vendor.com/class=name) has no colon-separated parts.
    if (!text.startsWith('/')) return { source: text, target: text };
    const [source = '', target, permissions] = text.split(':');
    const device: DeviceMapping = { source, target: target === undefined || target === '' ? source : target };
    if (permissions !== undefined) device.permissions = permissions;
    return device;
  });
}

function canonicalGpus(value: unknown, keyPath: KeyPath): DeviceRequest[] {
  if (value === 'all') return [{ count: 'all', capabilities: ['gpu'] }];
  return canonicalDeviceRequests(value, keyPath, ['gpu']);
}

function canonicalLogging(value: unknown, keyPath: KeyPath): LoggingConfig {
  const raw = asMapping(value, keyPath);
  const logging: LoggingConfig = {};
  if (raw['driver'] !== undefined) logging.driver = asString(raw['driver'], [...keyPath, 'driver']);
  if (raw['options'] !== undefined && raw['options'] !== null) {
    const options: Record<string, string> = {};
    for (const [key, item] of Object.entries(asKeyValueMap(raw['options'], [...keyPath, 'options']))) if (item !== null) setKey(options, key, item);
    logging.options = options;
  }
  return logging;
}

/**
 * A file mode: a number is taken as the YAML value (`0o440`; note that a YAML 1.2 parser reads `0440`
 * as decimal 440, where compose's go-yaml reads octal), a string as octal text ("0440", "440").
 */
export function asFileMode(value: unknown, keyPath: KeyPath): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  const text = typeof value === 'string' ? value.trim().replace(/^0o/i, '') : '';
  if (/^[0-7]+$/.test(text)) return parseInt(text, 8);
  fail(keyPath, `invalid file mode ${JSON.stringify(value)}: write it in octal, e.g. 0o440`);
}

/** Service `secrets`/`configs`: a name, or `{source, target, uid, gid, mode}`; relative targets go under `base`. */
function canonicalFileReferences(value: unknown, keyPath: KeyPath, defaultTarget: (source: string) => string, base: string): FileReference[] {
  if (!Array.isArray(value)) fail(keyPath, 'must be a list');
  return value.map((item, index) => {
    const itemPath = [...keyPath, index];
    if (!isMapping(item)) {
      const source = asString(item, itemPath);
      return { source, target: defaultTarget(source) };
    }
    const source = asString(item['source'], [...itemPath, 'source']);
    const targetText = item['target'] === undefined ? undefined : asString(item['target'], [...itemPath, 'target']);
    const reference: FileReference = {
      source,
      target: targetText === undefined ? defaultTarget(source) : targetText.startsWith('/') ? targetText : `${base}${targetText}`,
    };
    if (item['uid'] !== undefined) reference.uid = asString(item['uid'], [...itemPath, 'uid']);
    if (item['gid'] !== undefined) reference.gid = asString(item['gid'], [...itemPath, 'gid']);
    if (item['mode'] !== undefined) reference.mode = asFileMode(item['mode'], [...itemPath, 'mode']);
    return reference;
  });
}
