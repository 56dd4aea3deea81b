/** The keys the Compose specification's JSON schema allows (compose-spec/schema/compose-spec.json). */

export const TOP_LEVEL_KEYS = ['version', 'name', 'include', 'services', 'models', 'networks', 'volumes', 'secrets', 'configs'];

export const SERVICE_KEYS = [
  'annotations', 'attach', 'blkio_config', 'build', 'cap_add', 'cap_drop', 'cgroup', 'cgroup_parent', 'command',
  'configs', 'container_name', 'cpu_count', 'cpu_percent', 'cpu_period', 'cpu_quota', 'cpu_rt_period',
  'cpu_rt_runtime', 'cpu_shares', 'cpus', 'cpuset', 'credential_spec', 'depends_on', 'deploy', 'develop',
  'device_cgroup_rules', 'devices', 'dns', 'dns_opt', 'dns_search', 'domainname', 'entrypoint', 'env_file',
  'environment', 'expose', 'extends', 'external_links', 'extra_hosts', 'gpus', 'group_add', 'healthcheck',
  'hostname', 'image', 'init', 'ipc', 'isolation', 'label_file', 'labels', 'links', 'logging', 'mac_address',
  'mem_limit', 'mem_reservation', 'mem_swappiness', 'memswap_limit', 'models', 'network_mode', 'networks',
  'oom_kill_disable', 'oom_score_adj', 'pid', 'pids_limit', 'platform', 'ports', 'post_start', 'pre_start',
  'pre_stop', 'privileged', 'profiles', 'provider', 'pull_policy', 'pull_refresh_after', 'read_only', 'restart',
  'runtime', 'scale', 'secrets', 'security_opt', 'shm_size', 'stdin_open', 'stop_grace_period', 'stop_signal',
  'storage_opt', 'sysctls', 'tmpfs', 'tty', 'ulimits', 'use_api_socket', 'user', 'userns_mode', 'uts', 'volumes',
  'volumes_from', 'working_dir',
];

export const NETWORK_KEYS = ['name', 'driver', 'driver_opts', 'ipam', 'external', 'internal', 'enable_ipv4', 'enable_ipv6', 'attachable', 'labels'];
export const VOLUME_KEYS = ['name', 'driver', 'driver_opts', 'external', 'labels'];
export const SECRET_KEYS = ['name', 'environment', 'file', 'external', 'labels', 'driver', 'driver_opts', 'template_driver'];
export const CONFIG_KEYS = ['name', 'content', 'environment', 'file', 'external', 'labels', 'template_driver'];

/** The closest candidate within a small edit distance, for "did you mean" hints. */
export function closestKey(key: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(key.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
