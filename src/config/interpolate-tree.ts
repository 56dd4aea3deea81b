import { isMapping, type Mapping } from './canonical/guards.js';
import { castFor, castValue } from './cast-types.js';
import { InvalidTemplateError, MissingVariableError, substitute, TemplateTooDeepError, type Lookup } from './interpolate.js';
import { setKey } from './mapping.js';
import { fail } from './model-error.js';
import type { KeyPath } from './yaml-source.js';

/**
 * Interpolates every string value of a raw compose tree (keys are never interpolated), then casts
 * the values at compose's typed paths (ints, floats, booleans).
 */
export function interpolateTree(tree: Mapping, lookup: Lookup, warnings: string[]): Mapping {
  const warned = new Set<string>();
  // One key path, extended and shortened on the way (a copy only where an error keeps it).
  const keyPath: (string | number)[] = [];
  const visitChild = (item: unknown, segment: string | number): unknown => {
    keyPath.push(segment);
    const result = visit(item);
    keyPath.pop();
    return result;
  };
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const text = interpolateValue(value, keyPath, lookup, warned, warnings);
      const cast = castFor(keyPath);
      if (cast === undefined) return text;
      const result = castValue(text, cast, warnings);
      if ('error' in result) fail([...keyPath], result.error);
      return result.value;
    }
    if (Array.isArray(value)) return value.map((item, index) => visitChild(item, index));
    if (isMapping(value)) {
      const result: Mapping = {};
      for (const [key, item] of Object.entries(value)) setKey(result, key, visitChild(item, key));
      return result;
    }
    return value;
  };
  return visit(tree) as Mapping;
}

function interpolateValue(template: string, keyPath: KeyPath, lookup: Lookup, warned: Set<string>, warnings: string[]): string {
  if (!template.includes('$')) return template;
  try {
    const { value, unset } = substitute(template, lookup);
    for (const name of unset) {
      if (warned.has(name)) continue;
      warned.add(name);
      warnings.push(`The "${name}" variable is not set. Defaulting to a blank string.`);
    }
    return value;
  } catch (error) {
    if (error instanceof InvalidTemplateError) {
      fail([...keyPath], `invalid interpolation format for ${composePath(keyPath)}.\nYou may need to escape any $ with another $.\n${template}`);
    }
    if (error instanceof MissingVariableError || error instanceof TemplateTooDeepError) fail([...keyPath], error.message);
    throw error;
  }
}

/** The path as compose-go prints it in interpolation errors: list items are `[]`. */
function composePath(keyPath: KeyPath): string {
  return keyPath.map((segment) => (typeof segment === 'number' ? '[]' : segment)).join('.');
}
