import type { CommandModule } from 'yargs';
import { loadProject } from '../config/load.js';
import type { Project } from '../model/project.js';
import { PROGRESS_SETTINGS } from '../ui/renderers/renderer.js';
import { toGlobalOptions } from './global-options.js';
import { readLoadInput } from './read-inputs.js';

/**
 * Shell completion (`berth completion bash|zsh|fish`): yargs completes commands, flags and flag
 * values with choices; this adds what docker compose's completion knows of the project: service
 * names (from the compose files in the current directory, or -f / -p / --project-directory),
 * profile names (--profile), and project names from the engine (-p, as `ls -a` lists them).
 */

/** Commands whose positional arguments are service names, and how many of them (Infinity: a list). */
const SERVICE_ARGUMENTS: Readonly<Record<string, number>> = {
  build: Infinity, create: Infinity, down: Infinity, events: Infinity, images: Infinity, kill: Infinity, logs: Infinity,
  pause: Infinity, ps: Infinity, pull: Infinity, push: Infinity, restart: Infinity, rm: Infinity, start: Infinity,
  stop: Infinity, top: Infinity, unpause: Infinity, up: Infinity, wait: Infinity, exec: 1, run: 1, port: 1, scale: Infinity,
  attach: 1, commit: 1, export: 1, stats: 1, volumes: Infinity,
};
/** Values of the flags that take one of a few words (`--format` depends on the command). */
const FLAG_CHOICES: Readonly<Record<string, readonly string[]>> = {
  '--ansi': ['never', 'always', 'auto'],
  '--progress': PROGRESS_SETTINGS,
  '--pull': ['always', 'missing', 'never', 'build'],
  '--rmi': ['local', 'all'],
  '--status': ['paused', 'restarting', 'removing', 'running', 'dead', 'created', 'exited'],
};
const FORMAT_CHOICES: Readonly<Record<string, readonly string[]>> = {
  config: ['yaml', 'json'], images: ['table', 'json'], ls: ['table', 'json'], ps: ['table', 'json'], volumes: ['table', 'json'], stats: ['table', 'json'], version: ['pretty', 'json'],
};
/** Flags whose value is a service name. */
const SERVICE_FLAGS = new Set(['--attach', '--no-attach', '--exit-code-from']);
/** Flags whose value is a path: left to the shell's file completion. */
const PATH_FLAGS = new Set(['-f', '--file', '--env-file', '--project-directory']);
/** Flags that take a value (global ones and the commands' own): their value is no positional argument. */
const VALUE_FLAGS = new Set([...PATH_FLAGS, ...SERVICE_FLAGS, '-p', '--project-name', '--profile', '--ansi', '--progress', '--parallel',
  '--scale', '--pull', '-t', '--timeout', '--wait-timeout', '--format', '--filter', '--status', '-e', '--env', '-u', '--user', '-w', '--workdir',
  '--index', '--signal', '-s', '--since', '--until', '-n', '--tail', '--entrypoint', '--name', '-l', '--label', '-v', '--volume', '--dir', '--rmi']);

/** The project in the completion's context, or undefined when it cannot be loaded (no file, an error). */
function loadQuietly(argv: Record<string, unknown>): Project | undefined {
  try {
    const options = toGlobalOptions(argv);
    const write = process.stderr.write;
    process.stderr.write = () => true;
    try {
      return loadProject(readLoadInput(options)).project;
    } finally {
      process.stderr.write = write;
    }
  } catch {
    return undefined;
  }
}

function serviceNames(project: Project | undefined): string[] {
  return project === undefined ? [] : [...Object.keys(project.services), ...Object.keys(project.disabledServices)].sort();
}

function profileNames(project: Project | undefined): string[] {
  if (project === undefined) return [];
  const services = [...Object.values(project.services), ...Object.values(project.disabledServices)];
  return [...new Set(services.flatMap((service) => service.profiles ?? []))].sort();
}

async function projectNames(): Promise<string[]> {
  try {
    const { listProjects } = await import('./commands/ls.js');
    return (await listProjects(true)).map((project) => project.Name);
  } catch {
    return [];
  }
}

/**
 * The candidates for the last of `words` (the command line after the program name), or undefined to
 * let yargs answer (commands, flags, choices). An empty list leaves it to the shell (file names).
 */
export async function projectCompletions(words: readonly string[], argv: Record<string, unknown>): Promise<string[] | undefined> {
  const current = words[words.length - 1] ?? '';
  const previous = words[words.length - 2];
  const matching = (names: readonly string[]): string[] => names.filter((name) => name.startsWith(current));
  if (previous !== undefined && PATH_FLAGS.has(previous)) return [];
  if (previous === '--profile') return matching(profileNames(loadQuietly(argv)));
  if (previous === '-p' || previous === '--project-name') return matching(await projectNames());
  if (previous !== undefined && SERVICE_FLAGS.has(previous)) return matching(serviceNames(loadQuietly(argv)));
  if (current.startsWith('-')) return undefined;
  // Positional words before the current one: the command, then its arguments.
  const positionals = words.slice(0, -1).filter((word, index, all) => !word.startsWith('-') && !VALUE_FLAGS.has(all[index - 1] ?? ''));
  const [command, ...given] = positionals;
  if (previous === '--format') return matching(FORMAT_CHOICES[command ?? ''] ?? []);
  if (previous !== undefined && previous in FLAG_CHOICES) return matching(FLAG_CHOICES[previous] ?? []);
  if (previous !== undefined && VALUE_FLAGS.has(previous)) return [];
  const allowed = command === undefined ? undefined : SERVICE_ARGUMENTS[command];
  if (allowed === undefined || given.length >= allowed) return command === undefined ? undefined : [];
  const services = serviceNames(loadQuietly(argv)).filter((name) => !given.includes(name));
  return matching(command === 'scale' ? services.map((name) => `${name}=`) : services);
}

type Done = (completions: string[]) => void;

/** yargs' completion hook: `args` is berth's command line (`--get-yargs-completions berth ...words`). */
export function completionHook(args: readonly string[]) {
  const words = args.slice(args.indexOf('--get-yargs-completions') + 2);
  return (_current: string, argv: Record<string, unknown>, defaultCompletion: () => void, done: Done): void => {
    projectCompletions(words, argv).then(
      (candidates) => (candidates === undefined ? defaultCompletion() : done(candidates)),
      () => done([]),
    );
  };
}

/** fish: yargs' template would pass fish the wrong words; this one passes the words before the cursor and the current one. */
export function fishCompletionScript(name = 'berth'): string {
  return `# fish completion for ${name}: ${name} completion fish > ~/.config/fish/completions/${name}.fish
function __${name}_complete
    set -l tokens (commandline -opc) (commandline -ct)
    switch "$tokens[-2]"
        case -f --file --env-file --project-directory
            __fish_complete_path (commandline -ct)
            return
    end
    ${name} --get-yargs-completions $tokens
end
complete -c ${name} -f -a '(__${name}_complete)'
`;
}

/** Whether this run only answers the shell's completion request. */
export function isCompleting(args: readonly string[]): boolean {
  return args.includes('--get-yargs-completions');
}

/**
 * A command that parses as `command` does but never runs: while completing, yargs may parse the
 * command line as far as a command word, and nothing of the half-typed command may run.
 */
export function inertCommand(command: CommandModule): CommandModule {
  return { ...command, handler: () => undefined };
}
