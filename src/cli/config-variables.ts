/** What `config --variables` and `config --environment` print, as docker compose prints them. */
import { stringify } from 'yaml';
import type { ModelVariable } from '../config/variables.js';
import { formatTable } from '../ui/table.js';

/**
 * The variables: a table (NAME, REQUIRED, DEFAULT VALUE, ALTERNATE VALUE) by default, or compose's
 * `--format json` (an object by name, 4-space indents, Go field names) and `--format yaml` (yaml.v3's
 * lower-cased field names, 4-space indents, YAML 1.1 quoting).
 */
export function renderVariables(variables: readonly ModelVariable[], format: string | undefined): string {
  if (format === 'json') {
    const byName = Object.fromEntries(variables.map((variable) => [variable.name, { Name: variable.name, DefaultValue: variable.defaultValue, PresenceValue: variable.presenceValue, Required: variable.required }]));
    return `${JSON.stringify(byName, null, 4)}\n\n`;
  }
  if (format === 'yaml') {
    if (variables.length === 0) return '{}\n';
    const byName = Object.fromEntries(variables.map((variable) => [variable.name, { name: variable.name, defaultvalue: variable.defaultValue, presencevalue: variable.presenceValue, required: variable.required }]));
    // YAML 1.1 rules, as Go's yaml.v3 quotes: `"on"`, `"yes"`, `"1_000"` stay strings for 1.1 readers.
    return stringify(byName, { indent: 4, lineWidth: 0, aliasDuplicateObjects: false, version: '1.1' });
  }
  const rows = variables.map((variable) => [variable.name, String(variable.required), variable.defaultValue, variable.presenceValue]);
  return formatTable(['NAME', 'REQUIRED', 'DEFAULT VALUE', 'ALTERNATE VALUE'], rows);
}

/** The interpolation environment as `KEY=VALUE` lines, sorted as compose's Mapping.Values sorts them. */
export function renderEnvironment(environment: Readonly<Record<string, string>>): string {
  const lines = Object.entries(environment).map(([key, value]) => `${key}=${value}`);
  lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return lines.map((line) => `${line}\n`).join('');
}
