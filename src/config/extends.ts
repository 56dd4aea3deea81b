/** `extends`: a service built on another one, from the same file or another file (compose-go loader/extends.go). */
import { posix } from 'node:path';
import { isMapping, type Mapping } from './canonical/guards.js';
import type { Lookup } from './interpolate.js';
import { mergeComposeTrees, mergeService } from './merge.js';
import { fail } from './model-error.js';
import { readRawFiles, type RawContext } from './raw-file.js';
import { absolutizeService } from './relative-paths.js';

interface Frame {
  readonly service: string;
  readonly file: string;
}

/** Resolves every `extends` of a file's services; returns the tree with the merged services. */
export function resolveExtends(tree: Mapping, file: string, lookup: Lookup, context: RawContext): Mapping {
  const services = tree['services'];
  if (!isMapping(services)) return tree;
  const files = new Map<string, Mapping>([[file, tree]]);
  const resolved: Mapping = {};
  for (const [name, service] of Object.entries(services)) {
    resolved[name] = isMapping(service) && service['extends'] !== undefined ? extendService(name, service, file, [], { lookup, context, files }) : service;
  }
  return { ...tree, services: resolved };
}

interface ExtendsState {
  readonly lookup: Lookup;
  readonly context: RawContext;
  /** Trees of the files read so far, by absolute path. */
  readonly files: Map<string, Mapping>;
}

function extendService(name: string, service: Mapping, file: string, chain: readonly Frame[], state: ExtendsState): Mapping {
  const at = ['services', name, 'extends'];
  const raw = service['extends'];
  const reference = typeof raw === 'string' ? { service: raw } : isMapping(raw) ? raw : fail(at, 'must be a string or a mapping');
  if (typeof reference['service'] !== 'string') fail(at, `extends.${name}.service is required`);
  const baseName = reference['service'];
  const baseFile = typeof reference['file'] === 'string' ? posix.resolve(posix.dirname(file), reference['file']) : file;
  const frames = [...chain, { service: name, file }];
  if (frames.some((frame) => frame.service === baseName && frame.file === baseFile)) {
    const lines = [...frames, { service: baseName, file: baseFile }].map((frame, index) => `${index === 0 ? '' : 'extends '}${frame.service} in ${frame.file}`);
    fail(at, `Circular reference:\n  ${lines.join('\n  ')}`);
  }
  const baseTree = treeOf(baseFile, at, state);
  const baseServices = baseTree['services'];
  if (!isMapping(baseServices)) fail(at, `cannot extend service "${name}" in ${file}: no services section`);
  const found = baseServices[baseName];
  if (found === undefined) {
    fail(at, `cannot extend service "${name}" in ${file}: service "${baseName}" not found${baseFile === file ? '' : ` in ${baseFile}`}`);
  }
  let base: Mapping = isMapping(found) ? found : {};
  if (base['extends'] !== undefined) base = extendService(baseName, base, baseFile, frames, state);
  if (baseFile !== file) base = absolutizeService(base, posix.dirname(baseFile));
  const child: Mapping = { ...service };
  delete child['extends'];
  return mergeService(structuredClone(base), child) as Mapping;
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
