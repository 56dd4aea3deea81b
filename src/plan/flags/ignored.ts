import { untranslatedKeysOf } from '../../keys/registry.js';
import type { FlagContext } from './context.js';
import { pullWindowSeconds } from '../up-resources.js';

/** deploy keys that only a swarm scheduler reads. */
const SWARM_DEPLOY_KEYS = ['placement', 'update_config', 'rollback_config', 'endpoint_mode', 'labels'];

/** Records every key of the service that berth drops, with the reason (never a silent drop). */
export function reportIgnoredKeys(context: FlagContext): void {
  const { service } = context;
  for (const [key, why] of untranslatedKeysOf(service)) context.ignore(key, why);
  const deploy = context.runtime.deploy ?? {};
  for (const key of SWARM_DEPLOY_KEYS) if (deploy[key] !== undefined) context.ignore(`deploy.${key}`, 'a swarm setting; a single engine has no scheduler');
  const pull = service.pull_policy ?? 'missing';
  if (pull === 'refresh' && pullWindowSeconds(pull, service['pull_refresh_after']) === undefined) context.ignore('pull_policy', 'refresh needs pull_refresh_after (its window): berth pulls only a missing image');
  if (service['pull_refresh_after'] !== undefined && pull !== 'refresh') context.ignore('pull_refresh_after', `only pull_policy refresh reads it, not ${pull}`);
  if (deploy['mode'] !== undefined && deploy['mode'] !== 'replicated') context.ignore('deploy.mode', `mode ${String(deploy['mode'])} needs a swarm; berth runs replicas`);
}
