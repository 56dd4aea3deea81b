import { posix } from 'node:path';
import type { ServiceConfig } from '../../model/project.js';
import type { DeviceMapping, DeviceRequest, FileReference, LoggingConfig, RuntimeKeys, UlimitConfig } from '../../model/service-runtime.js';
import type { KeyPath } from '../yaml-source.js';
import { fail } from '../model-error.js';
import { asBoolean, asInteger, asKeyValueMap, asMapping, asNumber, asString, asStringList, asStringMap, isMapping, type Mapping } from './guards.js';
import { canonicalDeploy, canonicalDeviceRequests } from './runtime-deploy.js';
import { asBytes } from './units.js';
import { asGoDuration } from './value-rules.js';
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
  for (const key of BYTE_KEYS) if (raw[key] !== undefined) keys[key] = asBytes(raw[key], at(key), key === 'memswap_limit' ? { unlimited: -1 } : {});
  if (keys.stop_grace_period !== undefined) keys.stop_grace_period = asGoDuration(keys.stop_grace_period, at('stop_grace_period'));
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
  checkNumberRanges(keys, keyPath);
  checkAgreement(keys, keyPath);
  return keys as Partial<ServiceConfig>;
}

/** The least value of each numeric key the daemon takes (-1 means "unlimited" where docker allows it). */
const MINIMUMS: Partial<Record<keyof RuntimeKeys, number>> = {
  cpus: 0, cpu_shares: 0, cpu_period: 0, cpu_quota: -1, cpu_rt_period: 0, cpu_rt_runtime: -1, pids_limit: -1,
};

function checkNumberRanges(keys: RuntimeKeys, keyPath: KeyPath): void {
  for (const [key, minimum] of Object.entries(MINIMUMS)) {
    const value = keys[key as keyof RuntimeKeys];
    if (typeof value === 'number' && value < minimum) fail([...keyPath, key], `must be greater than or equal to ${minimum}`);
  }
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

/** The resource limits docker knows (go-units' ulimit names). */
const ULIMIT_NAMES = ['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack'];

/** `nofile: 1024` or `nofile: {soft, hard}`; a single value sets both limits; -1 is unlimited. */
function canonicalUlimits(value: unknown, keyPath: KeyPath): Record<string, UlimitConfig> {
  const ulimits: Record<string, UlimitConfig> = {};
  for (const [name, limit] of Object.entries(asMapping(value, keyPath))) {
    const at = [...keyPath, name];
    if (!ULIMIT_NAMES.includes(name)) fail(at, `unknown ulimit "${name}": must be one of ${ULIMIT_NAMES.join(', ')}`);
    if (isMapping(limit)) {
      if (limit['soft'] === undefined || limit['hard'] === undefined) fail(at, 'soft and hard are both required');
      const soft = asLimit(limit['soft'], [...at, 'soft']);
      const hard = asLimit(limit['hard'], [...at, 'hard']);
      if (hard !== -1 && (soft === -1 || soft > hard)) fail([...at, 'soft'], `soft limit ${soft} is greater than hard limit ${hard}`);
      setKey(ulimits, name, { soft, hard });
    } else {
      const single = asLimit(limit, at);
      setKey(ulimits, name, { soft: single, hard: single });
    }
  }
  return ulimits;
}

function asLimit(value: unknown, keyPath: KeyPath): number {
  const limit = asInteger(value, keyPath);
  if (limit < -1) fail(keyPath, 'must be -1 (unlimited) or greater');
  return limit;
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
  const text = typeof value === 'string' ? value.trim().replace(/^0o/i, '') : '';
  const mode = typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : /^[0-7]+$/.test(text) ? parseInt(text, 8) : undefined;
  if (mode === undefined) fail(keyPath, `invalid file mode ${JSON.stringify(value)}: write it in octal, e.g. 0o440`);
  if (mode > 0o7777) fail(keyPath, `invalid file mode 0o${mode.toString(8)}: a file mode is at most 0o7777`);
  return mode;
}

/** A target path in the container: relative ones go under `base`; `..` and `//` are resolved. */
function fileTarget(text: string, base: string, keyPath: KeyPath): string {
  const target = posix.normalize(text.startsWith('/') ? text : `${base}${text}`);
  if (text === '' || target === '/' || target.endsWith('/')) fail(keyPath, `invalid target ${JSON.stringify(text)}: must name a file`);
  return target;
}

/** A uid or gid: compose keeps them as strings; the archive that writes the file needs a number. */
function asNumericId(value: unknown, keyPath: KeyPath): string {
  const text = asString(value, keyPath);
  if (!/^\d+$/.test(text) || Number(text) > 4294967294) fail(keyPath, `invalid id ${JSON.stringify(text)}: must be a number from 0 to 4294967294`);
  return String(Number(text));
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
      target: targetText === undefined ? defaultTarget(source) : fileTarget(targetText, base, [...itemPath, 'target']),
    };
    if (item['uid'] !== undefined) reference.uid = asNumericId(item['uid'], [...itemPath, 'uid']);
    if (item['gid'] !== undefined) reference.gid = asNumericId(item['gid'], [...itemPath, 'gid']);
    if (item['mode'] !== undefined) reference.mode = asFileMode(item['mode'], [...itemPath, 'mode']);
    return reference;
  });
}
