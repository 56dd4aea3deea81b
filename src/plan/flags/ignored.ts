import { UNTRANSLATED_KEYS } from '../../keys/registry.js';
import type { FlagContext } from './context.js';

/** deploy keys that only a swarm scheduler reads. */
const SWARM_DEPLOY_KEYS = ['placement', 'update_config', 'rollback_config', 'endpoint_mode', 'labels'];

const NO_PULL_TIME = 'berth keeps no last-pull time, so it pulls only a missing image (up --pull always, or berth pull, refreshes it)';

/** Records every key of the service that berth drops, with the reason (never a silent drop). */
export function reportIgnoredKeys(context: FlagContext): void {
  const { service } = context;
  for (const [key, why] of UNTRANSLATED_KEYS) if (service[key] !== undefined) context.ignore(key, why);
  const deploy = context.runtime.deploy ?? {};
  for (const key of SWARM_DEPLOY_KEYS) if (deploy[key] !== undefined) context.ignore(`deploy.${key}`, 'a swarm setting; a single engine has no scheduler');
  const pull = service.pull_policy;
  if (pull === 'refresh' || pull === 'daily' || pull === 'weekly' || pull?.startsWith('every_') === true) {
    context.ignore('pull_policy', `the ${pull} refresh window: ${NO_PULL_TIME}`);
  }
  if (service['pull_refresh_after'] !== undefined) context.ignore('pull_refresh_after', NO_PULL_TIME);
  if (deploy['mode'] !== undefined && deploy['mode'] !== 'replicated') context.ignore('deploy.mode', `mode ${String(deploy['mode'])} needs a swarm; berth runs replicas`);
}
