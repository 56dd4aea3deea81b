/**
 * A subset of Go's text/template, as the docker CLI reads `--format`: text, actions `{{ }}` with the
 * `{{-`/`-}}` trim markers and comments, pipelines (`a | b`), parentheses, field chains (`.Name`,
 * `.`), method calls with arguments (`.Label "x"`), function calls, string and number literals.
 * Control structures (if, range, with...) and variables are refused by name, before anything runs.
 */

export type Operand =
  | { readonly kind: 'field'; readonly path: readonly string[]; readonly line: number }
  | { readonly kind: 'function'; readonly name: string }
  | { readonly kind: 'literal'; readonly value: string | number | boolean }
  | { readonly kind: 'pipeline'; readonly pipeline: Pipeline };

/** `operand operand...`: a function or method call, or one value. */
export type Command = readonly Operand[];
export type Pipeline = readonly Command[];
export type Node = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'action'; readonly pipeline: Pipeline };

/** A template the subset cannot read; `message` is worded as Go's (`template: :LINE: ...`). */
export class TemplateError extends Error {}

const UNSUPPORTED = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue']);

type Token = { readonly type: 'field' | 'ident' | 'string' | 'number' | '(' | ')' | '|' | 'other'; readonly text: string };

function fail(line: number, problem: string): never {
  throw new TemplateError(`template: :${line}: ${problem}`);
}

function unquote(raw: string, line: number): string {
  if (raw.startsWith('`')) return raw.slice(1, -1);
  try {
    return JSON.parse(raw.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\'/g, "'")) as string;
  } catch {
    return fail(line, `malformed string ${raw}`);
  }
}

const TOKEN = /\s*(?:(\.[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*|\.)|([A-Za-z_][A-Za-z0-9_]*)|("(?:[^"\\\n]|\\.)*"|`[^`]*`)|([-+]?\d+(?:\.\d+)?)|([()|])|(\S+))/y;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const match = TOKEN.exec(source);
    if (match === null) break;
    const [, field, ident, string, number, punct, other] = match;
    if (field !== undefined) tokens.push({ type: 'field', text: field });
    else if (ident !== undefined) tokens.push({ type: 'ident', text: ident });
    else if (string !== undefined) tokens.push({ type: 'string', text: string });
    else if (number !== undefined) tokens.push({ type: 'number', text: number });
    else if (punct !== undefined) tokens.push({ type: punct as '(' | ')' | '|', text: punct });
    else if (other !== undefined) tokens.push({ type: 'other', text: other });
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
  }
  return tokens;
}

/** Reads the tokens of one action into a pipeline. */
class ActionParser {
  private at = 0;
  constructor(private readonly tokens: readonly Token[], private readonly line: number) {}

  parse(): Pipeline {
    const pipeline = this.pipeline();
    if (this.at < this.tokens.length) fail(this.line, `unexpected "${this.tokens[this.at]?.text ?? ''}" in operand`);
    return pipeline;
  }

  private pipeline(): Pipeline {
    const commands: Command[] = [this.command()];
    while (this.tokens[this.at]?.type === '|') {
      this.at++;
      commands.push(this.command());
    }
    return commands;
  }

  private command(): Command {
    const operands: Operand[] = [];
    for (let token = this.tokens[this.at]; token !== undefined && token.type !== '|' && token.type !== ')'; token = this.tokens[this.at]) operands.push(this.operand(token));
    if (operands.length === 0) fail(this.line, 'missing value for command');
    return operands;
  }

  private operand(token: Token): Operand {
    this.at++;
    switch (token.type) {
      case 'field':
        return { kind: 'field', path: token.text === '.' ? [] : token.text.slice(1).split('.'), line: this.line };
      case 'string':
        return { kind: 'literal', value: unquote(token.text, this.line) };
      case 'number':
        return { kind: 'literal', value: Number(token.text) };
      case '(': {
        const pipeline = this.pipeline();
        if (this.tokens[this.at]?.type !== ')') fail(this.line, 'unclosed left paren');
        this.at++;
        return { kind: 'pipeline', pipeline };
      }
      case 'ident':
        if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: token.text === 'true' };
        if (UNSUPPORTED.has(token.text)) throw new TemplateError(`template: :${this.line}: "${token.text}" is not supported by berth's --format templates`);
        return { kind: 'function', name: token.text };
      default:
        if (token.text.startsWith('$')) throw new TemplateError(`template: :${this.line}: variables ("${token.text}") are not supported by berth's --format templates`);
        return fail(this.line, `unexpected "${token.text}" in command`);
    }
  }
}

/** Parses a template into text and action nodes; throws TemplateError. */
export function parseTemplate(source: string): Node[] {
  const nodes: Node[] = [];
  let rest = source;
  let line = 1;
  let trimNext = false;
  while (rest !== '') {
    const open = rest.indexOf('{{');
    let text = open < 0 ? rest : rest.slice(0, open);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (open < 0) {
      if (text !== '') nodes.push({ kind: 'text', text });
      break;
    }
    const close = rest.indexOf('}}', open + 2);
    if (close < 0) fail(line, 'unclosed action');
    let inner = rest.slice(open + 2, close);
    if (/^-\s/.test(inner)) {
      text = text.replace(/\s+$/, '');
      inner = inner.slice(1);
    }
    trimNext = /\s-$/.test(inner);
    if (trimNext) inner = inner.slice(0, -1);
    if (text !== '') nodes.push({ kind: 'text', text });
    line += (rest.slice(0, open).match(/\n/g) ?? []).length;
    const trimmed = inner.trim();
    if (!(trimmed.startsWith('/*') && trimmed.endsWith('*/'))) {
      if (trimmed === '') fail(line, 'missing value for command');
      nodes.push({ kind: 'action', pipeline: new ActionParser(tokenize(inner), line).parse() });
    }
    line += (inner.match(/\n/g) ?? []).length;
    rest = rest.slice(close + 2);
  }
  return nodes;
}
