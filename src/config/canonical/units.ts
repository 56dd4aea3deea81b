import type { KeyPath } from '../yaml-source.js';
import { fail } from '../model-error.js';

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4, p: 1024 ** 5, pb: 1024 ** 5 };

/** A byte size as go-units RAMInBytes reads it (`512m`, `1.5g`, `1024`; binary units), in bytes. */
export function asBytes(value: unknown, keyPath: KeyPath): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  const match = typeof value === 'string' ? /^\s*(-?\d+(?:\.\d+)?)\s*([kmgtp]?b?|b)\s*$/i.exec(value) : null;
  if (match === null) fail(keyPath, `invalid size ${JSON.stringify(value)}: expected a number of bytes or a size like 512m`);
  const unit = BYTE_UNITS[(match[2] ?? '').toLowerCase()];
  if (unit === undefined) fail(keyPath, `invalid size unit in ${JSON.stringify(value)}`);
  return Math.round(Number(match[1]) * unit);
}
