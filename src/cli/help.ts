import { HELP_FLAG, SHADOWING_FLAGS, VERSION_FLAG, usageLine, type CommandSpec } from './command-line.js';
import type { OptionSpec } from './option-spec.js';

/** berth's help texts, laid out as docker compose's: usage, description, the command's own flags, then the global ones. */

const TYPE_LABELS: Readonly<Record<OptionSpec['type'], string>> = { boolean: '', string: 'string', integer: 'int' };

function optionRows(options: readonly OptionSpec[], hiddenShorts: ReadonlySet<string> = new Set()): string[] {
  const visible = options.filter((option) => !option.hidden).sort((a, b) => (a.name < b.name ? -1 : 1));
  const left = visible.map((option) => {
    const short = option.short === undefined || hiddenShorts.has(option.short) ? '    ' : `-${option.short}, `;
    const type = option.array && option.type === 'string' ? 'stringArray' : TYPE_LABELS[option.type];
    return `  ${short}--${option.name}${type === '' ? '' : ` ${type}`}`;
  });
  const width = Math.max(0, ...left.map((text) => text.length)) + 3;
  return visible.map((option, index) => {
    const choices = option.choices === undefined || option.description.includes(`"${option.choices[0] ?? ''}"`) ? '' : ` (${option.choices.map((choice) => `"${choice}"`).join('|')})`;
    return `${(left[index] as string).padEnd(width)}${option.description}${choices}`.trimEnd();
  });
}

function section(title: string, rows: readonly string[]): string {
  return rows.length === 0 ? '' : `\n${title}:\n${rows.join('\n')}\n`;
}

/** `berth COMMAND --help`: the command's flags first; a global flag whose short form the command redefines is shown without it. */
export function commandHelp(program: string, command: CommandSpec, globals: readonly OptionSpec[]): string {
  const own = [...command.options];
  for (const [letter, name] of Object.entries(SHADOWING_FLAGS[command.word] ?? {})) {
    const index = own.findIndex((option) => option.name === name);
    if (index >= 0) own[index] = { ...(own[index] as OptionSpec), short: letter };
  }
  const shadowed = new Set(own.map((option) => option.short).filter((short): short is string => short !== undefined));
  const inherited = globals.filter((option) => !own.some((mine) => mine.name === option.name));
  return `Usage:  ${usageLine(program, command)}\n\n${command.describe}\n${section('Options', optionRows(own))}${section('Global Options', optionRows(inherited, shadowed))}`;
}

/** `berth`, `berth help`, `berth --help`. */
export function rootHelp(program: string, description: string, commands: ReadonlyArray<{ readonly word: string; readonly describe: string }>, globals: readonly OptionSpec[]): string {
  const sorted = [...commands].sort((a, b) => (a.word < b.word ? -1 : 1));
  const width = Math.max(...sorted.map((command) => command.word.length)) + 3;
  const rows = sorted.map((command) => `  ${command.word.padEnd(width)}${command.describe}`);
  return `Usage:  ${program} [OPTIONS] COMMAND\n\n${description}\n${section('Options', optionRows([...globals, VERSION_FLAG, HELP_FLAG]))}${section('Commands', rows)}\nRun '${program} COMMAND --help' for more information on a command.\n`;
}
