import { TemplateError, type Command, type Node, type Operand, type Pipeline } from './parse.js';

/** A value a template sees: Go strings, numbers, bools, slices, structs (objects, in field order); null is a nil slice. */
export type GoValue = string | number | boolean | null | readonly GoValue[] | { readonly [field: string]: GoValue };

/** What `.` is in a template: its fields (`.Name`) and methods taking arguments (`.Label "key"`). */
export interface TemplateData<T> {
  /** What one row is, for messages: `container`. */
  readonly kind: string;
  readonly fields: Readonly<Record<string, (row: T) => GoValue>>;
  readonly methods?: Readonly<Record<string, (row: T, name: string) => GoValue>>;
}

/** Printed where a table header has no name for a field (docker prints Go's missing-map-key text). */
const NO_VALUE = '<no value>';

interface TemplateFunction {
  readonly arity: number;
  readonly call: (args: readonly GoValue[]) => GoValue;
  /** In a table header the function returns its first argument unchanged (docker's HeaderFunctions), but pad. */
  readonly keepsHeader?: boolean;
}

function typeName(value: GoValue): string {
  if (value === null || Array.isArray(value)) return '[]string';
  return typeof value === 'object' ? 'struct' : typeof value === 'number' ? 'int' : typeof value === 'boolean' ? 'bool' : 'string';
}

function expect<K extends 'string' | 'number'>(value: GoValue, kind: K, name: string): K extends 'string' ? string : number {
  if (typeof value !== kind) throw new TemplateError(`template: error calling ${name}: wrong type for value; expected ${kind === 'string' ? 'string' : 'int'}; got ${typeName(value)}`);
  return value as K extends 'string' ? string : number;
}

/** `json` as the docker CLI's: Go's encoding/json without HTML escaping. */
export function goJson(value: GoValue): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** docker's template functions (github.com/docker/cli/templates): json, split, join, title, lower, upper, pad, truncate. */
const FUNCTIONS: Readonly<Record<string, TemplateFunction>> = {
  json: { arity: 1, call: ([value]) => goJson(value ?? null) },
  split: { arity: 2, call: ([text, separator]) => expect(text ?? '', 'string', 'split').split(expect(separator ?? '', 'string', 'split')) },
  join: {
    arity: 2,
    call: ([list, separator]) => {
      if (list !== null && !Array.isArray(list)) throw new TemplateError(`template: error calling join: wrong type for value; expected []string; got ${typeName(list ?? '')}`);
      return (list ?? []).map((item) => expect(item, 'string', 'join')).join(expect(separator ?? '', 'string', 'join'));
    },
  },
  title: { arity: 1, call: ([text]) => expect(text ?? '', 'string', 'title').replace(/(^|[^\p{L}\p{N}_'])(\p{Ll})/gu, (_all, before: string, letter: string) => before + letter.toUpperCase()) },
  lower: { arity: 1, call: ([text]) => expect(text ?? '', 'string', 'lower').toLowerCase() },
  upper: { arity: 1, call: ([text]) => expect(text ?? '', 'string', 'upper').toUpperCase() },
  pad: { arity: 3, keepsHeader: false, call: ([text, before, after]) => ' '.repeat(Math.max(0, expect(before ?? 0, 'number', 'pad'))) + expect(text ?? '', 'string', 'pad') + ' '.repeat(Math.max(0, expect(after ?? 0, 'number', 'pad'))) },
  truncate: { arity: 2, call: ([text, length]) => [...expect(text ?? '', 'string', 'truncate')].slice(0, expect(length ?? 0, 'number', 'truncate')).join('') },
};

export const FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTIONS);

/** Go's `%v`: slices `[a b]`, structs `{a b}`. */
export function printValue(value: GoValue): string {
  if (value === null) return '[]';
  if (Array.isArray(value)) return `[${value.map(printValue).join(' ')}]`;
  if (typeof value === 'object') return `{${Object.values(value as Record<string, GoValue>).map(printValue).join(' ')}}`;
  return String(value);
}

/** Checks every field, method and function a template names against what `.` holds; throws TemplateError. */
export function checkTemplate(nodes: readonly Node[], data: TemplateData<unknown>): void {
  const known = [...Object.keys(data.fields), ...Object.keys(data.methods ?? {})].sort().join(', ');
  const checkOperand = (operand: Operand, command: Command, first: boolean): void => {
    if (operand.kind === 'pipeline') operand.pipeline.forEach(checkCommand);
    if (operand.kind === 'function') {
      const fn = FUNCTIONS[operand.name];
      if (fn === undefined) throw new TemplateError(`template: :1: function "${operand.name}" not defined (berth's --format templates know ${FUNCTION_NAMES.join(', ')})`);
      if (!first) throw new TemplateError(`template: :1: wrong number of args for ${operand.name}: want ${fn.arity} got 0`);
    }
    if (operand.kind !== 'field' || operand.path.length === 0) return;
    const name = operand.path[0] as string;
    const isMethod = first && command.length > 1;
    if (isMethod ? data.methods?.[name] === undefined : !Object.hasOwn(data.fields, name) && data.methods?.[name] === undefined) {
      throw new TemplateError(`template: :${operand.line}: can't evaluate field ${name} of a ${data.kind} (its fields: ${known})`);
    }
  };
  const checkCommand = (command: Command): void => {
    const [first] = command;
    if (first?.kind === 'function') {
      const fn = FUNCTIONS[first.name];
      if (fn !== undefined && command.length - 1 > fn.arity) throw new TemplateError(`template: :1: wrong number of args for ${first.name}: want ${fn.arity} got ${command.length - 1}`);
    }
    command.forEach((operand, index) => checkOperand(operand, command, index === 0));
  };
  for (const node of nodes) if (node.kind === 'action') node.pipeline.forEach(checkCommand);
}

/** Renders parsed nodes for one row; `header` renders a table's header instead (field → header text). */
export class TemplateRenderer<T> {
  constructor(private readonly nodes: readonly Node[], private readonly data: TemplateData<T>, private readonly headers: Readonly<Record<string, string>> = {}) {}

  /** `.` as a struct: every field, by name (as docker's MarshalJSON: keys sorted). */
  wholeRow(row: T): GoValue {
    return Object.fromEntries(Object.keys(this.data.fields).sort().map((name) => [name, (this.data.fields[name] as (row: T) => GoValue)(row)]));
  }

  render(row: T): string {
    return this.nodes.map((node) => (node.kind === 'text' ? node.text : printValue(this.pipeline(node.pipeline, row, false)))).join('');
  }

  /** The header line: stops at the first action Go could not render against the header map, as docker's does. */
  renderHeader(): string {
    let text = '';
    for (const node of this.nodes) {
      if (node.kind === 'text') text += node.text;
      else {
        try {
          text += printValue(this.pipeline(node.pipeline, undefined, true));
        } catch {
          break;
        }
      }
    }
    return text;
  }

  private pipeline(pipeline: Pipeline, row: T | undefined, header: boolean): GoValue {
    let piped: GoValue | undefined;
    for (const command of pipeline) piped = this.command(command, row, header, piped);
    return piped ?? null;
  }

  private command(command: Command, row: T | undefined, header: boolean, piped: GoValue | undefined): GoValue {
    const [first, ...rest] = command as [Operand, ...Operand[]];
    const args = [...rest.map((operand) => this.operand(operand, row, header)), ...(piped === undefined ? [] : [piped])];
    if (first.kind === 'function') {
      const fn = FUNCTIONS[first.name] as TemplateFunction;
      if (args.length !== fn.arity) throw new TemplateError(`template: wrong number of args for ${first.name}: want ${fn.arity} got ${args.length}`);
      if (header && fn.keepsHeader !== false) {
        if (typeof args[0] !== 'string') throw new TemplateError('template: a header cell is no string');
        return args[0];
      }
      return fn.call(args);
    }
    if (args.length === 0) return this.operand(first, row, header);
    if (first.kind !== 'field' || header) throw new TemplateError(`template: can't give argument to non-function`);
    const method = this.data.methods?.[first.path[0] ?? ''];
    if (method === undefined || args.length !== 1 || typeof args[0] !== 'string') throw new TemplateError(`template: wrong arguments for ${first.path.join('.')}`);
    return method(row as T, args[0]);
  }

  private operand(operand: Operand, row: T | undefined, header: boolean): GoValue {
    switch (operand.kind) {
      case 'literal':
        return operand.value;
      case 'pipeline':
        return this.pipeline(operand.pipeline, row, header);
      case 'function':
        return this.command([operand], row, header, undefined);
      case 'field':
        return header ? this.headerField(operand.path) : this.field(operand.path, row as T);
    }
  }

  private headerField(path: readonly string[]): GoValue {
    if (path.length === 0) return this.headers;
    if (path.length > 1) throw new TemplateError('template: a header has no nested fields');
    return this.headers[path[0] as string] ?? NO_VALUE;
  }

  private field(path: readonly string[], row: T): GoValue {
    let value: GoValue = path.length === 0 ? this.wholeRow(row) : (this.data.fields[path[0] as string] as (row: T) => GoValue)(row);
    for (const name of path.slice(1)) {
      if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, name)) throw new TemplateError(`template: can't evaluate field ${name} in type ${typeName(value)}`);
      value = (value as Record<string, GoValue>)[name] as GoValue;
    }
    return value;
  }
}
