/**
 * A fast reader for the plain YAML most compose files are written in: block mappings and sequences
 * indented with spaces, one-line scalars (plain, or quoted without escapes) and one-line flow
 * collections. It gives the same tree as the full path (yaml's lexer, parser and composer, then
 * yaml-tree.ts) at a tenth of the cost, and gives up (undefined) on anything else: anchors, aliases,
 * tags, merge keys, block scalars, multi-line scalars or collections, escapes, tabs, directives,
 * several documents, duplicate keys, odd indentation, limits. The full path then reads the file, and
 * reports its errors. Plain scalars are typed by the same schema tags the composer uses.
 * test/unit/yaml-plain-subset.test.ts holds it to the full path on the fixtures, the seeds and their mutations.
 */
import { hasKey, setKey } from './mapping.js';
import { keyTextOf } from './yaml-tree.js';

/** Types a plain scalar as the composer does (`42` → 42, `true` → true, `~` → null); throws GIVE_UP when it cannot. */
export type PlainScalarTyper = (text: string) => unknown;

export interface SubsetLimits {
  /** Counted as yaml-limits.ts counts them (scalars, sequence items, flow collections); past it, give up. */
  readonly maxNodes: number;
  readonly maxDepth: number;
}

/** Thrown inside the reader, and by a typer, when the text is not in the subset. */
export const GIVE_UP = Symbol('not in the plain subset');

/** Every character the full path may treat specially anywhere: tabs, CR, control characters, BOM, line separators, astral ones. */
const UNUSUAL_CHARACTER = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]/;
/** Lines that start a directive, a document marker or an explicit key, anywhere in the text. */
const UNUSUAL_LINE = /^(?:%|---|\.\.\.|\?)/m;
/** Characters a plain scalar may not start with (yaml's indicators), and the flow ones it may not hold. */
const INDICATOR_START = /^[,[\]{}#&*!|>'"%@`]|^[-?:](?: |$)/;
const FLOW_UNSAFE = /[[\]{}#"':]/;

interface Line {
  readonly indent: number;
  readonly content: string;
}

/** The tree of `text`, or undefined when it is not in the subset. */
export function readPlainSubset(text: string, typePlain: PlainScalarTyper, limits: SubsetLimits): Record<string, unknown> | undefined {
  if (UNUSUAL_CHARACTER.test(text) || UNUSUAL_LINE.test(text)) return undefined;
  try {
    return new SubsetReader(text, typePlain, limits).document();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

function giveUp(): never {
  throw GIVE_UP;
}

class SubsetReader {
  private readonly lines: string[];
  private next = 0;
  /** A line's remainder read as a line of its own (`- key: value` opens a mapping at the key's column). */
  private injected: Line | undefined;
  private nodes = 0;

  constructor(text: string, private readonly typePlain: PlainScalarTyper, private readonly limits: SubsetLimits) {
    this.lines = text.split('\n');
  }

  document(): Record<string, unknown> {
    const first = this.peek();
    if (first === undefined || first.indent !== 0 || isSequenceItem(first.content)) giveUp();
    const tree = this.mapping(0, 1);
    if (this.peek() !== undefined) giveUp();
    return tree;
  }

  /** The next line that holds a node (blank and comment-only lines skipped), not consumed. */
  private peek(): Line | undefined {
    if (this.injected !== undefined) return this.injected;
    while (this.next < this.lines.length) {
      const line = this.lines[this.next] as string;
      let indent = 0;
      while (line.charCodeAt(indent) === 32) indent++;
      if (indent < line.length && line[indent] !== '#') return { indent, content: line.slice(indent).trimEnd() };
      this.next++;
    }
    return undefined;
  }

  private consume(): void {
    if (this.injected !== undefined) this.injected = undefined;
    else this.next++;
  }

  private count(nodes = 1): void {
    this.nodes += nodes;
    if (this.nodes > this.limits.maxNodes) giveUp();
  }

  private block(indent: number, depth: number): unknown {
    const line = this.peek() as Line;
    return isSequenceItem(line.content) ? this.sequence(indent, depth) : this.mapping(indent, depth);
  }

  private mapping(indent: number, depth: number): Record<string, unknown> {
    if (depth > this.limits.maxDepth) giveUp();
    const result: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (let line = this.peek(); line !== undefined && line.indent >= indent; line = this.peek()) {
      if (line.indent > indent || isSequenceItem(line.content)) giveUp();
      const entry = this.keyOf(line.content) ?? giveUp();
      this.count();
      if (seen.has(entry.key)) giveUp();
      seen.add(entry.key);
      this.consume();
      setKey(result, entry.key, this.valueAfter(entry.rest, indent, depth, true));
    }
    return result;
  }

  private sequence(indent: number, depth: number): unknown[] {
    if (depth > this.limits.maxDepth) giveUp();
    const items: unknown[] = [];
    for (let line = this.peek(); line !== undefined && line.indent >= indent; line = this.peek()) {
      if (line.indent > indent) giveUp();
      if (!isSequenceItem(line.content)) break;
      this.count();
      this.consume();
      const after = line.content.slice(1);
      const rest = after.trimStart();
      const column = indent + 1 + (after.length - rest.length);
      if (rest !== '' && !rest.startsWith('#') && (isSequenceItem(rest) || this.keyOf(rest) !== undefined)) {
        this.injected = { indent: column, content: rest };
        items.push(this.block(column, depth + 1));
      } else {
        items.push(this.valueAfter(rest, indent, depth, false));
      }
    }
    return items;
  }

  /**
   * The value after `key:` or `-` (`rest`, comment included): on the line itself, or the block below
   * it (a mapping's sequence may sit at the key's own indent), or null.
   */
  private valueAfter(rest: string, indent: number, depth: number, inMapping: boolean): unknown {
    if (rest === '' || rest.startsWith('#')) {
      const below = this.peek();
      if (below !== undefined && below.indent > indent) return this.block(below.indent, depth + 1);
      if (inMapping && below !== undefined && below.indent === indent && isSequenceItem(below.content)) return this.sequence(indent, depth + 1);
      return null;
    }
    const value = this.inlineValue(rest, depth + 1);
    const below = this.peek();
    if (below !== undefined && below.indent > indent) giveUp();
    return value;
  }

  /** A node that starts and ends on this line, followed by nothing but a comment. */
  private inlineValue(text: string, depth: number): unknown {
    const first = text[0];
    let value: unknown;
    let end: number;
    if (first === '[' || first === '{') [value, end] = this.flow(text, 0, depth);
    else if (first === '"' || first === "'") {
      this.count();
      [value, end] = this.quoted(text, 0);
    } else {
      const comment = text.indexOf(' #');
      const plain = (comment < 0 ? text : text.slice(0, comment)).trimEnd();
      if (INDICATOR_START.test(plain) || plain.includes(': ') || plain.endsWith(':')) giveUp();
      this.count();
      return this.typePlain(plain);
    }
    const after = text.slice(end);
    if (after !== '' && !/^ +(?:#.*)?$/.test(after)) giveUp();
    return value;
  }

  /** `"text"` without escapes, or `'text'` (`''` is a quote): the string and the offset after it. */
  private quoted(text: string, start: number): [string, number] {
    const quote = text[start] as string;
    if (quote === '"') {
      const close = text.indexOf('"', start + 1);
      if (close < 0 || text.slice(start + 1, close).includes('\\')) giveUp();
      return [text.slice(start + 1, close), close + 1];
    }
    let value = '';
    for (let at = start + 1; ; ) {
      const close = text.indexOf("'", at);
      if (close < 0) giveUp();
      value += text.slice(at, close);
      if (text[close + 1] !== "'") return [value, close + 1];
      value += "'";
      at = close + 2;
    }
  }

  /** A one-line `[...]` or `{...}` at `start`: its value and the offset after it. */
  private flow(text: string, start: number, depth: number): [unknown, number] {
    if (depth > this.limits.maxDepth) giveUp();
    this.count();
    const isMap = text[start] === '{';
    const close = isMap ? '}' : ']';
    const items: unknown[] = [];
    const map: Record<string, unknown> = {};
    let at = skipSpaces(text, start + 1);
    if (text[at] === close) return [isMap ? map : items, at + 1];
    for (;;) {
      if (isMap) {
        const [key, afterKey] = this.flowKey(text, at);
        if (hasKey(map, key)) giveUp();
        const [value, afterValue] = this.flowItem(text, afterKey, depth);
        setKey(map, key, value);
        at = skipSpaces(text, afterValue);
      } else {
        const [value, afterValue] = this.flowItem(text, at, depth);
        items.push(value);
        at = skipSpaces(text, afterValue);
      }
      if (text[at] === close) return [isMap ? map : items, at + 1];
      if (text[at] !== ',') giveUp();
      at = skipSpaces(text, at + 1);
      if (text[at] === close || text[at] === ',') giveUp();
    }
  }

  /** `key: ` inside `{...}`: the key and the offset of its value. */
  private flowKey(text: string, start: number): [string, number] {
    let key: string;
    let end: number;
    if (text[start] === '"' || text[start] === "'") {
      this.count();
      [key, end] = this.quoted(text, start);
    } else {
      const colon = text.indexOf(': ', start);
      if (colon < 0) giveUp();
      const plain = text.slice(start, colon).trimEnd();
      if (plain === '' || plain === '<<' || INDICATOR_START.test(plain) || FLOW_UNSAFE.test(plain) || plain.includes(',')) giveUp();
      this.count();
      key = keyTextOf(this.typePlain(plain));
      end = start + plain.length;
    }
    end = skipSpaces(text, end);
    if (text[end] !== ':' || text[end + 1] !== ' ') giveUp();
    return [key, skipSpaces(text, end + 1)];
  }

  /** One item of a flow collection: a nested collection, a quoted or a plain scalar. */
  private flowItem(text: string, start: number, depth: number): [unknown, number] {
    const first = text[start];
    if (first === '[' || first === '{') return this.flow(text, start, depth + 1);
    if (first === '"' || first === "'") {
      this.count();
      return this.quoted(text, start);
    }
    let end = start;
    while (end < text.length && text[end] !== ',' && text[end] !== ']' && text[end] !== '}') end++;
    const plain = text.slice(start, end).trimEnd();
    if (plain === '' || INDICATOR_START.test(plain) || FLOW_UNSAFE.test(plain)) giveUp();
    this.count();
    return [this.typePlain(plain), start + plain.length];
  }

  /** `key:` at the start of `content` (plain or quoted key) and what follows the colon; undefined when the line holds no key. Counts nothing. */
  private keyOf(content: string): { key: string; rest: string } | undefined {
    let key: string;
    let end: number;
    if (content[0] === '[' || content[0] === '{') return undefined;
    if (content[0] === '"' || content[0] === "'") {
      [key, end] = this.quoted(content, 0);
      end = skipSpaces(content, end);
      if (content[end] !== ':' || (end + 1 < content.length && content[end + 1] !== ' ')) return undefined;
    } else {
      const colon = content.search(/:(?: |$)/);
      if (colon < 0) return undefined;
      const plain = content.slice(0, colon).trimEnd();
      if (plain === '' || plain === '<<' || plain.length > 1000 || plain.includes(' #') || INDICATOR_START.test(plain)) giveUp();
      key = keyTextOf(this.typePlain(plain));
      end = colon;
    }
    return { key, rest: content.slice(end + 1).trimStart() };
  }
}

function isSequenceItem(content: string): boolean {
  return content[0] === '-' && (content.length === 1 || content[1] === ' ');
}

function skipSpaces(text: string, at: number): number {
  while (text[at] === ' ') at++;
  return at;
}
