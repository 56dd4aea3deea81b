import type { KeyPath } from '../yaml-source.js';
import { fail } from '../model-error.js';

const BINARY_UNITS: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/**
 * Bytes of a size as go-units' RAMInBytes reads it (what compose-go uses for mem_limit, shm_size...):
 * a decimal number, at most one space, then an optional case-insensitive unit `b`, `k`, `kb`, `kib`,
 * ... `p`, `pb`, `pib`, all binary (`1g` = `1GB` = `1GiB` = 1073741824); the result is truncated to an
 * integer. Undefined when the text is not a size; a negative result is for the caller to refuse
 * (go-units refuses every negative size).
 */
export function parseRamSize(text: string): number | undefined {
  const match = /^([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?) ?([a-zA-Z]{0,3})$/.exec(text);
  if (match === null) return undefined;
  const size = Number(match[1]);
  const suffix = (match[2] as string).toLowerCase();
  if (suffix === '' || suffix === 'b') return Math.trunc(size);
  const unit = BINARY_UNITS[suffix[0] as string];
  if (unit === undefined || (suffix.length === 2 && suffix[1] !== 'b') || (suffix.length === 3 && suffix.slice(1) !== 'ib')) return undefined;
  return Math.trunc(size * unit);
}

/** The largest size docker takes (an int64 of bytes). */
const MAX_BYTES = 2 ** 63 - 1;

/**
 * A byte size from the tree: a non-negative integer, or a go-units string (see parseRamSize).
 * `unlimited` names the one negative value a key takes (-1 for memswap_limit: unlimited swap).
 */
export function asBytes(value: unknown, keyPath: KeyPath, options: { unlimited?: number } = {}): number {
  const bytes = typeof value === 'number' ? value : typeof value === 'string' ? (value.trim() === String(options.unlimited) ? options.unlimited : parseRamSize(value)) : undefined;
  if (bytes === undefined || !Number.isInteger(bytes)) {
    fail(keyPath, `invalid size ${JSON.stringify(value)}: expected a number of bytes or a size like 512m, 1.5GB or 512MiB`);
  }
  if (bytes < 0 && bytes !== options.unlimited) fail(keyPath, `invalid size ${JSON.stringify(value)}: must not be negative`);
  if (bytes > MAX_BYTES) fail(keyPath, `invalid size ${JSON.stringify(value)}: too large`);
  return bytes;
}
