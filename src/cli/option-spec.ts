import type { Argv, CommandModule, Options } from 'yargs';

/** One flag of a command (or a global one), as its yargs builder declares it. */
export interface OptionSpec {
  /** The long name, `timeout`. */
  readonly name: string;
  /** Other long names, `volume` for `--volumes`. */
  readonly longAliases: readonly string[];
  /** The one-letter name, `t`, if any. */
  readonly short: string | undefined;
  readonly type: 'boolean' | 'string' | 'integer';
  /** Repeatable: every value is kept (otherwise the last one wins, as in pflag). */
  readonly array: boolean;
  readonly choices: readonly string[] | undefined;
  readonly description: string;
  readonly hidden: boolean;
}

/**
 * Runs a yargs builder against a stand-in that records its `.option()` calls (every other call is
 * accepted and ignored): the flags of a command, without building a yargs instance for it.
 */
export function recordOptions(build: (yargs: Argv) => unknown): OptionSpec[] {
  const options: OptionSpec[] = [];
  const recorder: Argv = new Proxy({} as Argv, {
    get: (_target, method) => (...args: unknown[]) => {
      if (method === 'option' || method === 'options') {
        const [first, second] = args;
        const entries = typeof first === 'string' ? [[first, second]] : Object.entries(first as Record<string, unknown>);
        for (const [name, config] of entries) options.push(toSpec(name as string, (config ?? {}) as Options));
      }
      return recorder;
    },
  });
  build(recorder);
  return options;
}

function toSpec(name: string, config: Options): OptionSpec {
  const aliases = config.alias === undefined ? [] : Array.isArray(config.alias) ? config.alias : [config.alias];
  const choices = config.choices === undefined ? undefined : (Array.isArray(config.choices) ? config.choices : [config.choices]).map(String);
  return {
    name,
    longAliases: aliases.filter((alias) => alias.length > 1),
    short: aliases.find((alias) => alias.length === 1),
    type: config.type === 'boolean' ? 'boolean' : config.type === 'number' ? 'integer' : 'string',
    array: config.array === true,
    choices,
    description: config.description ?? config.describe ?? config.desc ?? '',
    hidden: config.hidden === true,
  };
}

/** A command's positional arguments: the usage words and how many it takes. */
export interface PositionalSpec {
  readonly usage: string;
  readonly min: number;
  readonly max: number;
}

/**
 * From the yargs command string: `port <service> <private_port>` takes exactly 2, `down [services..]`
 * any number, `ls` none. `exec` and `run` read their words themselves (flags stop at the service).
 */
export function positionalSpec(command: CommandModule): PositionalSpec {
  const word = commandWord(command);
  const special = SPECIAL_POSITIONALS[word];
  if (special !== undefined) return special;
  const words = String(command.command).split(/\s+/).slice(1);
  const usage = words.map((part) => part.replace(/[<>]/g, '').replace('..', '...').toUpperCase()).join(' ');
  const required = words.filter((part) => part.startsWith('<')).length;
  const variadic = words.some((part) => part.includes('..'));
  return { usage, min: required, max: variadic ? Number.POSITIVE_INFINITY : words.length };
}

const SPECIAL_POSITIONALS: Readonly<Record<string, PositionalSpec>> = {
  exec: { usage: 'SERVICE COMMAND [ARGS...]', min: 2, max: Number.POSITIVE_INFINITY },
  run: { usage: 'SERVICE [COMMAND] [ARGS...]', min: 1, max: Number.POSITIVE_INFINITY },
  scale: { usage: 'SERVICE=REPLICAS...', min: 1, max: Number.POSITIVE_INFINITY },
};

/** `down` for `down [services..]`. */
export function commandWord(command: CommandModule): string {
  return String(command.command).split(/\s+/)[0] ?? '';
}

/** A command module's word, description, flags and positional arguments. */
export function commandSpec(command: CommandModule): CommandSpec {
  const builder = command.builder;
  return {
    word: commandWord(command),
    describe: String(command.describe ?? ''),
    options: recordOptions((recorder) => (typeof builder === 'function' ? builder(recorder) : recorder.options(builder ?? {}))),
    positionals: positionalSpec(command),
  };
}

/** A command as the reader needs it: its word, flags and positional arguments. */
export interface CommandSpec {
  readonly word: string;
  readonly describe: string;
  readonly options: readonly OptionSpec[];
  readonly positionals: PositionalSpec;
}
