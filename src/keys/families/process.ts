/** How the process runs (`docker create` flags in argv order): restart, user, directory, terminal, init, stop, logging, runtime. */
import type { LoggingConfig } from '../../model/service-runtime.js';
import { bool, closed, command, duration, str } from '../schema-blocks.js';
import { durationSeconds } from '../duration.js';
import { canonicalLogging } from '../canonical/logging.js';
import { key, switchFlag, valueFlag, type FlagRenderer, type FlagView } from '../entry.js';

const RESTART_CONDITIONS: Record<string, string> = { none: 'no', any: 'always', 'on-failure': 'on-failure' };

/** `--restart`: deploy.restart_policy wins over `restart` (any → always, none → no, max_attempts → on-failure:N). */
function restartFlags(restart: string | undefined, view: FlagView): string[] {
  const policy = view.runtime.deploy?.restart_policy;
  if (policy === undefined) return restart === undefined ? [] : ['--restart', restart];
  if (policy.delay !== undefined) view.ignore('deploy.restart_policy.delay', 'the engine restarts with its own back-off');
  if (policy.window !== undefined) view.ignore('deploy.restart_policy.window', 'the engine has no restart evaluation window');
  const condition = RESTART_CONDITIONS[policy.condition ?? 'any'] ?? 'always';
  if (condition === 'on-failure' && policy.max_attempts !== undefined) return ['--restart', `on-failure:${policy.max_attempts}`];
  if (condition !== 'on-failure' && policy.max_attempts !== undefined) view.ignore('deploy.restart_policy.max_attempts', `the engine counts retries only with on-failure, not ${condition}`);
  return ['--restart', condition];
}

const loggingFlags: FlagRenderer<LoggingConfig> = (value) => [
  ...(value?.driver === undefined ? [] : ['--log-driver', value.driver]),
  ...Object.entries(value?.options ?? {}).sort().flatMap(([name, option]) => ['--log-opt', `${name}=${option}`]),
];

export const PROCESS_KEYS = [
  key<string>({ key: 'restart', schema: str, handledBy: 'config/canonical/service.ts (checkRestartPolicy)', docker: restartFlags }),
  key<string>({ key: 'working_dir', schema: str, handledBy: 'config/canonical/service.ts', docker: valueFlag('-w'), swarm: valueFlag('--workdir') }),
  key<string>({ key: 'user', schema: str, handledBy: 'config/canonical/service.ts', docker: valueFlag('-u'), swarm: valueFlag('--user') }),
  key<string[] | null>({
    key: 'entrypoint', schema: command, handledBy: 'config/canonical/service.ts (canonicalCommand); its tail goes before the command',
    docker: (value) => (value === undefined || value === null ? [] : ['--entrypoint', value[0] ?? '']),
  }),
  key<boolean>({ key: 'tty', schema: bool, casts: { '': 'bool' }, canonical: 'bool', docker: switchFlag('-t'), swarm: switchFlag('--tty') }),
  key<boolean>({ key: 'stdin_open', schema: bool, casts: { '': 'bool' }, canonical: 'bool', docker: switchFlag('-i') }),
  key<boolean>({ key: 'init', schema: bool, casts: { '': 'bool' }, canonical: 'bool', docker: switchFlag('--init'), swarm: switchFlag('--init') }),
  key<string>({ key: 'stop_signal', schema: str, canonical: 'string', docker: valueFlag('--stop-signal'), swarm: valueFlag('--stop-signal') }),
  key<string>({
    key: 'stop_grace_period', schema: duration, canonical: 'duration',
    docker: (value, view) => {
      if (value === undefined) return [];
      const seconds = durationSeconds(value);
      if (seconds !== undefined) return ['--stop-timeout', String(seconds)];
      view.ignore('stop_grace_period', `"${value}" is not a duration`);
      return [];
    },
    swarm: valueFlag('--stop-grace-period'),
  }),
  key<LoggingConfig>({
    key: 'logging', schema: closed({ driver: str, options: { type: 'object', additionalProperties: { type: ['string', 'number', 'null'] } } }),
    canonical: canonicalLogging, docker: loggingFlags, swarm: loggingFlags,
  }),
  key<string>({ key: 'platform', schema: str, canonical: 'string', docker: valueFlag('--platform') }),
  key<string>({ key: 'runtime', schema: str, canonical: 'string', docker: valueFlag('--runtime') }),
  key<string>({ key: 'isolation', schema: str, canonical: 'string', docker: valueFlag('--isolation'), swarm: valueFlag('--isolation') }),
];
