import type { Argv, CommandModule } from 'yargs';
import { withPreparedCommand } from '../../engine/child-env.js';
import { runDockerInteractive } from '../../engine/docker.js';
import type { ArgPart } from '../../model/plan.js';
import { environmentFlags } from '../../plan/flags/environment.js';
import { ExitStatus, UserError } from '../../model/errors.js';
import { checkServices, observeContainers, pickContainer } from '../containers.js';
import { loadWithEnvironment } from '../context.js';
import { toGlobalOptions } from '../global-options.js';

/**
 * `-e KEY=VALUE` flags as docker gets them, values off its argv (see environmentFlags); `-e KEY` takes
 * KEY's value from the project environment (shell and .env) when it has one, else is left out.
 */
export function resolveEnvFlags(values: readonly string[], environment: Readonly<Record<string, string>>, warn: (message: string) => void = () => undefined): ArgPart[] {
  const variables: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    const resolved = at >= 0 ? value.slice(at + 1) : environment[value];
    if (resolved !== undefined) variables[at >= 0 ? value.slice(0, at) : value] = resolved;
  }
  return environmentFlags(variables, 'exec -e', warn);
}

/** SERVICE and COMMAND words (main inserts `--` after the service, so the command's flags stay its own). */
export function commandLine(argv: Record<string, unknown>): string[] {
  const afterDash = ((argv['--'] as unknown[] | undefined) ?? []).map(String);
  const positional = [argv['service'], ...((argv['command'] as unknown[] | undefined) ?? [])].filter((word) => word !== undefined).map(String);
  return [...positional, ...afterDash];
}

export const execCommand: CommandModule = {
  command: 'exec [service] [command..]',
  describe: 'Execute a command in a running container',
  builder: (yargs: Argv) =>
    yargs
      .option('detach', { alias: 'd', type: 'boolean', default: false, description: 'Detached mode: Run command in the background' })
      .option('no-tty', { alias: 'T', type: 'boolean', description: 'Disable pseudo-TTY allocation. By default a TTY is allocated when stdout is a terminal' })
      .option('tty', { alias: 't', type: 'boolean', hidden: true })
      .option('interactive', { alias: 'i', type: 'boolean', default: true, hidden: true })
      .option('user', { alias: 'u', type: 'string', description: 'Run the command as this user' })
      .option('workdir', { alias: 'w', type: 'string', description: 'Path to workdir directory for this command' })
      .option('env', { alias: 'e', type: 'string', array: true, nargs: 1, default: [] as string[], description: 'Set environment variables' })
      .option('index', { type: 'number', description: 'Index of the container if service has multiple replicas' })
      .option('privileged', { type: 'boolean', default: false, description: 'Give extended privileges to the process' }),
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const { project, environment } = loadWithEnvironment(options);
    // Flags stop at the service name: everything after it is the command, flags included.
    const [service, ...command] = commandLine(argv);
    if (service === undefined || command.length === 0) throw new UserError('exec requires at least 2 arguments: SERVICE COMMAND');
    checkServices(project, [service]);
    const container = pickContainer(await observeContainers(project), service, argv['index'] as number | undefined);
    const detach = argv['detach'] === true;
    const tty = argv['noTty'] === true ? false : argv['tty'] === true || process.stdout.isTTY === true;
    const args: ArgPart[] = ['exec'];
    if (detach) args.push('-d');
    else if (argv['interactive'] !== false) args.push('-i');
    if (tty && !detach) args.push('-t');
    if (argv['user'] !== undefined) args.push('-u', String(argv['user']));
    if (argv['workdir'] !== undefined) args.push('-w', String(argv['workdir']));
    if (argv['privileged'] === true) args.push('--privileged');
    args.push(...resolveEnvFlags(argv['env'] as string[], environment, (message) => process.stderr.write(`${message}\n`)));
    args.push(container.name, ...command);
    const code = await withPreparedCommand(args, () => undefined, ({ argv: words, env }) => runDockerInteractive(words, { env }));
    if (code !== 0) throw new ExitStatus(code);
  },
};
