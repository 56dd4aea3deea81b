import yargs, { type Argv } from 'yargs';
import { ConfigError, DockerCommandError, ExitStatus, UserError } from '../model/errors.js';
import { loadCommands } from './commands/index.js';
import { commandIndex, insertEndOfOptions, resolveShadowedFlags } from './end-of-options.js';
import { addGlobalOptions } from './global-options.js';
import { commandName, pluginArgs } from './plugin.js';
import { completionHook, fishCompletionScript, inertCommand, isCompleting } from './completion.js';
import { stdinFileArgs } from './stdin-file-arg.js';

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
 * it; berth's failures print their own message (see .fail below), and the rendering measured ~20 ms of
 * a no-op `up`. `--help` still renders on demand.
 */
function skipHelpPrerender(parser: Argv): void {
  const internals = (parser as unknown as { getInternalMethods?: () => { getUsageInstance: () => { cacheHelpMessage: () => void } } }).getInternalMethods?.();
  if (internals !== undefined) internals.getUsageInstance().cacheHelpMessage = () => undefined;
}

/** Runs the berth command line and resolves to the process exit code. */
export async function main(rawArgs: readonly string[]): Promise<number> {
  const plugin = pluginArgs(rawArgs);
  if ('metadata' in plugin) {
    process.stdout.write(plugin.metadata);
    return 0;
  }
  const args = selectCompletionShell(plugin.args);
  if (args[0] === 'completion' && args[1] === 'fish') {
    process.stdout.write(fishCompletionScript());
    return 0;
  }
  let failure: unknown;
  const commands = await loadCommands(args[commandIndex(args)]);
  const parser = addGlobalOptions(yargs(resolveShadowedFlags(insertEndOfOptions(stdinFileArgs(args)))))
    .scriptName(commandName())
    .usage(`Usage: ${commandName()} [OPTIONS] COMMAND\n\nDefine and run multi-container applications with Docker, over the docker CLI.`)
    .parserConfiguration({ 'boolean-negation': false, 'populate--': true })
    .command(isCompleting(args) ? commands.map(inertCommand) : [...commands])
    .completion('completion', 'Output a shell completion script (berth completion bash|zsh|fish)', completionHook(args))
    .demandCommand(1, `a command is required (see ${commandName()} --help)`)
    .strict()
    .help()
    .alias('help', 'h')
    .version(false)
    .wrap(Math.min(120, process.stdout.columns ?? 100))
    .fail((message, error) => {
      failure = error ?? new UserError(message ?? 'invalid command line');
    })
    .exitProcess(false);
  skipHelpPrerender(parser);
  try {
    await parser.parseAsync();
  } catch (error) {
    failure ??= error;
  }
  // --progress json makes errors JSON too, as in docker compose.
  const progressFlag = args.find((word, index) => word.startsWith('--progress=') || args[index - 1] === '--progress');
  const jsonErrors = (progressFlag?.replace('--progress=', '') ?? process.env['COMPOSE_PROGRESS']) === 'json';
  // Completing, yargs goes on to parse the half-typed command line: its complaints are no answer.
  return failure === undefined || isCompleting(args) ? 0 : reportError(failure, jsonErrors);
}
