/**
 * The variables a compose model uses, as `docker compose config --variables` lists them (compose-go's
 * template.ExtractVariables): each `$VAR` / `${VAR...}` with its default (`-`, `:-`), alternate value
 * (`+`, `:+`) and whether it is required (`?`, `:?`); variables nested in those operands count too.
 */
import { isMapping } from './canonical/guards.js';
import { findClosingBrace, NAME_CHAR, NAME_START, OPERATORS } from './interpolate.js';

export interface ModelVariable {
  readonly name: string;
  readonly required: boolean;
  readonly defaultValue: string;
  readonly presenceValue: string;
}

/** Every variable of the (uninterpolated) tree, by name, sorted. */
export function extractVariables(tree: unknown): ModelVariable[] {
  const found = new Map<string, ModelVariable>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') for (const variable of templateVariables(value)) combine(found, variable);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (isMapping(value)) Object.values(value).forEach(visit);
  };
  visit(tree);
  return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A variable used several times is required as soon as one use is; the first default and alternate kept. */
function combine(found: Map<string, ModelVariable>, variable: ModelVariable): void {
  const existing = found.get(variable.name);
  if (existing === undefined) {
    found.set(variable.name, variable);
    return;
  }
  found.set(variable.name, {
    name: variable.name,
    required: existing.required || variable.required,
    defaultValue: existing.defaultValue === '' ? variable.defaultValue : existing.defaultValue,
    presenceValue: existing.presenceValue === '' ? variable.presenceValue : existing.presenceValue,
  });
}

/** The variables of one template string, in order; what cannot be read as a variable is skipped. */
export function templateVariables(template: string): ModelVariable[] {
  const variables: ModelVariable[] = [];
  let index = template.indexOf('$');
  while (index >= 0 && index < template.length) {
    const next = template[index + 1];
    let end = index + 1;
    if (next === '$') end = index + 2;
    else if (next === '{') {
      const close = closingBrace(template, index + 2);
      if (close >= 0) {
        variables.push(...bracedVariables(template.slice(index + 2, close)));
        end = close + 1;
      }
    } else if (next !== undefined && NAME_START.test(next)) {
      end = nameEnd(template, index + 1);
      variables.push(plain(template.slice(index + 1, end)));
    }
    index = template.indexOf('$', end);
  }
  return variables;
}

function closingBrace(template: string, start: number): number {
  try {
    return findClosingBrace(template, start);
  } catch {
    return -1;
  }
}

function nameEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && NAME_CHAR.test(text[end] as string)) end++;
  return end;
}

const plain = (name: string): ModelVariable => ({ name, required: false, defaultValue: '', presenceValue: '' });

/** `NAME`, `NAME:-default`, `NAME?message`...: the variable, then those of its operand. */
function bracedVariables(body: string): ModelVariable[] {
  if (body === '' || !NAME_START.test(body[0] as string)) return [];
  const end = nameEnd(body, 0);
  const name = body.slice(0, end);
  if (end === body.length) return [plain(name)];
  const operator = OPERATORS.find((candidate) => body.startsWith(candidate, end));
  if (operator === undefined) return [];
  const operand = body.slice(end + operator.length);
  const variable: ModelVariable = {
    name,
    required: operator.endsWith('?'),
    defaultValue: operator.endsWith('-') ? operand : '',
    presenceValue: operator.endsWith('+') ? operand : '',
  };
  return [variable, ...templateVariables(operand)];
}
