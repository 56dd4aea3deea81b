/** One compose file read into a raw tree: parsed with positions, interpolated, typed, `version` dropped. */
import type { Mapping } from './canonical/guards.js';
import type { Lookup } from './interpolate.js';
import { interpolateTree } from './interpolate-tree.js';
import { copyMapping, hasKey } from './mapping.js';
import { parseYamlDocuments, type YamlSource } from './yaml-source.js';

/** What reading raw files needs: a file reader, and where to collect sources and warnings. */
export interface RawContext {
  /** Reads a file by absolute path; undefined when missing. */
  readonly readFile: (absolutePath: string) => string | undefined;
  readonly interpolate: boolean;
  readonly warnings: string[];
  /** Every parsed file, so that errors can be located in any of them. */
  readonly sources: YamlSource[];
}

export interface RawFile {
  readonly source: YamlSource;
  readonly tree: Mapping;
}

/** Parses and interpolates one file's text: one raw tree per YAML document. */
export function readRawFiles(path: string, text: string, lookup: Lookup, context: RawContext): RawFile[] {
  return parseYamlDocuments(path, text).map((source) => {
    context.sources.push(source);
    const tree = context.interpolate ? interpolateTree(source.tree, lookup, context.warnings) : copyMapping(source.tree);
    if (hasKey(tree, 'version')) {
      context.warnings.push(`${path}: the attribute \`version\` is obsolete, it will be ignored, please remove it to avoid potential confusion`);
      delete tree['version'];
    }
    return { source, tree };
  });
}
