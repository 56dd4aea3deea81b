/**
 * `.env` and `env_file` parsing with compose-go's dotenv rules: `KEY=VAL`, `KEY: VAL`, `export KEY=VAL`,
 * bare `KEY` (inherited from the lookup), single quotes (literal, multi-line), double quotes (shell
 * escapes, then `${}` expansion), unquoted values (inline ` #` comments cut, right-trimmed, expanded).
 * Also the docker CLI's raw `KEY=VAL` format (`env_file: {format: raw}`).
 */
import { substitute, type Lookup } from './interpolate.js';
import { ownValue, setKey } from './mapping.js';

/** A syntax error in an env file, `line N: ...` as compose words it. */
export class DotenvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DotenvError';
  }
}

const KEY_PUNCTUATION = new Set(['_', '.', '-', '[', ']']);
const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '"': '"', '\\': '\\', $: '$$' };

/**
 * Parses dotenv text. `${}` references resolve against `lookup` (the OS environment) first, then the
 * keys already read; bare keys take their value from `lookup` and are skipped when it has none.
 */
export function parseDotenv(text: string, lookup: Lookup = () => undefined): Record<string, string> {
  const values: Record<string, string> = {};
  const resolve: Lookup = (name) => lookup(name) ?? ownValue(values, name);
  let rest = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  let line = 1;
  for (;;) {
    const start = statementStart(rest);
    line += countNewlines(rest.slice(0, rest.length - start.length));
    rest = start;
    if (rest === '') break;
    const statement = readKey(rest, line);
    if (statement.inherited) {
      const inherited = lookup(statement.key);
      if (inherited !== undefined) setKey(values, statement.key, inherited);
      rest = statement.rest;
      continue;
    }
    const value = readValue(statement.rest, line, resolve);
    setKey(values, statement.key, value.value);
    line += value.lines;
    rest = value.rest;
  }
  return values;
}

/** Skips blank lines and `#` comment lines; returns the text from the next statement on. */
function statementStart(text: string): string {
  let rest = text;
  for (;;) {
    rest = rest.replace(/^[ \t\n]+/, '');
    if (!rest.startsWith('#')) return rest;
    const newline = rest.indexOf('\n');
    rest = newline < 0 ? '' : rest.slice(newline + 1);
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (const char of text) if (char === '\n') count++;
  return count;
}

function readKey(text: string, line: number): { key: string; rest: string; inherited: boolean } {
  let source = text;
  const exported = /^export[ \t]+/.exec(source);
  if (exported !== null) source = source.slice(exported[0].length);
  for (let index = 0; index < source.length; index++) {
    const char = source[index] as string;
    if (char === ' ' || char === '\t') continue;
    if (char === '=' || char === ':' || char === '\n') {
      const key = source.slice(0, index).trimEnd();
      const after = source.slice(index + 1);
      if (char === '\n') return { key, rest: after, inherited: true };
      return { key, rest: after.replace(/^[ \t]+/, ''), inherited: false };
    }
    if (KEY_PUNCTUATION.has(char) || /[\p{L}\p{N}]/u.test(char)) continue;
    throw new DotenvError(`line ${line}: unexpected character "${char}" in variable name`);
  }
  return { key: source.trimEnd(), rest: '', inherited: true };
}

function readValue(text: string, line: number, resolve: Lookup): { value: string; rest: string; lines: number } {
  const quote = text[0];
  if (quote !== '"' && quote !== "'") {
    const newline = text.indexOf('\n');
    const raw = newline < 0 ? text : text.slice(0, newline);
    const withoutComment = raw.split(' #')[0] as string;
    return { value: expand(withoutComment.trimEnd(), line, resolve), rest: newline < 0 ? '' : text.slice(newline + 1), lines: newline < 0 ? 0 : 1 };
  }
  let chars = '';
  let escaped = false;
  let lines = 0;
  for (let index = 1; index < text.length; index++) {
    const char = text[index] as string;
    if (char === '\n') lines++;
    if (char !== quote) {
      if (!escaped && char === '\\') {
        escaped = true;
        continue;
      }
      if (escaped) chars += '\\';
      escaped = false;
      chars += char;
      continue;
    }
    if (escaped) {
      escaped = false;
      chars += char;
      continue;
    }
    const value = quote === '"' ? expand(expandEscapes(chars), line, resolve) : chars;
    return { value, rest: text.slice(index + 1), lines };
  }
  const newline = text.indexOf('\n');
  throw new DotenvError(`line ${line}: unterminated quoted value ${newline < 0 ? text : text.slice(0, newline)}`);
}

/** Shell escapes of double-quoted values: `\n`, `\t`, octal `\0NNN`...; `\$` stays a literal dollar. */
function expandEscapes(text: string): string {
  return text.replace(/\\([abfnrtv"\\$]|0[0-7]{0,3})/g, (_match, sequence: string) => SIMPLE_ESCAPES[sequence] ?? String.fromCharCode(parseInt(sequence, 8)));
}

function expand(text: string, line: number, resolve: Lookup): string {
  if (!text.includes('$')) return text;
  try {
    return substitute(text, resolve).value;
  } catch (error) {
    throw new DotenvError(`line ${line}: ${(error as Error).message}`);
  }
}

/** The docker CLI's `--env-file` format: `KEY=VAL` taken literally, `#` comment lines, bare keys inherited. */
export function parseRawEnvFile(text: string, lookup: Lookup = () => undefined): Record<string, string> {
  const values: Record<string, string> = {};
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((rawLine) => {
    const line = rawLine.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const equals = line.indexOf('=');
    const key = equals < 0 ? line : line.slice(0, equals);
    if (/\s/.test(key)) throw new DotenvError(`variable '${key}' contains whitespaces`);
    if (key === '') throw new DotenvError(`no variable name on line '${line}'`);
    if (equals >= 0) setKey(values, key, line.slice(equals + 1));
    else if (lookup(key) !== undefined) setKey(values, key, lookup(key) as string);
  });
  return values;
}
