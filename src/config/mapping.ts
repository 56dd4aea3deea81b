/**
 * Mappings of user keys as ordinary objects in which `__proto__`, `constructor`, `toString` and
 * friends are ordinary keys: `__proto__` is always an own data property (never the prototype), and
 * keys are tested and read as own properties only (never Object.prototype's members). Plain objects
 * (not prototype-less ones) because ajv and fast-deep-equal expect them.
 */
import type { Mapping } from './canonical/guards.js';

/** Sets `key` as an own data property, `__proto__` included. */
export function setKey<T>(mapping: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(mapping, key, { value, writable: true, enumerable: true, configurable: true });
  else mapping[key] = value;
}

/** A shallow copy (spreading defines `__proto__` as an own property, as wanted). */
export function copyMapping<T = unknown>(source: Readonly<Record<string, T>>): Record<string, T> {
  return { ...source };
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
