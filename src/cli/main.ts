import yargs from 'yargs';
import { ConfigError, DockerCommandError, ExitStatus, UserError } from '../model/errors.js';
import { configCommand } from './commands/config.js';
import { downCommand } from './commands/down.js';
import { psCommand } from './commands/ps.js';
import { upCommand } from './commands/up.js';
import { versionCommand } from './commands/version.js';
import { addGlobalOptions } from './global-options.js';

/** Maps an error to its message and exit code: user errors without a stack, bugs with one. */
export function reportError(error: unknown): number {
  if (error instanceof ExitStatus) return error.exitCode;
  if (error instanceof ConfigError || error instanceof DockerCommandError || error instanceof UserError) {
    process.stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
  const stack = error instanceof Error ? error.stack ?? error.message : String(error);
  process.stderr.write(`berth: internal error (please report it):\n${stack}\n`);
  return 1;
}

/** Runs the berth command line and resolves to the process exit code. */
export async function main(args: readonly string[]): Promise<number> {
  let failure: unknown;
  const parser = addGlobalOptions(yargs([...args]))
    .scriptName('berth')
    .usage('Usage: berth [OPTIONS] COMMAND\n\nDefine and run multi-container applications with Docker, over the docker CLI.')
    .parserConfiguration({ 'boolean-negation': false })
    .command(upCommand)
    .command(downCommand)
    .command(psCommand)
    .command(configCommand)
    .command(versionCommand)
    .demandCommand(1, 'a command is required (see berth --help)')
    .strict()
    .help()
    .alias('help', 'h')
    .version(false)
    .wrap(Math.min(120, process.stdout.columns ?? 100))
    .fail((message, error) => {
      failure = error ?? new UserError(message ?? 'invalid command line');
    })
    .exitProcess(false);
  try {
    await parser.parseAsync();
  } catch (error) {
    failure ??= error;
  }
  return failure === undefined ? 0 : reportError(failure);
}
