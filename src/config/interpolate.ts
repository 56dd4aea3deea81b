/**
 * Variable substitution as compose-go's template package does it:
 * `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`,
 * `${VAR:+alt}`, `${VAR+alt}`, nested templates in defaults and messages, `$$` for a literal `$`.
 */

export type Lookup = (name: string) => string | undefined;

/** A template that cannot be parsed. */
export class InvalidTemplateError extends Error {
  constructor(readonly template: string) {
    super(`invalid interpolation format\nYou may need to escape any $ with another $.\n${template}`);
    this.name = 'InvalidTemplateError';
  }
}

/** `${VAR:?message}` (or `?`) met an unset or empty variable. */
export class MissingVariableError extends Error {
  constructor(readonly variable: string, readonly detail: string) {
    super(`required variable ${variable} is missing a value${detail === '' ? '' : `: ${detail}`}`);
    this.name = 'MissingVariableError';
  }
}

/** `${A:-${B:-...}}` nested past MAX_TEMPLATE_DEPTH (each level costs stack and a scan of the rest). */
export class TemplateTooDeepError extends Error {
  constructor() {
    super(`invalid interpolation format: \${...} nested more than ${MAX_TEMPLATE_DEPTH} levels deep`);
    this.name = 'TemplateTooDeepError';
  }
}

/** Far deeper than any template a person writes. */
export const MAX_TEMPLATE_DEPTH = 64;

export interface Substitution {
  readonly value: string;
  /** Names of variables that were used but not set (compose warns about them). */
  readonly unset: readonly string[];
}

export const NAME_START = /[_a-zA-Z]/;
export const NAME_CHAR = /[_a-zA-Z0-9]/;
export const OPERATORS = [':?', '?', ':-', '-', ':+', '+'] as const;
export type Operator = (typeof OPERATORS)[number];

/** Substitutes every variable in `template`; throws InvalidTemplateError or MissingVariableError. */
export function substitute(template: string, lookup: Lookup): Substitution {
  const unset = new Set<string>();
  const value = substituteInto(template, lookup, unset);
  return { value, unset: [...unset] };
}

function substituteInto(template: string, lookup: Lookup, unset: Set<string>): string {
  let out = '';
  let index = 0;
  while (index < template.length) {
    const dollar = template.indexOf('$', index);
    if (dollar < 0) {
      out += template.slice(index);
      break;
    }
    out += template.slice(index, dollar);
    const next = template[dollar + 1];
    if (next === '$') {
      out += '$';
      index = dollar + 2;
    } else if (next === '{') {
      const close = findClosingBrace(template, dollar + 2);
      if (close < 0) throw new InvalidTemplateError(template);
      out += expandBraced(template.slice(dollar + 2, close), template, lookup, unset);
      index = close + 1;
    } else if (next !== undefined && NAME_START.test(next)) {
      let end = dollar + 2;
      while (end < template.length && NAME_CHAR.test(template[end] as string)) end++;
      out += valueOf(template.slice(dollar + 1, end), lookup, unset);
      index = end;
    } else {
      // A `$` before anything else (a digit, a space, the end) is literal, as compose-go's pattern leaves it.
      out += '$';
      index = dollar + 1;
    }
  }
  return out;
}

/** Index of the `}` that closes a `${` whose body starts at `start`, counting nested `${`. */
export function findClosingBrace(template: string, start: number): number {
  let depth = 1;
  for (let index = start; index < template.length; index++) {
    const char = template[index];
    if (char === '$' && template[index + 1] === '$') {
      index++;
    } else if (char === '$' && template[index + 1] === '{') {
      if (++depth > MAX_TEMPLATE_DEPTH) throw new TemplateTooDeepError();
      index++;
    } else if (char === '}') {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}

function expandBraced(body: string, template: string, lookup: Lookup, unset: Set<string>): string {
  if (body === '' || !NAME_START.test(body[0] as string)) throw new InvalidTemplateError(template);
  let end = 1;
  while (end < body.length && NAME_CHAR.test(body[end] as string)) end++;
  const name = body.slice(0, end);
  if (end === body.length) return valueOf(name, lookup, unset);
  const operator = OPERATORS.find((candidate) => body.startsWith(candidate, end));
  if (operator === undefined) throw new InvalidTemplateError(template);
  const argument = body.slice(end + operator.length);
  return applyOperator(operator, name, argument, lookup, unset);
}

function applyOperator(operator: Operator, name: string, argument: string, lookup: Lookup, unset: Set<string>): string {
  const current = lookup(name);
  const isSet = current !== undefined;
  const isFilled = isSet && current !== '';
  const nested = (): string => substituteInto(argument, lookup, unset);
  switch (operator) {
    case ':-':
      return isFilled ? current : nested();
    case '-':
      return isSet ? current : nested();
    case ':+':
      return isFilled ? nested() : '';
    case '+':
      return isSet ? nested() : '';
    case ':?':
      if (!isFilled) throw new MissingVariableError(name, nested());
      return current;
    case '?':
      if (!isSet) throw new MissingVariableError(name, nested());
      return current;
  }
}

function valueOf(name: string, lookup: Lookup, unset: Set<string>): string {
  const value = lookup(name);
  if (value === undefined) {
    unset.add(name);
    return '';
  }
  return value;
}
