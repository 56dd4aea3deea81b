import { execa, type ResultPromise } from 'execa';
import { DockerCommandError } from '../model/errors.js';

/** The docker binary: `DOCKER_BIN` (tests swap in a fake), else `docker` on PATH. */
export function dockerBinary(): string {
  return process.env['DOCKER_BIN'] ?? 'docker';
}

export interface DockerResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface DockerOptions {
  readonly input?: string;
  readonly signal?: AbortSignal;
  /** Variables to remove from docker's environment (bare `-e KEY` must not pick up berth's own). */
  readonly unsetEnv?: readonly string[];
}

function environmentFor(options: DockerOptions): { env?: NodeJS.ProcessEnv; extendEnv?: boolean } {
  if (options.unsetEnv === undefined || options.unsetEnv.length === 0) return {};
  const env = { ...process.env };
  for (const key of options.unsetEnv) delete env[key];
  return { env, extendEnv: false };
}

/** Runs `docker <argv>` (never through a shell) and captures its output. */
export async function runDocker(argv: readonly string[], options: DockerOptions = {}): Promise<DockerResult> {
  const result = await execa(dockerBinary(), argv, {
    reject: false,
    stripFinalNewline: false,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
    ...(options.signal === undefined ? {} : { cancelSignal: options.signal }),
    ...environmentFor(options),
  });
  return { exitCode: result.exitCode ?? 1, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
}

/** Runs `docker <argv>` and returns stdout; a non-zero exit throws DockerCommandError. */
export async function dockerOutput(argv: readonly string[], options: DockerOptions = {}): Promise<string> {
  const result = await runDocker(argv, options);
  if (result.exitCode !== 0) throw new DockerCommandError(argv, result.exitCode, result.stderr);
  return result.stdout;
}

/** Runs `docker <argv>` with inherited stdio (exec, run -it, attach) and resolves to its exit code. */
export async function runDockerInteractive(argv: readonly string[], options: DockerOptions = {}): Promise<number> {
  const result = await execa(dockerBinary(), argv, { stdio: 'inherit', reject: false, ...environmentFor(options) });
  return result.exitCode ?? (result.signal === undefined ? 1 : 128 + signalNumber(result.signal));
}

function signalNumber(signal: string): number {
  return ({ SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 } as Record<string, number>)[signal] ?? 1;
}

/** Starts `docker <argv>` with piped output, for streaming (logs -f). */
export function spawnDockerStream(argv: readonly string[], signal?: AbortSignal): ResultPromise<{ buffer: false; stdin: 'ignore' }> {
  return execa(dockerBinary(), argv, { buffer: false, stdin: 'ignore', reject: false, ...(signal === undefined ? {} : { cancelSignal: signal }) }) as ResultPromise<{ buffer: false; stdin: 'ignore' }>;
}
