/** The JSON schema of one service, written from the Compose specification's service keys. */
import { bool, closed, command, duration, int, intOrStr, listOrDict, shortOrLong, str, stringList, stringMap, stringOrList, strOrNum, uniqueStrings, type Schema } from './building-blocks.js';

const fileReference = shortOrLong(['string'], { source: str, target: str, uid: str, gid: str, mode: intOrStr });
const hook = closed({ command, user: str, privileged: bool, working_dir: str, environment: listOrDict });
const rate = { type: 'array', items: closed({ path: str, rate: intOrStr }) };
const resources = closed({ cpus: strOrNum, memory: strOrNum, pids: intOrStr });
const deviceRequest = closed({ capabilities: stringList, count: intOrStr, device_ids: stringList, driver: str, options: listOrDict });

const build = shortOrLong(['string'], {
  context: str, dockerfile: str, dockerfile_inline: str, entitlements: stringList, args: listOrDict, ssh: listOrDict,
  labels: listOrDict, cache_from: stringList, cache_to: stringList, no_cache: bool, no_cache_filter: stringOrList,
  additional_contexts: listOrDict, network: str, provenance: { type: ['string', 'boolean'] }, sbom: { type: ['string', 'boolean'] },
  pull: bool, target: str, shm_size: strOrNum, extra_hosts: listOrDict, isolation: str, privileged: bool,
  secrets: { type: 'array', items: fileReference }, tags: stringList, ulimits: { type: 'object' }, platforms: stringList,
});

const deploy = closed({
  mode: str, endpoint_mode: str, replicas: int, labels: listOrDict,
  rollback_config: closed({ parallelism: int, delay: duration, failure_action: str, monitor: duration, max_failure_ratio: { type: 'number' }, order: { enum: ['start-first', 'stop-first'] } }),
  update_config: closed({ parallelism: int, delay: duration, failure_action: str, monitor: duration, max_failure_ratio: { type: 'number' }, order: { enum: ['start-first', 'stop-first'] } }),
  resources: closed({
    limits: resources,
    reservations: closed({ cpus: strOrNum, memory: strOrNum, generic_resources: { type: 'array' }, devices: { type: 'array', items: deviceRequest } }),
  }),
  restart_policy: closed({ condition: str, delay: duration, max_attempts: int, window: duration }),
  placement: closed({ constraints: stringList, preferences: { type: 'array', items: closed({ spread: str }) }, max_replicas_per_node: int }),
});

const serviceNetwork = {
  ...closed({
    aliases: uniqueStrings, interface_name: str, ipv4_address: str, ipv6_address: str, link_local_ips: stringList,
    mac_address: str, driver_opts: stringMap, priority: { type: 'number' }, gw_priority: { type: 'number' },
  }),
  type: ['object', 'null'],
};

const volume = shortOrLong(['string'], {
  type: { enum: ['bind', 'volume', 'tmpfs', 'image', 'npipe', 'cluster'] }, source: str, target: str, read_only: bool, consistency: str,
  bind: closed({ propagation: str, create_host_path: bool, recursive: { enum: ['enabled', 'disabled', 'writable', 'readonly'] }, selinux: { enum: ['z', 'Z'] } }),
  volume: closed({ nocopy: bool, subpath: str, labels: listOrDict }),
  tmpfs: closed({ size: { type: ['integer', 'string'], minimum: 0 }, mode: { type: 'number' } }),
  image: closed({ subpath: str }),
}, { required: ['type'] });

/** Every key a service may have, with its type. */
export const serviceSchema: Schema = closed({
  annotations: listOrDict,
  attach: bool,
  blkio_config: closed({ device_read_bps: rate, device_read_iops: rate, device_write_bps: rate, device_write_iops: rate, weight: intOrStr, weight_device: { type: 'array', items: closed({ path: str, weight: intOrStr }) } }),
  build,
  cap_add: uniqueStrings,
  cap_drop: uniqueStrings,
  cgroup: { enum: ['host', 'private'] },
  cgroup_parent: str,
  command,
  configs: { type: 'array', items: fileReference },
  container_name: str,
  cpu_count: { type: ['integer', 'string'], minimum: 0 },
  cpu_percent: { type: ['number', 'string'], minimum: 0, maximum: 100 },
  cpu_period: strOrNum, cpu_quota: strOrNum, cpu_rt_period: strOrNum, cpu_rt_runtime: strOrNum, cpu_shares: strOrNum, cpus: strOrNum,
  cpuset: str,
  credential_spec: closed({ config: str, file: str, registry: str }),
  depends_on: {
    type: ['array', 'object'],
    items: str,
    uniqueItems: true,
    additionalProperties: { ...closed({ condition: { enum: ['service_started', 'service_healthy', 'service_completed_successfully'] }, restart: bool, required: bool }, { required: ['condition'] }), type: ['object', 'null'] },
  },
  deploy,
  develop: { type: 'object' },
  device_cgroup_rules: stringList,
  devices: { type: 'array', items: shortOrLong(['string'], { source: str, target: str, permissions: str }) },
  dns: stringOrList, dns_opt: stringList, dns_search: stringOrList,
  domainname: str,
  entrypoint: command,
  env_file: { type: ['string', 'array'], items: shortOrLong(['string'], { path: str, required: bool, format: str }, { required: ['path'] }) },
  label_file: stringOrList,
  environment: listOrDict,
  expose: { type: 'array', items: strOrNum, uniqueItems: true },
  extends: shortOrLong(['string'], { service: str, file: str }, { required: ['service'] }),
  external_links: stringList,
  extra_hosts: listOrDict,
  gpus: { type: ['string', 'array'], items: deviceRequest },
  group_add: { type: 'array', items: strOrNum },
  healthcheck: closed({ disable: bool, interval: duration, retries: int, test: stringOrList, timeout: duration, start_period: duration, start_interval: duration }),
  hostname: str,
  image: str,
  init: bool,
  ipc: str,
  isolation: str,
  labels: listOrDict,
  links: stringList,
  logging: closed({ driver: str, options: { type: 'object', additionalProperties: { type: ['string', 'number', 'null'] } } }),
  mac_address: str,
  mem_limit: strOrNum, mem_reservation: strOrNum, memswap_limit: strOrNum,
  mem_swappiness: { type: 'integer', minimum: 0, maximum: 100 },
  models: { type: ['array', 'object'] },
  network_mode: str,
  networks: { type: ['array', 'object'], items: str, uniqueItems: true, additionalProperties: serviceNetwork },
  oom_kill_disable: bool,
  oom_score_adj: { type: 'integer', minimum: -1000, maximum: 1000 },
  pid: { type: ['string', 'null'] },
  pids_limit: strOrNum,
  platform: str,
  ports: {
    type: 'array',
    items: shortOrLong(['string', 'number'], { name: str, mode: str, host_ip: str, target: int, published: strOrNum, protocol: str, app_protocol: str }, { required: ['target'] }),
  },
  post_start: { type: 'array', items: hook }, pre_start: { type: 'array', items: hook }, pre_stop: { type: 'array', items: hook },
  privileged: bool,
  profiles: uniqueStrings,
  provider: { type: 'object' },
  pull_policy: { type: 'string', pattern: '^(always|never|build|if_not_present|missing|refresh|daily|weekly|every_.+)$' },
  pull_refresh_after: str,
  read_only: bool,
  restart: str,
  runtime: str,
  scale: int,
  secrets: { type: 'array', items: fileReference },
  security_opt: stringList,
  shm_size: strOrNum,
  stdin_open: bool,
  stop_grace_period: duration,
  stop_signal: str,
  storage_opt: { type: 'object' },
  sysctls: listOrDict,
  tmpfs: stringOrList,
  tty: bool,
  ulimits: { type: 'object', additionalProperties: { ...closed({ hard: intOrStr, soft: intOrStr }, { required: ['soft', 'hard'] }), type: ['integer', 'string', 'object'] } },
  use_api_socket: bool,
  user: str,
  userns_mode: str,
  uts: str,
  volumes: { type: 'array', items: volume, uniqueItems: true },
  volumes_from: uniqueStrings,
  working_dir: str,
});
