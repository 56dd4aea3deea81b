/** `deploy`: a Swarm service's settings; a single engine takes its resources and restart policy. */
import { closed, duration, int, intOrStr, listOrDict, str, stringList, strOrNum } from '../schema-blocks.js';
import { key } from '../entry.js';
import type { DeployConfig } from '../../model/service-runtime.js';
import { deviceRequestSchema } from './limits-devices.js';
import { deploySwarmFlags } from './deploy-swarm.js';

const rolloutConfig = closed({ parallelism: int, delay: duration, failure_action: str, monitor: duration, max_failure_ratio: { type: 'number' }, order: { enum: ['start-first', 'stop-first'] } });

const deploySchema = closed({
  mode: str, endpoint_mode: str, replicas: int, labels: listOrDict,
  rollback_config: rolloutConfig,
  update_config: rolloutConfig,
  resources: closed({
    limits: closed({ cpus: strOrNum, memory: strOrNum, pids: intOrStr }),
    reservations: closed({ cpus: strOrNum, memory: strOrNum, generic_resources: { type: 'array' }, devices: { type: 'array', items: deviceRequestSchema } }),
  }),
  restart_policy: closed({ condition: str, delay: duration, max_attempts: int, window: duration }),
  placement: closed({ constraints: stringList, preferences: { type: 'array', items: closed({ spread: str }) }, max_replicas_per_node: int }),
});

/** Last of the resource flags: deploy.resources entries no engine flag carries are reported. */
export const DEPLOY_KEY = key<DeployConfig>({
  key: 'deploy',
  schema: deploySchema,
  casts: {
    replicas: 'int', 'update_config.parallelism': 'int', 'update_config.max_failure_ratio': 'float',
    'rollback_config.parallelism': 'int', 'rollback_config.max_failure_ratio': 'float',
    'restart_policy.max_attempts': 'int', 'placement.max_replicas_per_node': 'int',
  },
  handledBy: 'config/canonical/runtime-deploy.ts; its swarm-only keys in plan/flags/ignored.ts, restart_policy with `restart`',
  docker: (value, view) => {
    for (const name of Object.keys(value?.resources?.limits ?? {})) {
      if (!['cpus', 'memory', 'pids'].includes(name)) view.ignore(`deploy.resources.limits.${name}`, 'no engine limit of that name');
    }
    for (const name of Object.keys(value?.resources?.reservations ?? {})) {
      if (!['cpus', 'memory', 'devices'].includes(name)) view.ignore(`deploy.resources.reservations.${name}`, 'a swarm scheduling resource');
    }
    return [];
  },
  swarm: deploySwarmFlags,
});
