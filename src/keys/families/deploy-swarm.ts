/** `deploy` as `docker service create` flags: mode, endpoint, placement, restart, update and rollback. */
import type { DeployConfig } from '../../model/service-runtime.js';
import { pairsFlag, type FlagView } from '../entry.js';

type Rollout = Record<string, string | number | undefined>;

const RESTART_CONDITION: Record<string, string> = { no: 'none', always: 'any', 'unless-stopped': 'any', 'on-failure': 'on-failure' };

/** `--update-*` / `--rollback-*` flags of an update_config or rollback_config. */
function rolloutFlags(prefix: string, config: Rollout | undefined): string[] {
  const fields: Record<string, string> = { parallelism: 'parallelism', delay: 'delay', failure_action: 'failure-action', monitor: 'monitor', max_failure_ratio: 'max-failure-ratio', order: 'order' };
  return Object.entries(fields).flatMap(([field, flag]) => (config?.[field] === undefined ? [] : [`--${prefix}-${flag}`, String(config[field])]));
}

/** deploy.restart_policy, else the `restart` key (docker stack ignores it; berth maps it, as compose runs it). */
function restartFlags(deploy: DeployConfig | undefined, view: FlagView): string[] {
  const policy = deploy?.restart_policy;
  if (policy !== undefined) {
    return [
      ...(policy.condition === undefined ? [] : ['--restart-condition', policy.condition]),
      ...(policy.delay === undefined ? [] : ['--restart-delay', policy.delay]),
      ...(policy.max_attempts === undefined ? [] : ['--restart-max-attempts', String(policy.max_attempts)]),
      ...(policy.window === undefined ? [] : ['--restart-window', policy.window]),
    ];
  }
  const restart = view.service.restart;
  if (restart === undefined) return [];
  const [word = '', attempts] = restart.split(':');
  const condition = RESTART_CONDITION[word];
  if (condition === undefined) return [];
  return ['--restart-condition', condition, ...(attempts === undefined ? [] : ['--restart-max-attempts', attempts])];
}

function placementFlags(placement: Record<string, unknown> | undefined): string[] {
  const constraints = (placement?.['constraints'] as string[] | undefined) ?? [];
  const preferences = (placement?.['preferences'] as Array<{ spread?: string }> | undefined) ?? [];
  const perNode = placement?.['max_replicas_per_node'];
  return [
    ...constraints.flatMap((constraint) => ['--constraint', constraint]),
    ...preferences.flatMap((preference) => (preference.spread === undefined ? [] : ['--placement-pref', `spread=${preference.spread}`])),
    ...(perNode === undefined ? [] : ['--replicas-max-per-node', String(perNode)]),
  ];
}

/** deploy.labels as a mapping (a `KEY=VALUE` list is split). */
function labelMap(labels: unknown): Record<string, string> {
  if (!Array.isArray(labels)) return (labels ?? {}) as Record<string, string>;
  return Object.fromEntries(labels.map((item) => String(item)).map((item) => [item.split('=')[0] ?? '', item.includes('=') ? item.slice(item.indexOf('=') + 1) : '']));
}

/** Mode and replicas (global services have none), then the rest of deploy. */
export function deploySwarmFlags(deploy: DeployConfig | undefined, view: FlagView): string[] {
  const mode = typeof deploy?.['mode'] === 'string' ? deploy['mode'] : 'replicated';
  if (mode !== 'replicated' && mode !== 'global') view.ignore('deploy.mode', `"${mode}" is not a mode this CLI path creates (replicated or global)`);
  const global = mode === 'global';
  if (global && deploy?.replicas !== undefined) view.ignore('deploy.replicas', 'a global service runs one task per node');
  const reservations = deploy?.resources?.reservations ?? {};
  for (const name of Object.keys(reservations)) if (!['cpus', 'memory'].includes(name)) view.ignore(`deploy.resources.reservations.${name}`, 'no docker service create flag for it on this CLI path');
  const endpoint = deploy?.['endpoint_mode'];
  return [
    ...(global ? ['--mode', 'global'] : ['--replicas', String(deploy?.replicas ?? view.service.scale ?? 1)]),
    ...(typeof endpoint === 'string' ? ['--endpoint-mode', endpoint] : []),
    ...(reservations.cpus === undefined ? [] : ['--reserve-cpu', String(reservations.cpus)]),
    ...pairsFlag('--label')(labelMap(deploy?.['labels']), view),
    ...restartFlags(deploy, view),
    ...rolloutFlags('update', deploy?.['update_config'] as Rollout | undefined),
    ...rolloutFlags('rollback', deploy?.['rollback_config'] as Rollout | undefined),
    ...placementFlags(deploy?.['placement'] as Record<string, unknown> | undefined),
  ];
}
