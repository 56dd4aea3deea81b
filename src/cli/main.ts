import yargs, { type Argv, type CommandModule } from 'yargs';
import { ConfigError, DockerCommandError, ExitStatus, UserError } from '../model/errors.js';
import { COMMAND_WORDS, loadCommands } from './commands/index.js';
import { readCommand, readRoot, unknownCommand, type CommandLine, type CommandSpec } from './command-line.js';
import { addGlobalOptions } from './global-options.js';
import { commandHelp, rootHelp } from './help.js';
import { commandSpec, recordOptions, type OptionSpec } from './option-spec.js';
import { commandName, pluginArgs } from './plugin.js';
import { environmentVariable } from '../engine/environment.js';
import { completionHook, fishCompletionScript, inertCommand, isCompleting } from './completion.js';

const DESCRIPTION = 'Define and run multi-container applications with Docker, over the docker CLI.';
const COMPLETION = { word: 'completion', describe: 'Output a shell completion script (berth completion bash|zsh|fish)' };
const HELP = { word: 'help', describe: 'Help about any command' };

/** Maps an error to its message and exit code: user errors without a stack, bugs with one. */
export function reportError(error: unknown, asJson = false): number {
  if (error instanceof ExitStatus) return error.exitCode;
  if (error instanceof ConfigError || error instanceof DockerCommandError || error instanceof UserError) {
    process.stderr.write(asJson ? `${JSON.stringify({ error: true, message: error.message })}\n` : `${error.message}\n`);
    return error.exitCode;
  }
  const stack = error instanceof Error ? error.stack ?? error.message : String(error);
  process.stderr.write(`berth: internal error (please report it):\n${stack}\n`);
  return 1;
}

/** `completion zsh|bash`: yargs picks the script by $SHELL, so set it and drop the word. */
function selectCompletionShell(args: readonly string[]): string[] {
  if (args[0] !== 'completion' || (args[1] !== 'zsh' && args[1] !== 'bash')) return [...args];
  process.env['SHELL'] = `/bin/${args[1]}`;
  delete process.env['ZSH_NAME'];
  return ['completion', ...args.slice(2)];
}

/**
 * yargs renders the whole help text of every command it runs, in case a later failure wants to print
 * it; berth prints its own help and usage errors (src/cli/help.ts, command-line.ts), and the rendering
 * measured ~20 ms of a no-op `up`.
 */
function skipHelpPrerender(parser: Argv): void {
  const internals = (parser as unknown as { getInternalMethods?: () => { getUsageInstance: () => { cacheHelpMessage: () => void } } }).getInternalMethods?.();
  if (internals !== undefined) internals.getUsageInstance().cacheHelpMessage = () => undefined;
}

/**
 * Runs the command's handler through yargs, on a command line already checked (command-line.ts);
 * any failure yargs still finds stops it before the handler.
 */
async function runYargs(args: readonly string[], commands: readonly CommandModule[], program: string): Promise<void> {
  const parser = addGlobalOptions(yargs([...args]))
    .scriptName(program)
    .parserConfiguration({ 'boolean-negation': false, 'populate--': true })
    .command([...commands])
    .completion(COMPLETION.word, COMPLETION.describe, completionHook(args))
    .demandCommand(1)
    .strict()
    .version(false)
    .fail((message, error) => {
      throw error ?? new UserError(message ?? 'invalid command line');
    })
    .exitProcess(false);
  skipHelpPrerender(parser);
  await parser.parseAsync();
}

async function loadSpec(word: string): Promise<{ module: CommandModule; spec: CommandSpec }> {
  const [module] = await loadCommands(word);
  return { module: module as CommandModule, spec: commandSpec(module as CommandModule) };
}

async function printRootHelp(program: string, globals: readonly OptionSpec[]): Promise<void> {
  const commands = (await loadCommands(undefined)).map(commandSpec);
  process.stdout.write(rootHelp(program, DESCRIPTION, [...commands, COMPLETION, HELP], globals));
}

/** `help [COMMAND]`, `--help`, `-h`: the command's help, or berth's. */
async function printHelp(command: string | undefined, program: string, globals: readonly OptionSpec[]): Promise<void> {
  if (command === undefined) return printRootHelp(program, globals);
  if (!COMMAND_WORDS.includes(command)) throw unknownCommand(command, program, [...COMMAND_WORDS, COMPLETION.word, HELP.word]);
  process.stdout.write(commandHelp(program, (await loadSpec(command)).spec, globals));
}

/** Reads the command line in full; nothing runs before it passed. */
async function readCommandLine(args: readonly string[], program: string, globals: readonly OptionSpec[]): Promise<CommandLine & { module?: CommandModule }> {
  const root = readRoot(args, globals, program);
  const word = args[root.commandIndex];
  if (word === undefined) return root.version && !root.help ? { kind: 'version' } : { kind: 'help', command: undefined };
  if (word === HELP.word) return { kind: 'help', command: args[root.commandIndex + 1] };
  if (!COMMAND_WORDS.includes(word)) throw unknownCommand(word, program, [...COMMAND_WORDS, COMPLETION.word, HELP.word]);
  const { module, spec } = await loadSpec(word);
  return { ...readCommand(args, root, spec, globals, program), module };
}

/** Runs the berth command line and resolves to the process exit code. */
export async function main(rawArgs: readonly string[]): Promise<number> {
  const plugin = pluginArgs(rawArgs);
  if ('metadata' in plugin) {
    process.stdout.write(plugin.metadata);
    return 0;
  }
  const program = commandName();
  const args = selectCompletionShell(plugin.args);
  // --progress json makes errors JSON too, as in docker compose.
  const progressFlag = args.find((word, index) => word.startsWith('--progress=') || args[index - 1] === '--progress');
  const jsonErrors = (progressFlag?.replace('--progress=', '') ?? environmentVariable('COMPOSE_PROGRESS')) === 'json';
  try {
    if (args[0] === COMPLETION.word && args[1] === 'fish') {
      process.stdout.write(fishCompletionScript());
      return 0;
    }
    if (isCompleting(args)) {
      // Completing, yargs goes on to parse the half-typed command line: it must run nothing, and its
      // complaints are no answer.
      await runYargs(args, (await loadCommands(undefined)).map(inertCommand), program).catch(() => undefined);
      return 0;
    }
    if (args[0] === COMPLETION.word) {
      await runYargs(args, await loadCommands(undefined), program);
      return 0;
    }
    const globals = recordOptions(addGlobalOptions);
    const line = await readCommandLine(args, program, globals);
    if (line.kind === 'help') await printHelp(line.command, program, globals);
    else if (line.kind === 'version') await runYargs(['version'], await loadCommands('version'), program);
    else await runYargs(line.args, [line.module as CommandModule], program);
    return 0;
  } catch (error) {
    return reportError(error, jsonErrors);
  }
}
