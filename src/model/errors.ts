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

/** A docker invocation that failed. */
export class DockerCommandError extends UserError {
  readonly argv: readonly string[];
  readonly dockerExitCode: number;
  readonly stderr: string;
  constructor(argv: readonly string[], exitCode: number, stderr: string) {
    const tail = stderr.trim().split('\n').slice(-5).join('\n');
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
