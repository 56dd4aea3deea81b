/**
 * `config --no-interpolate` on a value that only parses once interpolated (`ports: ["${PORT}:80"]`,
 * `scale: ${N}`): compose then prints the files as merged, uninterpolated, and so does berth.
 */
import { ConfigError } from '../model/errors.js';
import { extractVariables } from '../config/variables.js';
import { isMapping } from '../config/canonical/guards.js';

/** The value at a dotted key path (`services.web.labels.com.example.team`: keys may hold dots). */
export function valueAtDottedPath(tree: unknown, segments: readonly string[]): unknown {
  if (segments.length === 0) return tree;
  if (Array.isArray(tree)) {
    const index = Number(segments[0]);
    return Number.isInteger(index) ? valueAtDottedPath(tree[index], segments.slice(1)) : undefined;
  }
  if (!isMapping(tree)) return undefined;
  for (let length = 1; length <= segments.length; length++) {
    const key = segments.slice(0, length).join('.');
    if (!Object.hasOwn(tree, key)) continue;
    const found = valueAtDottedPath(tree[key], segments.slice(length));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Whether `error` is about a value that holds a variable in the uninterpolated model (so interpolation would decide it). */
export function refusedForAVariable(error: unknown, model: Record<string, unknown>): error is ConfigError {
  if (!(error instanceof ConfigError) || error.keyPath === undefined) return false;
  return extractVariables(valueAtDottedPath(model, error.keyPath.split('.'))).length > 0;
}

/** Mappings with their keys sorted at every depth, as Go prints a map (compose's raw model). */
export function sortedKeys(tree: Record<string, unknown>): Record<string, unknown> {
  const sortValue = (value: unknown): unknown => (Array.isArray(value) ? value.map(sortValue) : isMapping(value) ? sortedKeys(value) : value);
  return Object.fromEntries(Object.keys(tree).sort().map((key) => [key, sortValue(tree[key])]));
}
