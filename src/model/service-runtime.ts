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

/**
 * The runtime keys other code reads by name. A key only its registry entry reads (src/keys/families)
 * is typed there, by its entry's `key<T>`, and needs no field here.
 */
export interface RuntimeKeys {
  read_only?: boolean;
  mac_address?: string;
  tmpfs?: string[];
  volumes_from?: string[];
  pids_limit?: number;
  cpus?: number;
  mem_limit?: number;
  mem_reservation?: number;
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
