/**
 * A parsed YAML document turned into the plain tree the loader works on. Unlike yaml's toJS:
 * mappings have no prototype (`__proto__` is an ordinary key), aliases are shared and the size
 * they expand to is capped, an anchor used inside itself is an error, duplicate keys are reported
 * in compose's words, and the `!reset` / `!override` tags are collected on the way.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type Scalar } from 'yaml';
import { hasKey, setKey } from './mapping.js';
import { MAX_EXPANDED_NODES, YamlLimitError } from './yaml-limits.js';

export type KeyPath = readonly (string | number)[];

export interface ConvertedTree {
  readonly tree: unknown;
  readonly resets: KeyPath[];
  readonly overrides: KeyPath[];
}

interface State {
  readonly lineOf: (offset: number) => number;
  readonly anchors: Map<string, Node>;
  readonly results: Map<Node, unknown>;
  readonly sizes: Map<Node, number>;
  readonly inProgress: Set<Node>;
  readonly resets: KeyPath[];
  readonly overrides: KeyPath[];
  expanded: number;
}

/** Converts `doc`'s contents; throws YamlLimitError (with an offset) for what cannot be converted. */
export function convertDocument(doc: Document, lineOf: (offset: number) => number): ConvertedTree {
  const state: State = { lineOf, anchors: new Map(), results: new Map(), sizes: new Map(), inProgress: new Set(), resets: [], overrides: [], expanded: 0 };
  const tree = convert(doc.contents as Node, [], state);
  return { tree, resets: state.resets, overrides: state.overrides };
}

function offsetOf(node: unknown): number {
  return (node as Node | null)?.range?.[0] ?? 0;
}

function convert(node: Node | null, keyPath: (string | number)[], state: State): unknown {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return resolveAlias(node.source, offsetOf(node), state);
  if (node.tag === '!reset') state.resets.push([...keyPath]);
  if (node.tag === '!override') state.overrides.push([...keyPath]);
  const anchor = (node as { anchor?: string }).anchor;
  if (anchor !== undefined) {
    state.anchors.set(anchor, node);
    state.inProgress.add(node);
  }
  const before = state.expanded;
  state.expanded++;
  let value: unknown;
  if (isMap(node)) value = convertMap(node.items as Pair<Node | null, Node | null>[], keyPath, state);
  else if (isSeq(node)) value = (node.items as (Node | null)[]).map((item, index) => convertItem(item, keyPath, index, state));
  else value = scalarValue(node as Scalar);
  if (anchor !== undefined) {
    state.inProgress.delete(node);
    state.results.set(node, value);
    state.sizes.set(node, state.expanded - before);
  }
  return value;
}

function convertItem(node: Node | null, keyPath: (string | number)[], segment: string | number, state: State): unknown {
  keyPath.push(segment);
  try {
    return convert(node, keyPath, state);
  } finally {
    keyPath.pop();
  }
}

function resolveAlias(name: string, offset: number, state: State): unknown {
  const target = state.anchors.get(name);
  if (target === undefined) throw new YamlLimitError(`unknown anchor "${name}" referenced`, offset);
  if (state.inProgress.has(target)) throw new YamlLimitError(`anchor "${name}" value contains itself`, offset);
  state.expanded += state.sizes.get(target) ?? 1;
  if (state.expanded > MAX_EXPANDED_NODES) {
    throw new YamlLimitError(`document contains excessive aliasing: aliases expand it to more than ${MAX_EXPANDED_NODES} nodes`, offset);
  }
  return state.results.get(target);
}

function convertMap(pairs: readonly Pair<Node | null, Node | null>[], keyPath: (string | number)[], state: State): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const seen = new Map<string, number>();
  for (const pair of pairs) {
    if (isMergeKey(pair.key)) {
      mergeInto(result, pair.value, offsetOf(pair.key), keyPath, state);
      continue;
    }
    const key = keyText(pair.key, state);
    const offset = offsetOf(pair.key);
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new YamlLimitError(`mapping key "${key}" already defined at line ${state.lineOf(earlier)}`, offset);
    seen.set(key, offset);
    setKey(result, key, convertItem(pair.value, keyPath, key, state));
  }
  return result;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === '<<';
}

/** `<<: *base` or `<<: [*a, *b]`: keys not set yet are taken from each source in turn. */
function mergeInto(result: Record<string, unknown>, value: Node | null, keyOffset: number, keyPath: (string | number)[], state: State): void {
  const sources = isSeq(value) ? (value.items as (Node | null)[]) : [value];
  for (const source of sources) {
    const converted = convertItem(source, keyPath, '<<', state);
    const target = isAlias(source) ? state.anchors.get(source.source) : source;
    if (!isMap(target)) throw new YamlLimitError('merge key "<<" must be given a mapping or an alias of one', keyOffset);
    for (const [key, item] of Object.entries(converted as Record<string, unknown>)) {
      if (!hasKey(result, key)) setKey(result, key, item);
    }
  }
}

function keyText(key: Node | null, state: State): string {
  const node = isAlias(key) ? state.anchors.get(key.source) : key;
  if (node === null || node === undefined) return '';
  if (!isScalar(node)) throw new YamlLimitError('a mapping key must be a string, not a mapping or a list', offsetOf(key));
  return keyTextOf(node.value);
}

/** A typed key scalar as the mapping key the tree uses: its text, null as ''. */
export function keyTextOf(value: unknown): string {
  return value === null || value === undefined ? '' : String(value);
}

function scalarValue(node: Scalar): unknown {
  const value = node.value;
  return typeof value === 'symbol' ? String(value.description) : value;
}
