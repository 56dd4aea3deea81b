import type { FlagContext } from './context.js';

/** Service keys that mean something to compose but have no `docker create` equivalent berth can use. */
const UNTRANSLATED_SERVICE_KEYS: Record<string, string> = {
  blkio_config: 'block I/O weights and rates are not translated by berth',
  cpu_count: 'a Windows-only resource',
  cpu_percent: 'a Windows-only resource',
  credential_spec: 'a Windows-only security setting',
  use_api_socket: 'berth does not mount the engine socket',
  models: 'model runners are not supported by berth',
  provider: 'provider services are not supported by berth',
};

/** deploy keys that only a swarm scheduler reads. */
const SWARM_DEPLOY_KEYS = ['placement', 'update_config', 'rollback_config', 'endpoint_mode', 'labels'];

/** Records every key of the service that berth drops, with the reason (never a silent drop). */
export function reportIgnoredKeys(context: FlagContext): void {
  const { service } = context;
  for (const [key, why] of Object.entries(UNTRANSLATED_SERVICE_KEYS)) if (service[key] !== undefined) context.ignore(key, why);
  const deploy = context.runtime.deploy ?? {};
  for (const key of SWARM_DEPLOY_KEYS) if (deploy[key] !== undefined) context.ignore(`deploy.${key}`, 'a swarm setting; a single engine has no scheduler');
  if (deploy['mode'] !== undefined && deploy['mode'] !== 'replicated') context.ignore('deploy.mode', `mode ${String(deploy['mode'])} needs a swarm; berth runs replicas`);
}
