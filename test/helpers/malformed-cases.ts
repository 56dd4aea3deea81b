import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { berth } from './berth.js';

function argsOf(dir: string): string[] {
  const file = path.join(dir, 'args');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split(/\s+/) : [];
}

/** Process environment of a case (`environment` file, KEY=VALUE lines). */
function environmentOf(dir: string): Record<string, string> {
  const file = path.join(dir, 'environment');
  if (!existsSync(file)) return {};
  return Object.fromEntries(readFileSync(file, 'utf8').trim().split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

/** The commands every malformed case is run with, unless a test names others. */
export const CHECKED_COMMANDS: readonly (readonly string[])[] = [['config'], ['up', '--dry-run']];

/**
 * Runs a malformed case directory through the real CLI, each of `commands` alike: exit 1, nothing on
 * stdout, and exactly the stored `stderr` (`$DIR` for the case directory).
 * `UPDATE_GOLDEN=1` rewrites the stored message (from the first command); review it.
 */
export async function assertMalformedCase(dir: string, commands: readonly (readonly string[])[] = CHECKED_COMMANDS): Promise<void> {
  const expectedFile = path.join(dir, 'stderr');
  const runs = await Promise.all(commands.map((command) => berth([...argsOf(dir), ...command], { cwd: dir, env: environmentOf(dir) })));
  const results = runs.map((run) => ({ ...run, stderr: run.stderr.split(dir).join('$DIR') }));
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(expectedFile, results[0]?.stderr ?? '');
  const expected = readFileSync(expectedFile, 'utf8');
  results.forEach((run, index) => {
    const command = (commands[index] ?? []).join(' ');
    assert.equal(run.exitCode, 1, `${command}: exit code`);
    assert.equal(run.stderr, expected, `${command}: stderr`);
    assert.equal(run.stdout, '', `${command}: nothing on stdout`);
  });
}
