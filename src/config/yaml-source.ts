import { LineCounter, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Scalar, type ScalarTag } from 'yaml';
import { ConfigError, type SourcePosition } from '../model/errors.js';
import { describeConversionError, describeYamlErrors } from './yaml-errors.js';

/** A key path into the model: `['services', 'web', 'ports', 0]`. */
export type KeyPath = readonly (string | number)[];

/** A parsed compose file: its plain tree, and a way back from a key path to a line and column. */
export interface YamlSource {
  readonly path: string;
  readonly tree: Record<string, unknown>;
  /** Position of the key (or item) at `keyPath`; the nearest enclosing one when not found. */
  locate(keyPath: KeyPath): SourcePosition;
  /** Key paths of values tagged `!reset` (remove what earlier files set). */
  readonly resets: readonly KeyPath[];
  /** Key paths of values tagged `!override` (replace instead of merge). */
  readonly overrides: readonly KeyPath[];
}

/** Keeps alias bombs out: the most alias expansions a file may need (compose caps node visits too). */
const MAX_ALIAS_COUNT = 10_000;

/** go-yaml (compose's parser) reads a plain `0644` as octal; YAML 1.2 would read decimal 644. */
const GO_OCTAL_INT: ScalarTag = {
  tag: 'tag:yaml.org,2002:int',
  default: true,
  test: /^[-+]?0[0-7]+$/,
  resolve: (text: string) => parseInt(text, 8),
};

/**
 * Parses one compose file into one source per non-empty YAML document (compose loads several
 * documents of a file in sequence); syntax errors become ConfigErrors at file:line:col.
 */
export function parseYamlDocuments(path: string, text: string): YamlSource[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, {
    lineCounter,
    merge: true,
    uniqueKeys: true,
    prettyErrors: true,
    keepSourceTokens: false,
    customTags: (tags) => [GO_OCTAL_INT, ...tags],
  });
  const list = Array.isArray(documents) ? documents : [documents];
  for (const doc of list) {
    if (doc.errors.length > 0) {
      const problem = describeYamlErrors(doc.errors, text, lineCounter);
      throw new ConfigError(problem.message, {
        position: { file: path, ...(problem.line === undefined || problem.column === undefined ? {} : { line: problem.line, column: problem.column }) },
      });
    }
  }
  const positionOf = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: path, line, column: col };
  };
  const sources = list.filter((doc) => doc.contents !== null).map((doc) => documentSource(path, doc, positionOf));
  return sources.length > 0 ? sources : [{ path, tree: {}, locate: () => ({ file: path }), resets: [], overrides: [] }];
}

function documentSource(path: string, doc: Document, positionOf: (offset: number) => SourcePosition): YamlSource {
  const contents = doc.contents as Node;
  if (!isMap(contents)) {
    throw new ConfigError('top-level object must be a mapping', { position: positionOf(contents.range?.[0] ?? 0) });
  }
  let tree: unknown;
  try {
    tree = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const problem = describeConversionError(doc, error instanceof Error ? error.message : String(error));
    throw new ConfigError(problem.message, { position: problem.offset === undefined ? { file: path } : positionOf(problem.offset) });
  }
  return {
    path,
    tree: tree as Record<string, unknown>,
    locate: (keyPath) => positionOf(locateOffset(doc, keyPath)),
    ...collectTaggedPaths(contents),
  };
}

/** Walks the YAML AST along `keyPath` and returns the source offset of the deepest node found. */
function locateOffset(doc: Document, keyPath: KeyPath): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const segment of keyPath) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String((item.key as Scalar).value) === String(segment));
      if (pair === undefined) return offset;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return offset;
      offset = (item as Node).range?.[0] ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}

/** `services.web.ports[0]` style text for a key path. */
export function formatKeyPath(keyPath: KeyPath): string {
  let text = '';
  for (const segment of keyPath) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

/** Finds the `!reset` and `!override` tags and the key paths they sit on. */
function collectTaggedPaths(root: unknown): { resets: KeyPath[]; overrides: KeyPath[] } {
  const resets: KeyPath[] = [];
  const overrides: KeyPath[] = [];
  const visit = (node: unknown, keyPath: (string | number)[]): void => {
    const tag = (node as { tag?: string } | null)?.tag;
    if (tag === '!reset') resets.push([...keyPath]);
    if (tag === '!override') overrides.push([...keyPath]);
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isScalar(pair.key)) visit(pair.value, [...keyPath, String(pair.key.value)]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, [...keyPath, index]));
    }
  };
  visit(root, []);
  return { resets, overrides };
}
