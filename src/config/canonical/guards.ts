import type { KeyPath } from '../yaml-source.js';
import { fail } from '../model-error.js';
import { setKey } from '../mapping.js';

/** Narrowing helpers for the raw YAML tree: each returns the typed value or throws at `keyPath`. */

export type Mapping = Record<string, unknown>;

export function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asMapping(value: unknown, keyPath: KeyPath): Mapping {
  if (!isMapping(value)) fail(keyPath, 'must be a mapping');
  return value;
}

export function asString(value: unknown, keyPath: KeyPath): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  fail(keyPath, 'must be a string');
}

export function asStringList(value: unknown, keyPath: KeyPath): string[] {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) fail(keyPath, 'must be a string or a list of strings');
  return value.map((item, index) => asString(item, [...keyPath, index]));
}

export function asInteger(value: unknown, keyPath: KeyPath): number {
  const number = typeof value === 'string' && /^[+-]?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) fail(keyPath, 'must be an integer');
  return number;
}

export function asNumber(value: unknown, keyPath: KeyPath): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || Number.isNaN(number)) fail(keyPath, 'must be a number');
  return number;
}

/** Booleans as compose-go casts them after interpolation (`true`/`false`, and YAML 1.1 spellings). */
export function asBoolean(value: unknown, keyPath: KeyPath): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (['true', 'y', 'yes', 'on'].includes(lower)) return true;
    if (['false', 'n', 'no', 'off'].includes(lower)) return false;
  }
  fail(keyPath, 'must be a boolean');
}

/**
 * A list of `KEY=VALUE` strings or a mapping, as environment, labels, sysctls and build args take.
 * Bare `KEY` list items and `KEY:` null mapping values become `null`.
 */
export function asKeyValueMap(value: unknown, keyPath: KeyPath, separator = '='): Record<string, string | null> {
  const result: Record<string, string | null> = {};
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      const text = asString(item, [...keyPath, index]);
      const at = text.indexOf(separator);
      if (at < 0) setKey(result, text, null);
      else setKey(result, text.slice(0, at), text.slice(at + separator.length));
    });
    return result;
  }
  if (isMapping(value)) {
    for (const [key, item] of Object.entries(value)) {
      setKey(result, key, item === null || item === undefined ? null : asString(item, [...keyPath, key]));
    }
    return result;
  }
  fail(keyPath, 'must be a mapping or a list of KEY=VALUE strings');
}

/** Like asKeyValueMap, with null values written as empty strings (labels have no "unset"). */
export function asStringMap(value: unknown, keyPath: KeyPath): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(asKeyValueMap(value, keyPath))) setKey(result, key, item ?? '');
  return result;
}
