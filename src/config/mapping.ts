/**
 * Mappings of user keys without a prototype: `__proto__`, `constructor`, `toString` and friends are
 * ordinary keys, never Object.prototype's members, whether they are written, read or tested.
 */
import type { Mapping } from './canonical/guards.js';

/** An empty mapping with no prototype. */
export function newMapping<T = unknown>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A shallow copy without a prototype. */
export function copyMapping<T = unknown>(source: Readonly<Record<string, T>>): Record<string, T> {
  return Object.assign(newMapping<T>(), source);
}

/** Object.fromEntries without a prototype. */
export function mappingFromEntries<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const result = newMapping<T>();
  for (const [key, value] of entries) result[key] = value;
  return result;
}

/** Whether `key` is the mapping's own key (never an inherited member). */
export function hasKey(mapping: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(mapping, key);
}

/** The value of an own key; undefined for inherited members such as `constructor`. */
export function ownValue<T>(mapping: Readonly<Record<string, T>>, key: string): T | undefined {
  return hasKey(mapping, key) ? mapping[key] : undefined;
}

/** A variable lookup that sees own keys only (`${constructor}` is unset, not Object). */
export function ownLookup(environment: Readonly<Record<string, string>>): (name: string) => string | undefined {
  return (name) => ownValue(environment, name);
}

export type { Mapping };
