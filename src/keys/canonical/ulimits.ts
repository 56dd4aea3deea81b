import type { UlimitConfig } from '../../model/service-runtime.js';
import type { KeyPath, Readers } from '../entry.js';

/** The resource limits docker knows (go-units' ulimit names). */
const ULIMIT_NAMES = ['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack'];

/** `nofile: 1024` or `nofile: {soft, hard}`; a single value sets both limits; -1 is unlimited. */
export function canonicalUlimits(value: unknown, keyPath: KeyPath, read: Readers): Record<string, UlimitConfig> {
  const ulimits: Record<string, UlimitConfig> = {};
  for (const [name, limit] of Object.entries(read.asMapping(value, keyPath))) {
    const at = [...keyPath, name];
    if (!ULIMIT_NAMES.includes(name)) read.fail(at, `unknown ulimit "${name}": must be one of ${ULIMIT_NAMES.join(', ')}`);
    if (read.isMapping(limit)) {
      if (limit['soft'] === undefined || limit['hard'] === undefined) read.fail(at, 'soft and hard are both required');
      const soft = asLimit(limit['soft'], [...at, 'soft'], read);
      const hard = asLimit(limit['hard'], [...at, 'hard'], read);
      if (hard !== -1 && (soft === -1 || soft > hard)) read.fail([...at, 'soft'], `soft limit ${soft} is greater than hard limit ${hard}`);
      read.setKey(ulimits, name, { soft, hard });
    } else {
      const single = asLimit(limit, at, read);
      read.setKey(ulimits, name, { soft: single, hard: single });
    }
  }
  return ulimits;
}

function asLimit(value: unknown, keyPath: KeyPath, read: Readers): number {
  const limit = read.asInteger(value, keyPath);
  if (limit < -1) read.fail(keyPath, 'must be -1 (unlimited) or greater');
  return limit;
}
