import type { DeviceRequest } from '../../model/service-runtime.js';
import { sortedEntries, type FlagContext } from './context.js';

/** One `--gpus` value in the CLI's CSV syntax (`count=2,capabilities=gpu,"device=0,1"`). */
export function gpusValue(request: DeviceRequest): string {
  const fields: string[] = [];
  if (request.driver !== undefined) fields.push(`driver=${request.driver}`);
  if (request.count !== undefined) fields.push(`count=${request.count}`);
  if (request.device_ids !== undefined) fields.push(`"device=${request.device_ids.join(',')}"`);
  const capabilities = request.capabilities ?? [];
  if (capabilities.length > 0) fields.push(capabilities.length === 1 ? `capabilities=${capabilities[0]}` : `"capabilities=${capabilities.join(',')}"`);
  for (const [key, value] of sortedEntries(request.options ?? {})) fields.push(`${key}=${value}`);
  if (fields.length <= 2 && fields[0] === 'count=all' && (fields[1] === undefined || fields[1] === 'capabilities=gpu')) return 'all';
  return fields.join(',');
}

/** Memory, CPU, pids, ulimits, shared memory and device requests; deploy.resources fills in what the top-level keys leave. */
export function resourceFlags(context: FlagContext): string[] {
  const { runtime } = context;
  const limits = runtime.deploy?.resources?.limits ?? {};
  const reservations = runtime.deploy?.resources?.reservations ?? {};
  const flags: string[] = [];
  const memory = runtime.mem_limit ?? limits.memory;
  if (memory !== undefined) flags.push('--memory', String(memory));
  if (runtime.memswap_limit !== undefined) flags.push('--memory-swap', String(runtime.memswap_limit));
  const memoryReservation = runtime.mem_reservation ?? reservations.memory;
  if (memoryReservation !== undefined) flags.push('--memory-reservation', String(memoryReservation));
  if (runtime.mem_swappiness !== undefined) flags.push('--memory-swappiness', String(runtime.mem_swappiness));
  if (runtime.oom_kill_disable === true) flags.push('--oom-kill-disable');
  if (runtime.oom_score_adj !== undefined) flags.push('--oom-score-adj', String(runtime.oom_score_adj));
  const cpus = runtime.cpus ?? limits.cpus;
  if (cpus !== undefined) flags.push('--cpus', String(cpus));
  if (reservations.cpus !== undefined) context.ignore('deploy.resources.reservations.cpus', 'a CPU reservation is a swarm scheduling hint');
  if (runtime.cpu_shares !== undefined) flags.push('--cpu-shares', String(runtime.cpu_shares));
  if (runtime.cpu_period !== undefined) flags.push('--cpu-period', String(runtime.cpu_period));
  if (runtime.cpu_quota !== undefined) flags.push('--cpu-quota', String(runtime.cpu_quota));
  if (runtime.cpu_rt_period !== undefined) flags.push('--cpu-rt-period', String(runtime.cpu_rt_period));
  if (runtime.cpu_rt_runtime !== undefined) flags.push('--cpu-rt-runtime', String(runtime.cpu_rt_runtime));
  if (runtime.cpuset !== undefined) flags.push('--cpuset-cpus', runtime.cpuset);
  const pids = runtime.pids_limit ?? limits.pids;
  if (pids !== undefined) flags.push('--pids-limit', String(pids));
  if (runtime.shm_size !== undefined) flags.push('--shm-size', String(runtime.shm_size));
  for (const [name, limit] of sortedEntries(runtime.ulimits ?? {})) flags.push('--ulimit', limit.soft === limit.hard ? `${name}=${limit.soft}` : `${name}=${limit.soft}:${limit.hard}`);
  for (const request of [...(runtime.gpus ?? []), ...(reservations.devices ?? [])]) flags.push('--gpus', gpusValue(request));
  for (const key of Object.keys(limits)) {
    if (!['cpus', 'memory', 'pids'].includes(key)) context.ignore(`deploy.resources.limits.${key}`, 'no engine limit of that name');
  }
  for (const key of Object.keys(reservations)) {
    if (!['cpus', 'memory', 'devices'].includes(key)) context.ignore(`deploy.resources.reservations.${key}`, 'a swarm scheduling resource');
  }
  return flags;
}
