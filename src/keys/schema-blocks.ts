/** Small JSON-schema pieces the Compose schema is made of (written from the Compose specification); pure data. */

export type Schema = Record<string, unknown>;

/** Go `time.ParseDuration` syntax, as compose's `duration` format. */
export const DURATION_PATTERN = '^[-+]?(\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h))*$|^0$';

export const str: Schema = { type: 'string' };
export const bool: Schema = { type: 'boolean' };
export const int: Schema = { type: 'integer' };
export const strOrNum: Schema = { type: ['string', 'number'] };
export const intOrStr: Schema = { type: ['integer', 'string'] };
export const duration: Schema = { type: 'string', pattern: DURATION_PATTERN };
export const stringList: Schema = { type: 'array', items: str };
export const uniqueStrings: Schema = { type: 'array', items: str, uniqueItems: true };
export const stringOrList: Schema = { type: ['string', 'array'], items: str };
export const command: Schema = { type: ['string', 'array', 'null'], items: str };
/** `KEY=VALUE` list or mapping (environment, labels, sysctls, args...). */
export const listOrDict: Schema = {
  type: ['object', 'array'],
  items: str,
  additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
};
export const stringMap: Schema = { type: 'object', additionalProperties: strOrNum };

/** A closed mapping: only `properties` (and `x-*` extensions) are allowed. */
export function closed(properties: Record<string, Schema>, extra: Schema = {}): Schema {
  return { type: 'object', properties, patternProperties: { '^x-': {} }, additionalProperties: false, ...extra };
}

/** A string or a closed mapping (short and long syntax of one entry). */
export function shortOrLong(types: readonly string[], properties: Record<string, Schema>, extra: Schema = {}): Schema {
  return { ...closed(properties, extra), type: [...types, 'object'] };
}

/** `external: true` or the legacy `external: {name: x}`. */
export const external: Schema = { type: ['boolean', 'object'], properties: { name: str }, additionalProperties: false };
