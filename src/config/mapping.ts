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

/**
 * A shallow copy built key by key from an empty object, for copies that get keys changed or added
 * afterwards (canonical services). Copies with the same keys then share one hidden class, so reads
 * of them stay on V8's fast path. A spread copy gets a class of its own, which V8 copies again when
 * a key's value changes type: the planner's reads of 10,000 services with 10,000 classes took V8's
 * slow path (~0.4 µs a read, against ~0.01 µs).
 */
export function rebuiltMapping<T = unknown>(source: Readonly<Record<string, T>>): Record<string, T> {
  const copy: Record<string, T> = {};
  for (const key of Object.keys(source)) setKey(copy, key, source[key] as T);
  return copy;
}

/**
 * Objects of this constructor are plain objects (their prototype is Object.prototype) with hidden
 * classes of their own family: V8 keys an object's first hidden class by its constructor.
 */
function NameKeyed(): void {}
NameKeyed.prototype = Object.prototype;

/**
 * An empty mapping for keys that are names from the user's files (the services a `depends_on` names).
 * Thousands of `{}` objects, each with another first key, would fill the transition table of the
 * empty object's hidden class (~1,500 entries); past that, every object built from `{}` with a new
 * first key gets a class of its own, and reads of such objects take V8's slow path. These mappings
 * fill their own family's table instead, and stay in fast mode (dictionary mode would make
 * Object.entries, which reads them most, slower).
 */
export function nameKeyedMapping<T>(): Record<string, T> {
  return new (NameKeyed as unknown as new () => Record<string, T>)();
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
