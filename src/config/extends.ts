/**
 * `extends`: a service built on another one, from the same file or another file (compose-go
 * loader/extends.go). Chains are followed with a loop, each service is resolved once and shared by
 * every service built on it, and the total size of the resolved services is capped, so that a
 * chain of any length costs linear time and a chain that multiplies its size is refused.
 */
import { posix } from 'node:path';
import { isMapping, type Mapping } from './canonical/guards.js';
import type { Lookup } from './interpolate.js';
import { copyMapping, hasKey, setKey } from './mapping.js';
import { mergeComposeTrees, mergeService } from './merge.js';
import { fail } from './model-error.js';
import { readRawFiles, type RawContext } from './raw-file.js';
import { absolutizeService } from './relative-paths.js';
import { MAX_EXPANDED_NODES } from './yaml-limits.js';

interface Frame {
  readonly service: string;
  readonly file: string;
  readonly definition: Mapping;
}

interface ExtendsState {
  readonly lookup: Lookup;
  readonly context: RawContext;
  /** Trees of the files read so far, by absolute path. */
  readonly files: Map<string, Mapping>;
  /** Services resolved so far, by file and name. */
  readonly resolved: Map<string, Mapping>;
  /** Nodes in the resolved services so far. */
  size: number;
}

/** Resolves every `extends` of a file's services; returns the tree with the merged services. */
export function resolveExtends(tree: Mapping, file: string, lookup: Lookup, context: RawContext): Mapping {
  const services = tree['services'];
  if (!isMapping(services)) return tree;
  const state: ExtendsState = { lookup, context, files: new Map([[file, tree]]), resolved: new Map(), size: 0 };
  const result: Mapping = {};
  for (const [name, service] of Object.entries(services)) {
    setKey(result, name, isMapping(service) && service['extends'] !== undefined ? extendService({ service: name, file, definition: service }, state) : service);
  }
  return { ...tree, services: result };
}

function frameKey(frame: { service: string; file: string }): string {
  return `${frame.file}\0${frame.service}`;
}

/** Follows the chain down to a service without `extends` (or one resolved before), then merges back up. */
function extendService(start: Frame, state: ExtendsState): Mapping {
  const chain: Frame[] = [];
  const onChain = new Set<string>();
  let current: Frame | undefined = start;
  let base: Mapping | undefined;
  while (current !== undefined) {
    const key = frameKey(current);
    base = state.resolved.get(key);
    if (base !== undefined) break;
    if (onChain.has(key)) failCycle(chain, current);
    onChain.add(key);
    chain.push(current);
    current = current.definition['extends'] === undefined ? undefined : baseOf(current, state);
  }
  let resolvedFrame: Frame | undefined = current;
  for (let index = chain.length - 1; index >= 0; index--) {
    const frame = chain[index] as Frame;
    let merged: Mapping;
    if (base === undefined || resolvedFrame === undefined) {
      merged = frame.definition;
    } else {
      const inherited = resolvedFrame.file === frame.file ? base : absolutizeService(base, posix.dirname(resolvedFrame.file));
      const child = copyMapping(frame.definition);
      delete child['extends'];
      merged = mergeService(inherited, child) as Mapping;
      countSize(merged, frame, state);
    }
    state.resolved.set(frameKey(frame), merged);
    base = merged;
    resolvedFrame = frame;
  }
  return base as Mapping;
}

function baseOf(frame: Frame, state: ExtendsState): Frame {
  const at = ['services', frame.service, 'extends'];
  const raw = frame.definition['extends'];
  const reference = typeof raw === 'string' ? { service: raw } : isMapping(raw) ? raw : fail(at, 'must be a string or a mapping');
  if (typeof reference['service'] !== 'string') fail(at, `extends.${frame.service}.service is required`);
  const baseName = reference['service'];
  const baseFile = typeof reference['file'] === 'string' ? posix.resolve(posix.dirname(frame.file), reference['file']) : frame.file;
  const baseServices = treeOf(baseFile, at, state)['services'];
  if (!isMapping(baseServices)) fail(at, `cannot extend service "${frame.service}" in ${frame.file}: no services section`);
  if (!hasKey(baseServices, baseName) || baseServices[baseName] === undefined) {
    fail(at, `cannot extend service "${frame.service}" in ${frame.file}: service "${baseName}" not found${baseFile === frame.file ? '' : ` in ${baseFile}`}`);
  }
  const found = baseServices[baseName];
  return { service: baseName, file: baseFile, definition: isMapping(found) ? found : {} };
}

function failCycle(chain: readonly Frame[], repeated: Frame): never {
  const first = chain[0] as Frame;
  const lines = [...chain, repeated].map((frame, index) => `${index === 0 ? '' : 'extends '}${frame.service} in ${frame.file}`);
  const last = chain[chain.length - 1] as Frame;
  fail(['services', last === undefined ? first.service : last.service, 'extends'], `Circular reference:\n  ${lines.join('\n  ')}`);
}

/** Adds the nodes of a resolved service to the total; past MAX_EXPANDED_NODES, extends is refused. */
function countSize(service: Mapping, frame: Frame, state: ExtendsState): void {
  const pending: unknown[] = [service];
  while (pending.length > 0) {
    const node = pending.pop();
    state.size++;
    if (state.size > MAX_EXPANDED_NODES) {
      fail(['services', frame.service, 'extends'], `extends expands the services to more than ${MAX_EXPANDED_NODES} nodes`);
    }
    if (Array.isArray(node)) pending.push(...node);
    else if (isMapping(node)) pending.push(...Object.values(node));
  }
}

function treeOf(path: string, at: readonly (string | number)[], state: ExtendsState): Mapping {
  const known = state.files.get(path);
  if (known !== undefined) return known;
  const text = state.context.readFile(path);
  if (text === undefined) fail(at, `cannot read ${path}: no such file`);
  const tree = readRawFiles(path, text, state.lookup, state.context).reduce<Mapping>((merged, document) => mergeComposeTrees(merged, document.tree), {});
  state.files.set(path, tree);
  return tree;
}
