import { editDistance } from '../config/known-keys.js';
import { UserError } from '../model/errors.js';
import type { CommandSpec, OptionSpec } from './option-spec.js';

export type { CommandSpec } from './option-spec.js';

/**
 * The whole command line is read and checked here, before any command module's handler runs: flags
 * as pflag (docker compose's flag parser) reads them, unknown commands and flags, values of the wrong
 * type, bad choices, missing or extra arguments. What passes is handed to yargs in one canonical form
 * (`--long=value` flags, then the positional words), so yargs and this reading cannot disagree.
 */

/** What the command line asks for. */
export type CommandLine =
  | { readonly kind: 'help'; readonly command: string | undefined }
  | { readonly kind: 'version' }
  | { readonly kind: 'run'; readonly command: string; readonly args: readonly string[] };

const flag = (name: string, short: string, description: string): OptionSpec => ({ name, longAliases: [], short, type: 'boolean', array: false, choices: undefined, description, hidden: false });
export const HELP_FLAG = flag('help', 'h', 'Show help');
/** Only before the command word, as in docker compose. */
export const VERSION_FLAG = flag('version', 'v', 'Show the berth version information');

/** Short flags a command redefines over a global one (cobra lets a command's flag shadow a persistent one). */
export const SHADOWING_FLAGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  logs: { f: 'follow' },
  rm: { f: 'force' },
  version: { f: 'format' },
  run: { p: 'publish' },
  commit: { p: 'pause' },
};

/** Commands whose flags stop at the first positional (the service): the rest is the container's command. */
const HALTING_COMMANDS = new Set(['exec', 'run']);

/** Values a flag of this name must match, beyond its type (the message's reason when they don't). */
const VALUE_RULES: Readonly<Record<string, { readonly pattern: RegExp; readonly reason: string }>> = {
  scale: { pattern: /^[^=]+=\d+$/, reason: 'should be SERVICE=NUM' },
};

/** A usage error worded as the docker CLI words them: the problem, the usage line, where help is. */
export function usageError(problem: string, program: string, command: CommandSpec | undefined): UserError {
  const path = command === undefined ? program : `${program} ${command.word}`;
  const usage = command === undefined ? `${program} [OPTIONS] COMMAND` : usageLine(program, command);
  return new UserError(`${problem}\n\nUsage:  ${usage}\n\nRun '${path} --help' for more information`);
}

export function usageLine(program: string, command: CommandSpec): string {
  return [program, command.word, '[OPTIONS]', command.positionals.usage].filter(Boolean).join(' ');
}

/** As cobra suggests: candidates a typo away (1 edit for short words, 2 otherwise), or starting with what was typed. */
export function suggestions(typed: string, candidates: readonly string[]): string[] {
  const edits = typed.replace(/^--/, '').length <= 3 ? 1 : 2;
  return candidates.filter((candidate) => editDistance(typed.toLowerCase(), candidate) <= edits || (typed.replace(/^--/, '').length > 1 && candidate.startsWith(typed)));
}

function didYouMean(matches: readonly string[]): string {
  return matches.length === 0 ? '' : `\n\nDid you mean this?\n${matches.map((match) => `\t${match}`).join('\n')}`;
}

/** The error for a command word that is no command. */
export function unknownCommand(word: string, program: string, commands: readonly string[]): UserError {
  return new UserError(`unknown command "${word}" for "${program}"${didYouMean(suggestions(word, commands))}\n\nRun '${program} --help' for more information`);
}

/** `-t, --timeout` or `--timeout`: a flag as pflag names it in its errors. */
export function flagDisplay(option: OptionSpec, short = option.short): string {
  return short === undefined ? `--${option.name}` : `-${short}, --${option.name}`;
}

/** The flags known at one place of the command line. */
interface FlagTable {
  readonly long: (name: string) => OptionSpec | undefined;
  readonly short: (letter: string) => OptionSpec | undefined;
  readonly longNames: readonly string[];
}

function flagTable(options: readonly OptionSpec[], shadows: Readonly<Record<string, string>> = {}): FlagTable {
  return {
    long: (name) => options.find((option) => option.name === name || option.longAliases.includes(name)),
    short: (letter) => {
      const shadowing = shadows[letter];
      return shadowing !== undefined ? options.find((option) => option.name === shadowing) : options.find((option) => option.short === letter);
    },
    longNames: options.filter((option) => !option.hidden).map((option) => `--${option.name}`),
  };
}

/** The flags and words read from part of the command line. */
interface Reading {
  readonly values: Array<readonly [OptionSpec, string]>;
  readonly positionals: string[];
}

type Fail = (problem: string) => never;

const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = { '1': true, t: true, T: true, TRUE: true, true: true, True: true, '0': false, f: false, F: false, FALSE: false, false: false, False: false };

function checkValue(option: OptionSpec, value: string, shown: string, fail: Fail): void {
  const invalid = (reason: string): never => fail(`invalid argument "${value}" for "${shown}" flag: ${reason}`);
  if (option.type === 'boolean' && !(value in BOOLEAN_WORDS)) invalid(`strconv.ParseBool: parsing "${value}": invalid syntax`);
  if (option.type === 'integer' && !/^[+-]?\d+$/.test(value)) invalid(`strconv.ParseInt: parsing "${value}": invalid syntax`);
  if (option.choices !== undefined && !option.choices.includes(value)) invalid(`valid values are ${option.choices.map((choice) => `"${choice}"`).join(', ')}`);
  const rule = VALUE_RULES[option.name];
  if (rule !== undefined && !rule.pattern.test(value)) invalid(rule.reason);
}

/** Reads the flag at tokens[at] (`--name[=value]` or a cluster of short flags); returns the next index. */
function readFlag(tokens: readonly string[], at: number, flags: FlagTable, reading: Reading, fail: Fail): number {
  const token = tokens[at] as string;
  const push = (option: OptionSpec, value: string, shown: string): void => {
    checkValue(option, value, shown, fail);
    reading.values.push([option, value]);
  };
  if (token.startsWith('--')) {
    const equals = token.indexOf('=');
    const name = token.slice(2, equals < 0 ? undefined : equals);
    const option = flags.long(name);
    if (option === undefined) return fail(`unknown flag: --${name}${didYouMean(suggestions(`--${name}`, flags.longNames))}`);
    const shown = flagDisplay(option);
    if (equals >= 0) push(option, token.slice(equals + 1), shown);
    else if (option.type === 'boolean') push(option, 'true', shown);
    else if (at + 1 < tokens.length) push(option, tokens[at + 1] as string, shown);
    else fail(`flag needs an argument: --${name}`);
    return equals < 0 && option.type !== 'boolean' ? at + 2 : at + 1;
  }
  for (let index = 1; index < token.length; index++) {
    const letter = token[index] as string;
    const option = flags.short(letter);
    if (option === undefined) return fail(`unknown shorthand flag: '${letter}' in ${token}`);
    const shown = flagDisplay(option, letter);
    const rest = token.slice(index + 1);
    if (option.type === 'boolean' && !rest.startsWith('=')) {
      push(option, 'true', shown);
      continue;
    }
    if (rest !== '') {
      push(option, rest.replace(/^=/, ''), shown);
      return at + 1;
    }
    if (at + 1 >= tokens.length) return fail(`flag needs an argument: '${letter}' in ${token}`);
    push(option, tokens[at + 1] as string, shown);
    return at + 2;
  }
  return at + 1;
}

const isFlag = (token: string): boolean => token.startsWith('-') && token !== '-' && token !== '--';

/** The part of the command line before the command word: global flags, -h, -v. */
export interface RootReading {
  /** Index of the command word (args.length when there is none). */
  readonly commandIndex: number;
  readonly help: boolean;
  readonly version: boolean;
}

/** Reads the global flags before the command word. */
export function readRoot(args: readonly string[], globals: readonly OptionSpec[], program: string): RootReading {
  const flags = flagTable([...globals, HELP_FLAG, VERSION_FLAG]);
  const reading: Reading = { values: [], positionals: [] };
  const fail: Fail = (problem) => {
    throw usageError(problem, program, undefined);
  };
  let at = 0;
  while (at < args.length && isFlag(args[at] as string)) at = readFlag(args, at, flags, reading, fail);
  if (args[at] === '--') at++;
  const given = (option: OptionSpec): boolean => reading.values.some(([read, value]) => read === option && BOOLEAN_WORDS[value] === true);
  return { commandIndex: at, help: given(HELP_FLAG), version: given(VERSION_FLAG) };
}

/**
 * Reads and checks the whole command line of `command` (its word at root.commandIndex): a help
 * request, or the arguments to hand to yargs. Throws a usage error for anything wrong.
 */
export function readCommand(args: readonly string[], root: RootReading, command: CommandSpec, globals: readonly OptionSpec[], program: string): CommandLine {
  const fail: Fail = (problem) => {
    throw usageError(problem, program, command);
  };
  const reading: Reading = { values: [], positionals: [] };
  const globalFlags = flagTable([...globals, HELP_FLAG, VERSION_FLAG]);
  for (let at = 0; at < root.commandIndex && isFlag(args[at] as string);) at = readFlag(args, at, globalFlags, reading, fail);
  const commandFlags = flagTable([...command.options, ...globals.filter((option) => !command.options.some((own) => own.name === option.name)), HELP_FLAG], SHADOWING_FLAGS[command.word]);
  const halts = HALTING_COMMANDS.has(command.word);
  for (let at = root.commandIndex + 1; at < args.length;) {
    const token = args[at] as string;
    if (token === '--' || (halts && reading.positionals.length > 0)) {
      reading.positionals.push(...args.slice(token === '--' ? at + 1 : at));
      break;
    }
    if (isFlag(token)) at = readFlag(args, at, commandFlags, reading, fail);
    else {
      reading.positionals.push(token);
      at++;
    }
  }
  if (root.help || reading.values.some(([option]) => option === HELP_FLAG)) return { kind: 'help', command: command.word };
  checkPositionals(command, reading.positionals, program, fail);
  return { kind: 'run', command: command.word, args: canonicalArgs(command.word, reading, halts) };
}

function checkPositionals(command: CommandSpec, words: readonly string[], program: string, fail: Fail): void {
  const { min, max } = command.positionals;
  const path = `"${program} ${command.word}"`;
  if (max === 0 && words.length > 0) fail(`${path} accepts no arguments`);
  if (min === max && words.length !== min) fail(`${path} requires exactly ${min} argument${min === 1 ? '' : 's'}`);
  if (min > 0 && Number.isFinite(max) && min < max && (words.length < min || words.length > max)) fail(`${path} accepts between ${min} and ${max} arg(s), received ${words.length}`);
  if (words.length < min) fail(`${path} requires at least ${min} argument${min === 1 ? '' : 's'}`);
  if (words.length > max) fail(`${path} accepts at most ${max} argument${max === 1 ? '' : 's'}`);
  if (HALTING_COMMANDS.has(command.word)) return;
  const dashed = words.find((word) => word.startsWith('-') && word !== '-');
  if (dashed !== undefined) fail(`invalid argument "${dashed}": ${command.word} takes no argument starting with "-"`);
  if (command.word === 'scale') {
    for (const word of words) {
      const equals = word.indexOf('=');
      if (equals <= 0 || equals === word.length - 1) fail(`invalid scale specifier: ${word}`);
      if (!/^\d+$/.test(word.slice(equals + 1))) fail(`invalid scale specifier: can't parse replica value as int: ${word}`);
    }
  }
}

/** `command --long=value... words` (exec, run: `command --long=value... service -- command words`). */
function canonicalArgs(word: string, reading: Reading, halts: boolean): string[] {
  const last = new Map<OptionSpec, string>();
  const flags: string[] = [];
  for (const [option, value] of reading.values) {
    if (option === VERSION_FLAG) continue;
    if (option.array) flags.push(`--${option.name}=${value}`);
    else last.set(option, value);
  }
  for (const [option, value] of last) {
    flags.push(option.type === 'boolean' ? `--${option.name}=${String(BOOLEAN_WORDS[value] === true)}` : `--${option.name}=${value}`);
  }
  const [first, ...rest] = reading.positionals;
  const words = halts && first !== undefined ? [first, '--', ...rest] : reading.positionals;
  return [word, ...flags, ...words];
}
