import { shellQuote } from '../shell-quote.js';
import { needsApi, type FlagContext } from './context.js';
import { VERSIONED_KEYS } from './versioned-keys.js';

/** `--health-*` flags; an exec-form test is shell-quoted into the CMD-SHELL form the CLI takes. */
export function healthFlags(context: FlagContext): string[] {
  const healthcheck = context.service.healthcheck;
  if (healthcheck === undefined) return [];
  const test = healthcheck.test;
  if (test?.[0] === 'NONE') return ['--no-healthcheck'];
  const flags: string[] = [];
  if (test !== undefined) {
    const command = test[0] === 'CMD-SHELL' ? test.slice(1).join(' ') : test.slice(1).map(shellQuote).join(' ');
    if (test[0] === 'CMD') context.caveat('healthcheck.test', 'docker run --health-cmd is always a shell command: the exec form runs as /bin/sh -c with its words quoted, so the image needs /bin/sh');
    flags.push('--health-cmd', command);
  }
  if (healthcheck.interval !== undefined) flags.push('--health-interval', healthcheck.interval);
  if (healthcheck.timeout !== undefined) flags.push('--health-timeout', healthcheck.timeout);
  if (healthcheck.start_period !== undefined) flags.push('--health-start-period', healthcheck.start_period);
  if (healthcheck.start_interval !== undefined && needsApi(context, 'healthcheck.start_interval', VERSIONED_KEYS.healthStartInterval)) {
    flags.push('--health-start-interval', healthcheck.start_interval);
  }
  if (healthcheck.retries !== undefined) flags.push('--health-retries', String(healthcheck.retries));
  return flags;
}
