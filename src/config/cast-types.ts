/**
 * compose-go casts the values at these paths after interpolation (interpolateTypeCastMapping), so
 * `replicas: "${N}"` becomes an integer and `init: "true"` a boolean before the schema sees them.
 */
import type { KeyPath } from './yaml-source.js';
import type { Cast } from '../keys/entry.js';
import { SERVICE_KEY_CASTS } from '../keys/registry.js';

const RESOURCE_CASTS: Array<readonly [string, Cast]> = [
  ['networks.*.external', 'bool'], ['networks.*.internal', 'bool'], ['networks.*.attachable', 'bool'],
  ['networks.*.enable_ipv4', 'bool'], ['networks.*.enable_ipv6', 'bool'], ['volumes.*.external', 'bool'],
  ['secrets.*.external', 'bool'], ['configs.*.external', 'bool'],
];

const PATTERNS: Array<[string[], Cast]> = [
  ...SERVICE_KEY_CASTS.map(([path, cast]): [string[], Cast] => [['services', '*', ...path.split('.')], cast]),
  ...RESOURCE_CASTS.map(([path, cast]): [string[], Cast] => [path.split('.'), cast]),
];

function matches(pattern: readonly string[], keyPath: KeyPath): boolean {
  if (pattern.length !== keyPath.length) return false;
  return pattern.every((segment, index) => {
    const actual = keyPath[index];
    if (segment === '[]') return typeof actual === 'number';
    return segment === '*' ? typeof actual === 'string' : segment === actual;
  });
}

/** The cast compose applies at `keyPath`, if any. */
export function castFor(keyPath: KeyPath): Cast | undefined {
  if (keyPath[0] !== 'services' && !['networks', 'volumes', 'secrets', 'configs'].includes(String(keyPath[0]))) return undefined;
  return PATTERNS.find(([pattern]) => matches(pattern, keyPath))?.[1];
}

const TRUE_WORDS = ['y', 'yes', 'on'];
const FALSE_WORDS = ['n', 'no', 'off'];

/** Casts an interpolated string; returns an error text when it cannot be cast. */
export function castValue(text: string, cast: Cast, warnings: string[]): { value: unknown } | { error: string } {
  const trimmed = text.trim();
  if (cast === 'bool') {
    const lower = trimmed.toLowerCase();
    if (lower === 'true') return { value: true };
    if (lower === 'false') return { value: false };
    if (TRUE_WORDS.includes(lower) || FALSE_WORDS.includes(lower)) {
      warnings.push(`"${text}" for boolean is not supported by YAML 1.2, please use "true" or "false"`);
      return { value: TRUE_WORDS.includes(lower) };
    }
    return { error: `failed to cast to expected type: invalid boolean: ${text}` };
  }
  if (cast === 'int') {
    if (/^[+-]?\d+$/.test(trimmed)) return { value: Number(trimmed) };
    return { error: `failed to cast to expected type: invalid integer: ${JSON.stringify(text)}` };
  }
  const number = Number(trimmed);
  if (trimmed !== '' && !Number.isNaN(number)) return { value: number };
  return { error: `failed to cast to expected type: invalid number: ${JSON.stringify(text)}` };
}
