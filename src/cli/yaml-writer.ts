/**
 * `berth config`'s YAML: byte for byte what `stringify(tree, { aliasDuplicateObjects: false,
 * lineWidth: 0 })` of the yaml package prints, in one pass over the tree (yaml's general stringifier
 * spent seconds on a project of 10,000 services). Plain strings, numbers, booleans and nulls are
 * written here by yaml's own rules; any other string value is formatted by yaml itself (once per
 * distinct string) and re-indented; a tree this writer does not cover (an unusual key, a value of
 * another type) is handed to yaml whole.
 */
import { Document, stringify } from 'yaml';

const OPTIONS = { aliasDuplicateObjects: false, lineWidth: 0 } as const;

/** What yaml's plainString refuses to leave plain (indicators, `: `, ` #`, trailing space or colon). */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** Characters yaml always double-quotes. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
/** Implicit keys longer than this become explicit (`? key`) in yaml's output. */
const MAX_SIMPLE_KEY = 1000;

/** The core schema's tests for scalars that would read back as another type (`42`, `true`, `null`). */
const TYPED_TESTS = new Document().schema.tags.flatMap((tag) => (tag.default === true && tag.tag !== 'tag:yaml.org,2002:str' && tag.test !== undefined ? [tag.test] : []));

class NotCovered extends Error {}

/** `[]` or `{}` for an empty list or mapping (undefined values do not count), else undefined. */
function emptyCollection(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.length === 0 ? '[]' : undefined;
  if (isPlainObject(value)) return Object.keys(value).some((key) => value[key] !== undefined) ? undefined : '{}';
  return undefined;
}

/** Printable ASCII without `"` or `\`: what yaml double-quotes as it is. */
const QUOTES_AS_IS = /^[ !#-[\]-~]*$/;

/**
 * How yaml writes `text` on one line: as it is (`plain`), in double quotes as it is because it
 * would read back as a number, boolean or null (`typed`, `"42"`), or otherwise (`other`).
 */
function plainness(text: string): 'plain' | 'typed' | 'other' {
  if (text.includes('\n') || CONTROL.test(text) || NOT_PLAIN.test(text) || DOCUMENT_MARKER.test(text)) return 'other';
  if (!TYPED_TESTS.some((test) => test.test(text))) return 'plain';
  return QUOTES_AS_IS.test(text) ? 'typed' : 'other';
}

function numberText(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value < 0 ? '-.inf' : '.inf';
  return Object.is(value, -0) ? '-0' : JSON.stringify(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

class Writer {
  private readonly out: string[] = [];
  /** String values yaml formats (quoted, block scalars), as written after `key: ` at indent 0. */
  private readonly formatted = new Map<string, string>();

  text(): string {
    return this.out.join('');
  }

  /** A scalar after `key: ` or `- `, its continuation lines indented by `indent` more. */
  private scalar(value: unknown, indent: string): string {
    if (value === null) return 'null';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'number') return numberText(value);
    if (typeof value !== 'string') throw new NotCovered();
    const kind = plainness(value);
    if (kind === 'plain') return value;
    if (kind === 'typed') return `"${value}"`;
    let text = this.formatted.get(value);
    if (text === undefined) {
      text = stringify({ k: value }, OPTIONS).slice('k: '.length, -1);
      this.formatted.set(value, text);
    }
    return indent === '' ? text : text.replace(/\n(?=[^\n])/g, `\n${indent}`);
  }

  private key(key: string): string {
    if (key.length > MAX_SIMPLE_KEY || plainness(key) !== 'plain') throw new NotCovered();
    return key;
  }

  /** A mapping at `indent`; `first`: the first line already has its indentation (after `- `). */
  map(mapping: Record<string, unknown>, indent: string, first = false): void {
    let atLineStart = !first;
    for (const key of Object.keys(mapping)) {
      const value = mapping[key];
      if (value === undefined) continue;
      this.out.push(atLineStart ? indent : '', this.key(key), ':');
      atLineStart = true;
      this.value(value, indent);
    }
  }

  /** A list at `indent` (`- ` there); `first` as for map. */
  list(items: readonly unknown[], indent: string, first = false): void {
    let atLineStart = !first;
    for (const item of items) {
      this.out.push(atLineStart ? indent : '', '-');
      atLineStart = true;
      this.item(item, indent);
    }
  }

  /** What follows `key:` in a mapping at `indent`. */
  private value(value: unknown, indent: string): void {
    const empty = emptyCollection(value);
    if (empty !== undefined) this.out.push(' ', empty, '\n');
    else if (Array.isArray(value)) {
      this.out.push('\n');
      this.list(value, `${indent}  `);
    } else if (isPlainObject(value)) {
      this.out.push('\n');
      this.map(value, `${indent}  `);
    } else this.out.push(' ', this.scalar(value, indent), '\n');
  }

  /** What follows `-` in a list at `indent`. */
  private item(value: unknown, indent: string): void {
    if (value === undefined) throw new NotCovered();
    const empty = emptyCollection(value);
    this.out.push(' ');
    if (empty !== undefined) this.out.push(empty, '\n');
    else if (Array.isArray(value)) this.list(value, `${indent}  `, true);
    else if (isPlainObject(value)) this.map(value, `${indent}  `, true);
    else this.out.push(this.scalar(value, indent), '\n');
  }
}

/** The YAML text of a tree of plain objects, lists and scalars, as yaml's stringify prints it with lineWidth 0. */
export function yamlText(tree: Record<string, unknown>): string {
  if (emptyCollection(tree) !== undefined) return stringify(tree, OPTIONS);
  try {
    const writer = new Writer();
    writer.map(tree, '');
    return writer.text();
  } catch (error) {
    if (error instanceof NotCovered) return stringify(tree, OPTIONS);
    throw error;
  }
}
