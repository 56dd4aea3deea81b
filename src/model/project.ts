/**
 * The normalized Compose model, shaped like `docker compose config` output (long syntax everywhere).
 * Produced by config/, read by plan/. Keys the translator does not read yet are kept in the tree
 * (`ServiceConfig` is open) so that `berth config` prints them and the hash covers them.
 */
import type { DevelopConfig } from './develop.js';

export interface PortConfig {
  /** Container port. */
  target: number;
  /** Host port or range ("8000", "8000-8010"); absent means ephemeral. */
  published?: string;
  host_ip?: string;
  protocol: string;
  mode: string;
  name?: string;
  app_protocol?: string;
}

export interface BuildConfig {
  context: string;
  dockerfile?: string;
  dockerfile_inline?: string;
  args?: Record<string, string | null>;
  target?: string;
  labels?: Record<string, string>;
  tags?: string[];
  [key: string]: unknown;
}

export interface ServiceVolumeConfig {
  type: 'bind' | 'volume' | 'tmpfs' | 'image' | 'npipe' | 'cluster';
  source?: string;
  target: string;
  read_only?: boolean;
  bind?: { propagation?: string; create_host_path?: boolean; selinux?: string; recursive?: string };
  volume?: { nocopy?: boolean; subpath?: string; labels?: Record<string, string> };
  tmpfs?: { size?: number | string; mode?: number };
  image?: { subpath?: string };
  consistency?: string;
}

export interface DependsOnConfig {
  condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
  required: boolean;
  restart?: boolean;
}

export interface ServiceNetworkConfig {
  aliases?: string[];
  ipv4_address?: string;
  ipv6_address?: string;
  mac_address?: string;
  priority?: number;
  [key: string]: unknown;
}

/** A `post_start` or `pre_stop` hook: a command run in the service's container with `docker exec`. */
export interface ServiceHook {
  command: string[];
  user?: string;
  privileged?: boolean;
  working_dir?: string;
  /** `null`: a bare key, unset. */
  environment?: Record<string, string | null>;
}

export interface HealthcheckConfig {
  test?: string[];
  interval?: string;
  timeout?: string;
  start_period?: string;
  start_interval?: string;
  retries?: number;
  disable?: boolean;
}

export interface ServiceConfig {
  /** The service key; not part of the printed model. */
  name: string;
  image?: string;
  build?: BuildConfig;
  command?: string[] | null;
  entrypoint?: string[] | null;
  /** Resolved environment; `null` means "unset in the container". */
  environment?: Record<string, string | null>;
  ports?: PortConfig[];
  expose?: string[];
  volumes?: ServiceVolumeConfig[];
  networks?: Record<string, ServiceNetworkConfig | null>;
  network_mode?: string;
  depends_on?: Record<string, DependsOnConfig>;
  restart?: string;
  container_name?: string;
  healthcheck?: HealthcheckConfig;
  labels?: Record<string, string>;
  working_dir?: string;
  user?: string;
  profiles?: string[];
  scale?: number;
  deploy?: { replicas?: number; [key: string]: unknown };
  pull_policy?: string;
  /** `watch` and `up --watch` rules. */
  develop?: DevelopConfig;
  post_start?: ServiceHook[];
  pre_stop?: ServiceHook[];
  [key: string]: unknown;
}

export interface NetworkConfig {
  name: string;
  external?: boolean;
  driver?: string;
  driver_opts?: Record<string, string>;
  internal?: boolean;
  attachable?: boolean;
  enable_ipv6?: boolean;
  labels?: Record<string, string>;
  ipam?: { driver?: string; config?: Array<Record<string, unknown>>; options?: Record<string, string> };
  [key: string]: unknown;
}

export interface VolumeConfig {
  name: string;
  external?: boolean;
  driver?: string;
  driver_opts?: Record<string, string>;
  labels?: Record<string, string>;
  [key: string]: unknown;
}

export interface FileObjectConfig {
  name: string;
  file?: string;
  environment?: string;
  content?: string;
  external?: boolean;
  [key: string]: unknown;
}

export interface Project {
  name: string;
  /** Absolute project directory. */
  workingDir: string;
  /** Absolute paths of the compose files, in `-f` order. */
  configFiles: string[];
  /** Paths given with --env-file, if any. */
  envFiles: string[];
  services: Record<string, ServiceConfig>;
  /** Services present in the files but not enabled by the active profiles. */
  disabledServices: Record<string, ServiceConfig>;
  networks: Record<string, NetworkConfig>;
  volumes: Record<string, VolumeConfig>;
  secrets: Record<string, FileObjectConfig>;
  configs: Record<string, FileObjectConfig>;
  /** Separator of container and default image names: `-`, or `_` with --compatibility (`proj_web_1`). */
  nameSeparator?: '-' | '_';
}
