import { execa, type Result } from 'execa';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const berthBin = path.join(repoRoot, 'bin', 'berth.cjs');
export const fixturesDir = path.join(repoRoot, 'fixtures');

export interface BerthRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built berth CLI (bin/berth.cjs) and captures its output; never throws on a non-zero exit. */
export async function berth(args: readonly string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<BerthRun> {
  // `node -- script`: Node 20 would otherwise take an `--env-file PATH` among berth's arguments as its own.
  const result: Result = await execa(process.execPath, ['--', berthBin, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { NO_COLOR: '1', ...options.env },
    reject: false,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
  });
  return { exitCode: result.exitCode ?? 1, stdout: String(result.stdout), stderr: String(result.stderr) };
}
