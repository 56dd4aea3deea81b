import type { ServiceConfig } from './project.js';

/**
 * Canonical forms of the service keys only the container runtime reads (config/canonical/runtime-keys.ts
 * writes them, plan/flags/* reads them). Byte sizes are numbers of bytes; durations stay Go duration text.
 */

export interface UlimitConfig {
  soft: number;
  hard: number;
}

export interface DeviceMapping {
  source: string;
  target: string;
  permissions?: string;
}

export interface DeviceRequest {
  driver?: string;
  /** A number of devices, or "all". */
  count?: number | 'all';
  device_ids?: string[];
  capabilities?: string[];
  options?: Record<string, string>;
}

export interface LoggingConfig {
  driver?: string;
  options?: Record<string, string>;
}

/** A service's reference to a top-level secret or config, with its target path and file attributes. */
export interface FileReference {
  source: string;
  target: string;
  uid?: string;
  gid?: string;
  /** Permission bits (a number; written in octal in compose files). */
  mode?: number;
}

export interface ResourceValues {
  cpus?: number;
  memory?: number;
  pids?: number;
  devices?: DeviceRequest[];
  [key: string]: unknown;
}

export interface RestartPolicy {
  condition?: string;
  max_attempts?: number;
  delay?: string;
  window?: string;
}

export interface DeployConfig {
  replicas?: number;
  resources?: { limits?: ResourceValues; reservations?: ResourceValues };
  restart_policy?: RestartPolicy;
  [key: string]: unknown;
}

export interface RuntimeKeys {
  tty?: boolean;
  stdin_open?: boolean;
  init?: boolean;
  privileged?: boolean;
  read_only?: boolean;
  oom_kill_disable?: boolean;
  hostname?: string;
  domainname?: string;
  stop_signal?: string;
  stop_grace_period?: string;
  pid?: string;
  ipc?: string;
  uts?: string;
  cgroup?: string;
  userns_mode?: string;
  cgroup_parent?: string;
  platform?: string;
  runtime?: string;
  isolation?: string;
  mac_address?: string;
  cpuset?: string;
  cap_add?: string[];
  cap_drop?: string[];
  security_opt?: string[];
  group_add?: string[];
  dns?: string[];
  dns_search?: string[];
  dns_opt?: string[];
  tmpfs?: string[];
  links?: string[];
  external_links?: string[];
  volumes_from?: string[];
  device_cgroup_rules?: string[];
  /** `host=ip` entries, in file order. */
  extra_hosts?: string[];
  cpu_shares?: number;
  cpu_period?: number;
  cpu_quota?: number;
  cpu_rt_period?: number;
  cpu_rt_runtime?: number;
  pids_limit?: number;
  oom_score_adj?: number;
  mem_swappiness?: number;
  cpus?: number;
  mem_limit?: number;
  memswap_limit?: number;
  mem_reservation?: number;
  shm_size?: number;
  sysctls?: Record<string, string>;
  storage_opt?: Record<string, string>;
  annotations?: Record<string, string>;
  ulimits?: Record<string, UlimitConfig>;
  devices?: DeviceMapping[];
  gpus?: DeviceRequest[];
  logging?: LoggingConfig;
  secrets?: FileReference[];
  configs?: FileReference[];
  deploy?: DeployConfig;
}

/** The runtime keys of a service, typed. */
export function runtimeOf(service: ServiceConfig): RuntimeKeys {
  return service as RuntimeKeys;
}
