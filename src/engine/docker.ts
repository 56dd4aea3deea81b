import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';
import { DockerCommandError, UserError } from '../model/errors.js';
import { environmentVariable, processEnvironment } from './environment.js';

/** The docker binary: `DOCKER_BIN` (tests swap in a fake), else `docker` on PATH. */
export function dockerBinary(): string {
  return environmentVariable('DOCKER_BIN') ?? 'docker';
}

/** The docker CLI could not be run at all (not on PATH, or DOCKER_BIN names nothing runnable). */
export class DockerNotFoundError extends UserError {
  constructor() {
    const bin = environmentVariable('DOCKER_BIN');
    super(bin === undefined
      ? 'docker: command not found — berth needs the docker CLI on PATH (or set DOCKER_BIN)'
      : `docker: ${bin} (DOCKER_BIN) not found or not executable — point DOCKER_BIN at the docker CLI, or unset it to use docker on PATH`);
    this.name = 'DockerNotFoundError';
  }
}

/** A spawn error that means the binary itself is missing or cannot be executed. */
function isMissingBinary(error: NodeJS.ErrnoException): boolean {
  return error.code === 'ENOENT' || error.code === 'EACCES' || error.code === 'ENOTDIR';
}

export interface DockerResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface DockerOptions {
  /** Standard input: text, or bytes (a tar archive for `docker cp -`). */
  readonly input?: string | Uint8Array;
  readonly signal?: AbortSignal;
  /**
   * Variables set (a string) or removed (null) in docker's environment for this command: the values
   * of bare `-e KEY` / `--build-arg KEY`, kept off the process list.
   */
  readonly env?: Readonly<Record<string, string | null>>;
  /** Each line of stdout and stderr as it arrives (a build's output, shown while it runs); still captured. */
  readonly onLine?: (line: string) => void;
}

/** Calls `onLine` with each complete line of a stream's chunks; `flush` hands over an unterminated last line. */
function lineSplitter(onLine: (line: string) => void): { push: (chunk: Buffer) => void; flush: () => void } {
  let rest = '';
  return {
    push: (chunk) => {
      // A carriage return (docker's progress rewriting its line) ends a line too.
      const lines = (rest + chunk.toString('utf8')).split(/\r\n|\r|\n/);
      rest = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    },
    flush: () => {
      if (rest !== '') onLine(rest);
      rest = '';
    },
  };
}

function environmentFor(options: DockerOptions): { env?: NodeJS.ProcessEnv; extendEnv?: boolean } {
  if (options.env === undefined || Object.keys(options.env).length === 0) return {};
  const env: Record<string, string> = processEnvironment();
  for (const [key, value] of Object.entries(options.env)) {
    if (value === null) delete env[key];
    else env[key] = value;
  }
  return { env, extendEnv: false };
}

/** Commands whose client side can use more than one CPU (a build context sent by buildx's session). */
function isBuild(argv: readonly string[]): boolean {
  return argv[0] === 'build' || argv[0] === 'buildx' || (argv[0] === 'image' && argv[1] === 'build');
}

/**
 * The environment of a captured docker command: with GOMAXPROCS=1 unless the user set GOMAXPROCS
 * (or the command's own variables do). The docker CLI is a Go program that lives ~50 ms; Go's
 * runtime starts a scheduler thread per CPU for it, which here cost it a fifth of its time and CPU
 * (three docker reads at once: 155 ms, 130 ms with one thread each). Builds keep Go's default.
 */
function capturedEnvironment(argv: readonly string[], options: DockerOptions): NodeJS.ProcessEnv | undefined {
  const { env } = environmentFor(options);
  if (isBuild(argv) || environmentVariable('GOMAXPROCS') !== undefined || (options.env !== undefined && 'GOMAXPROCS' in options.env)) return env;
  // environmentFor's env is a copy of its own: set on it, not copied again.
  const withThreads = env ?? processEnvironment();
  withThreads['GOMAXPROCS'] = '1';
  return withThreads;
}

/**
 * Runs `docker <argv>` (never through a shell) and captures its output. Plain node:child_process:
 * these calls are most of what a no-op `up` does, and execa costs ~80 ms to import.
 */
export function runDocker(argv: readonly string[], options: DockerOptions = {}): Promise<DockerResult> {
  return new Promise((resolve, reject) => {
    const env = capturedEnvironment(argv, options);
    const child = spawn(dockerBinary(), [...argv], {
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      // Its own process group: a Ctrl-C at the terminal reaches berth, which lets the command finish.
      detached: true,
      ...(env === undefined ? {} : { env }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const lines = options.onLine === undefined ? undefined : [lineSplitter(options.onLine), lineSplitter(options.onLine)];
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      lines?.[0]?.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr.push(chunk);
      lines?.[1]?.push(chunk);
    });
    if (options.input !== undefined) {
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(options.input);
    }
    let failure = '';
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (isMissingBinary(error) && error.syscall?.startsWith('spawn') === true) reject(new DockerNotFoundError());
      failure = error.message;
    });
    child.on('close', (code) => {
      for (const splitter of lines ?? []) splitter.flush();
      resolve({ exitCode: code ?? 1, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') + failure });
    });
  });
}

/** Runs `docker <argv>` and returns stdout; a non-zero exit throws DockerCommandError. */
export async function dockerOutput(argv: readonly string[], options: DockerOptions = {}): Promise<string> {
  const result = await runDocker(argv, options);
  if (result.exitCode !== 0) throw new DockerCommandError(argv, result.exitCode, result.stderr);
  return result.stdout;
}

/** Runs `docker <argv>` with inherited stdio (exec, run -it, attach) and resolves to its exit code. */
export async function runDockerInteractive(argv: readonly string[], options: DockerOptions = {}): Promise<number> {
  const { execa } = await import('execa');
  const result = await execa(dockerBinary(), argv, { stdio: 'inherit', reject: false, ...environmentFor(options) });
  if (result.failed && result.exitCode === undefined && result.signal === undefined && isMissingBinary(result.cause as NodeJS.ErrnoException)) throw new DockerNotFoundError();
  return result.exitCode ?? (result.signal === undefined ? 1 : 128 + signalNumber(result.signal));
}

function signalNumber(signal: string): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 1;
}

/** A streaming docker process: its output streams, and a promise that settles when it ends (never rejects). */
export interface DockerStream extends Promise<{ exitCode: number }> {
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  readonly process: ChildProcess;
}

/** Starts `docker <argv>` with piped output, for streaming (logs -f, events); the signal ends it. */
export function spawnDockerStream(argv: readonly string[], signal?: AbortSignal): DockerStream {
  const child = spawn(dockerBinary(), [...argv], { stdio: ['ignore', 'pipe', 'pipe'], ...(signal === undefined ? {} : { signal }) });
  const ended = new Promise<{ exitCode: number }>((resolve) => {
    child.on('error', () => undefined);
    child.on('close', (code) => resolve({ exitCode: code ?? 1 }));
  });
  return Object.assign(ended, { stdout: child.stdout, stderr: child.stderr, process: child });
}
