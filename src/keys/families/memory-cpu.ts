/** Memory and CPU keys (`docker create` resource flags, in argv order); deploy.resources fills in what they leave. */
import type { ResourceValues } from '../../model/service-runtime.js';
import { strOrNum } from '../schema-blocks.js';
import { key, switchFlag, valueFlag, type FlagView } from '../entry.js';

const limits = (view: FlagView): ResourceValues => view.runtime.deploy?.resources?.limits ?? {};
const reservations = (view: FlagView): ResourceValues => view.runtime.deploy?.resources?.reservations ?? {};

/** `--flag value` from the key, else from its deploy.resources twin. */
function withDeployTwin(flag: string, twin: (view: FlagView) => number | undefined) {
  return (value: number | undefined, view: FlagView): string[] => {
    const chosen = value ?? twin(view);
    return chosen === undefined ? [] : [flag, String(chosen)];
  };
}

export const MEMORY_CPU_KEYS = [
  key<number>({
    key: 'mem_limit', schema: strOrNum, canonical: 'bytes',
    docker: withDeployTwin('--memory', (view) => limits(view).memory),
    swarm: withDeployTwin('--limit-memory', (view) => limits(view).memory),
  }),
  key<number>({ key: 'memswap_limit', schema: strOrNum, canonical: 'bytes', unlimited: -1, docker: valueFlag('--memory-swap') }),
  key<number>({
    key: 'mem_reservation', schema: strOrNum, canonical: 'bytes',
    docker: withDeployTwin('--memory-reservation', (view) => reservations(view).memory),
    swarm: withDeployTwin('--reserve-memory', (view) => reservations(view).memory),
  }),
  key<number>({ key: 'mem_swappiness', schema: { type: 'integer', minimum: 0, maximum: 100 }, canonical: 'int', docker: valueFlag('--memory-swappiness') }),
  key<boolean>({ key: 'oom_kill_disable', schema: { type: 'boolean' }, casts: { '': 'bool' }, canonical: 'bool', docker: switchFlag('--oom-kill-disable') }),
  key<number>({ key: 'oom_score_adj', schema: { type: 'integer', minimum: -1000, maximum: 1000 }, casts: { '': 'int' }, canonical: 'int', docker: valueFlag('--oom-score-adj') }),
  key<number>({
    key: 'cpus', schema: strOrNum, casts: { '': 'float' }, canonical: 'number', minimum: 0,
    docker: (value, view) => {
      if (reservations(view).cpus !== undefined) view.ignore('deploy.resources.reservations.cpus', 'a CPU reservation is a swarm scheduling hint');
      return withDeployTwin('--cpus', () => limits(view).cpus)(value, view);
    },
    swarm: withDeployTwin('--limit-cpu', (view) => limits(view).cpus),
  }),
  key<number>({ key: 'cpu_shares', schema: strOrNum, casts: { '': 'int' }, canonical: 'int', minimum: 0, docker: valueFlag('--cpu-shares') }),
  key<number>({ key: 'cpu_period', schema: strOrNum, casts: { '': 'int' }, canonical: 'int', minimum: 0, docker: valueFlag('--cpu-period') }),
  key<number>({ key: 'cpu_quota', schema: strOrNum, casts: { '': 'int' }, canonical: 'int', minimum: -1, docker: valueFlag('--cpu-quota') }),
  key<number>({ key: 'cpu_rt_period', schema: strOrNum, casts: { '': 'int' }, canonical: 'int', minimum: 0, docker: valueFlag('--cpu-rt-period') }),
  key<number>({ key: 'cpu_rt_runtime', schema: strOrNum, casts: { '': 'int' }, canonical: 'int', minimum: -1, docker: valueFlag('--cpu-rt-runtime') }),
  key<string>({ key: 'cpuset', schema: { type: 'string' }, canonical: 'string', docker: valueFlag('--cpuset-cpus') }),
  key<number>({
    key: 'pids_limit', schema: strOrNum, casts: { '': 'int' }, canonical: 'int', minimum: -1,
    docker: withDeployTwin('--pids-limit', (view) => limits(view).pids),
    swarm: withDeployTwin('--limit-pids', (view) => limits(view).pids),
  }),
  key<number>({ key: 'shm_size', schema: strOrNum, canonical: 'bytes', docker: valueFlag('--shm-size') }),
  key({ key: 'cpu_count', schema: { type: ['integer', 'string'], minimum: 0 }, casts: { '': 'int' }, ignored: 'a Windows-only resource' }),
  key({ key: 'cpu_percent', schema: { type: ['number', 'string'], minimum: 0, maximum: 100 }, casts: { '': 'float' }, ignored: 'a Windows-only resource' }),
];
