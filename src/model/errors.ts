/** A position in a source file, 1-based. */
export interface SourcePosition {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
}

/** An error caused by the user's input or command line: printed without a stack trace, exit 1. */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, options?: { exitCode?: number; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.exitCode = options?.exitCode ?? 1;
  }
}

/** A problem in the Compose model, located at a key path and, where known, a file position. */
export class ConfigError extends UserError {
  readonly keyPath: string | undefined;
  readonly position: SourcePosition | undefined;
  readonly detail: string;
  constructor(detail: string, options: { keyPath?: string; position?: SourcePosition } = {}) {
    super(formatConfigMessage(detail, options.keyPath, options.position));
    this.name = 'ConfigError';
    this.detail = detail;
    this.keyPath = options.keyPath;
    this.position = options.position;
  }

  /** The same error, placed at a source position. */
  at(position: SourcePosition | undefined): ConfigError {
    if (position === undefined) return this;
    const options: { keyPath?: string; position?: SourcePosition } = { position };
    if (this.keyPath !== undefined) options.keyPath = this.keyPath;
    return new ConfigError(this.detail, options);
  }
}

/** Control characters (a key with a newline...) escaped, so an error stays on one line. */
function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f]/g, (char) => JSON.stringify(char).slice(1, -1));
}

function formatConfigMessage(detail: string, keyPath?: string, position?: SourcePosition): string {
  const where = position === undefined ? '' : `${formatPosition(position)}: `;
  const what = keyPath === undefined || keyPath === '' ? '' : `${printable(keyPath)}: `;
  return `${where}${what}${detail}`;
}

/** `file:line:col`, or as much of it as is known. */
export function formatPosition(position: SourcePosition): string {
  let text = position.file;
  if (position.line !== undefined) text += `:${position.line}`;
  if (position.line !== undefined && position.column !== undefined) text += `:${position.column}`;
  return text;
}

/**
 * Lines of the docker CLI's stderr that only repeat or advertise: its usage hints, start's summary, and
 * the `exit status N` that `network rm` and others print after the daemon's message.
 */
const DOCKER_NOISE = [/^Run 'docker .*--help' for more information\.?$/, /^See 'docker .*--help'\.$/, /^Error: failed to start containers: /, /^exit status \d+$/];

/**
 * docker's error text as berth reports it: usage hints and blank lines dropped, the CLI's own `docker: `
 * prefix removed (`Error response from daemon: ...` stays, as docker compose prints it), the last
 * `lines` lines kept (a builder's failure needs a few; anything else is one line).
 */
export function dockerErrorText(stderr: string, lines = 1): string {
  const kept = stderr
    .split('\n')
    .map((line) => line.trim().replace(/^docker: /, ''))
    .filter((line) => line !== '' && !DOCKER_NOISE.some((noise) => noise.test(line)));
  return lines === 1 ? kept.slice(-1).join('') : kept.slice(-lines).join('\n');
}

/** A docker invocation that failed. */
export class DockerCommandError extends UserError {
  readonly argv: readonly string[];
  readonly dockerExitCode: number;
  readonly stderr: string;
  constructor(argv: readonly string[], exitCode: number, stderr: string) {
    const tail = dockerErrorText(stderr, argv[0] === 'build' || argv[0] === 'buildx' ? 5 : 1);
    super(tail === '' ? `docker ${argv[0] ?? ''} exited with code ${exitCode}` : tail);
    this.name = 'DockerCommandError';
    this.argv = argv;
    this.dockerExitCode = exitCode;
    this.stderr = stderr;
  }
}

/** Ends the command with an exit code and no further message (e.g. 130 after Ctrl-C). */
export class ExitStatus extends Error {
  constructor(readonly exitCode: number) {
    super(`exit status ${exitCode}`);
    this.name = 'ExitStatus';
  }
}
