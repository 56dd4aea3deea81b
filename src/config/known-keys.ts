/** The keys the Compose specification's JSON schema allows (compose-spec/schema/compose-spec.json). */
import { SERVICE_KEY_NAMES } from '../keys/registry.js';

export const TOP_LEVEL_KEYS = ['version', 'name', 'include', 'services', 'models', 'networks', 'volumes', 'secrets', 'configs'];

/** Declared once per key in the key registry (src/keys). */
export const SERVICE_KEYS: readonly string[] = SERVICE_KEY_NAMES;

export const NETWORK_KEYS = ['name', 'driver', 'driver_opts', 'ipam', 'external', 'internal', 'enable_ipv4', 'enable_ipv6', 'attachable', 'labels'];
export const VOLUME_KEYS = ['name', 'driver', 'driver_opts', 'external', 'labels'];
export const SECRET_KEYS = ['name', 'environment', 'file', 'external', 'labels', 'driver', 'driver_opts', 'template_driver'];
export const CONFIG_KEYS = ['name', 'content', 'environment', 'file', 'external', 'labels', 'template_driver'];

/** The closest candidate within a small edit distance, for "did you mean" hints. */
export function closestKey(key: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(key.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
