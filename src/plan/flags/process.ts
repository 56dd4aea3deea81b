import type { ServiceConfig } from '../../model/project.js';
import { serviceImage } from '../names.js';
import { durationSeconds } from './duration.js';
import { type FlagContext } from './context.js';

const RESTART_CONDITIONS: Record<string, string> = { none: 'no', any: 'always', 'on-failure': 'on-failure' };

/** `--restart`: deploy.restart_policy wins over `restart` (any → always, none → no, max_attempts → on-failure:N). */
function restartFlags(context: FlagContext): string[] {
  const policy = context.runtime.deploy?.restart_policy;
  if (policy === undefined) return context.service.restart === undefined ? [] : ['--restart', context.service.restart];
  if (policy.delay !== undefined) context.ignore('deploy.restart_policy.delay', 'the engine restarts with its own back-off');
  if (policy.window !== undefined) context.ignore('deploy.restart_policy.window', 'the engine has no restart evaluation window');
  const condition = RESTART_CONDITIONS[policy.condition ?? 'any'] ?? 'always';
  if (condition === 'on-failure' && policy.max_attempts !== undefined) return ['--restart', `on-failure:${policy.max_attempts}`];
  if (condition !== 'on-failure' && policy.max_attempts !== undefined) context.ignore('deploy.restart_policy.max_attempts', `the engine counts retries only with on-failure, not ${condition}`);
  return ['--restart', condition];
}

/** How the process runs: restart policy, user, directory, terminal, init, stop signal and timeout, logging, runtime. */
export function processFlags(context: FlagContext): string[] {
  const { service, runtime } = context;
  const flags = restartFlags(context);
  if (service.working_dir !== undefined) flags.push('-w', service.working_dir);
  if (service.user !== undefined) flags.push('-u', service.user);
  if (service.entrypoint !== undefined && service.entrypoint !== null) flags.push('--entrypoint', service.entrypoint[0] ?? '');
  if (runtime.tty === true) flags.push('-t');
  if (runtime.stdin_open === true) flags.push('-i');
  if (runtime.init === true) flags.push('--init');
  if (runtime.stop_signal !== undefined) flags.push('--stop-signal', runtime.stop_signal);
  if (runtime.stop_grace_period !== undefined) {
    const seconds = durationSeconds(runtime.stop_grace_period);
    if (seconds === undefined) context.ignore('stop_grace_period', `"${runtime.stop_grace_period}" is not a duration`);
    else flags.push('--stop-timeout', String(seconds));
  }
  if (runtime.logging?.driver !== undefined) flags.push('--log-driver', runtime.logging.driver);
  for (const [key, value] of Object.entries(runtime.logging?.options ?? {}).sort()) flags.push('--log-opt', `${key}=${value}`);
  if (runtime.platform !== undefined) flags.push('--platform', runtime.platform);
  if (runtime.runtime !== undefined) flags.push('--runtime', runtime.runtime);
  if (runtime.isolation !== undefined) flags.push('--isolation', runtime.isolation);
  return flags;
}

/** The image, then the command; a list entrypoint's tail goes before the command (the CLI takes one word). */
export function imageAndCommand(context: FlagContext): string[] {
  const service: ServiceConfig = context.service;
  const entrypointTail = service.entrypoint?.slice(1) ?? [];
  return [serviceImage(context.project, service), ...entrypointTail, ...(service.command ?? [])];
}
