import { Composer, Document, LineCounter, isAlias, isMap, isPair, isScalar, isSeq, type Node, type Scalar, type ScalarTag, type Tags } from 'yaml';
import { ConfigError, type SourcePosition } from '../model/errors.js';
import { describeYamlErrors } from './yaml-errors.js';
import { checkDepth, MAX_DEPTH, MAX_NODES, parseWithinLimits, YamlLimitError } from './yaml-limits.js';
import { GIVE_UP, readPlainSubset } from './yaml-plain-subset.js';
import { convertDocument } from './yaml-tree.js';

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
  /** The file holds no document (or only empty ones). */
  readonly empty?: true;
}

/** go-yaml (compose's parser) reads a plain `0644` as octal; YAML 1.2 would read decimal 644. */
const GO_OCTAL_INT: ScalarTag = {
  tag: 'tag:yaml.org,2002:int',
  default: true,
  test: /^[-+]?0[0-7]+$/,
  resolve: (text: string) => parseInt(text, 8),
};

/**
 * Parses one compose file into one source per non-empty YAML document (compose loads several
 * documents of a file in sequence); syntax errors and passed limits become ConfigErrors at file:line:col.
 * A file in the plain subset (yaml-plain-subset.ts: most compose files) is read by the fast reader,
 * and by the full path only when an error needs a line and column.
 */
export function parseYamlDocuments(path: string, text: string): YamlSource[] {
  const tree = readPlainSubset(text, typePlainScalar, { maxNodes: MAX_NODES, maxDepth: MAX_DEPTH });
  if (tree === undefined) return parseYamlDocumentsFully(path, text);
  let full: YamlSource | undefined;
  const locate = (keyPath: KeyPath): SourcePosition => (full ??= parseYamlDocumentsFully(path, text)[0] as YamlSource).locate(keyPath);
  return [{ path, tree, locate, resets: [], overrides: [] }];
}

let schemaDocument: Document | undefined;

/** A plain scalar typed as the composer types it: the first default tag of the schema whose test it passes. */
export function typePlainScalar(text: string): unknown {
  schemaDocument ??= new Document(null, PARSE_OPTIONS);
  const tag = schemaDocument.schema.tags.find((candidate) => candidate.default === true && candidate.test?.test(text) === true) as ScalarTag | undefined;
  if (tag === undefined) return text;
  let failed = false;
  const value: unknown = tag.resolve(text, () => (failed = true), schemaDocument.options);
  if (failed) throw GIVE_UP;
  return isScalar(value) ? value.value : value;
}

/** The full path: yaml's lexer, parser and composer within the limits, then yaml-tree.ts. */
export function parseYamlDocumentsFully(path: string, text: string): YamlSource[] {
  const lineCounter = new LineCounter();
  const positionOf = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: path, line, column: col };
  };
  // A limit may be passed before the parser has filled the line counter: count lines in the text.
  const textPositionOf = (offset: number): SourcePosition => {
    const before = text.slice(0, offset);
    const lineStart = before.lastIndexOf('\n') + 1;
    return { file: path, line: before.split('\n').length, column: offset - lineStart + 1 };
  };
  const documents = withLimits(textPositionOf, () => {
    const tokens = parseWithinLimits(text, lineCounter.addNewLine);
    checkDepth(tokens);
    return [...new Composer({ ...PARSE_OPTIONS, lineCounter }).compose(tokens, true, text.length)];
  });
  for (const doc of documents) {
    if (doc.errors.length > 0) {
      for (const error of doc.errors) if (error.pos[0] >= 0) error.linePos = [lineCounter.linePos(error.pos[0])];
      const problem = describeYamlErrors(doc.errors, text);
      throw new ConfigError(problem.message, {
        position: { file: path, ...(problem.line === undefined || problem.column === undefined ? {} : { line: problem.line, column: problem.column }) },
      });
    }
  }
  const sources = documents.filter((doc) => doc.contents !== null).map((doc) => documentSource(path, doc, positionOf));
  return sources.length > 0 ? sources : [{ path, tree: {}, empty: true, locate: () => ({ file: path }), resets: [], overrides: [] }];
}

const PARSE_OPTIONS = {
  merge: true,
  // Duplicate keys are found by yaml-tree.ts in one pass; yaml's check compares every pair of keys.
  uniqueKeys: false,
  prettyErrors: true,
  keepSourceTokens: false,
  customTags: (tags: Tags) => [GO_OCTAL_INT, ...tags],
};

/** Runs `parse`, turning a passed limit into a located ConfigError. */
function withLimits<T>(positionOf: (offset: number) => SourcePosition, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof YamlLimitError) throw new ConfigError(error.message, { position: positionOf(error.offset) });
    throw error;
  }
}

function documentSource(path: string, doc: Document, positionOf: (offset: number) => SourcePosition): YamlSource {
  const contents = doc.contents as Node;
  if (!isMap(contents)) {
    throw new ConfigError('top-level object must be a mapping', { position: positionOf(contents.range?.[0] ?? 0) });
  }
  const { tree, resets, overrides } = withLimits(positionOf, () => convertDocument(doc, (offset) => positionOf(offset).line ?? 0));
  return {
    path,
    tree: tree as Record<string, unknown>,
    locate: (keyPath) => positionOf(locateOffset(doc, keyPath)),
    resets,
    overrides,
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
