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

/**
 * Runs a malformed case directory through the real CLI, `config` and `up --dry-run` alike: exit 1,
 * nothing on stdout, and exactly the stored `stderr` (`$DIR` for the case directory).
 * `UPDATE_GOLDEN=1` rewrites the stored message; review it.
 */
export async function assertMalformedCase(dir: string): Promise<void> {
  const expectedFile = path.join(dir, 'stderr');
  const runs = await Promise.all([
    berth([...argsOf(dir), 'config'], { cwd: dir, env: environmentOf(dir) }),
    berth([...argsOf(dir), 'up', '--dry-run'], { cwd: dir, env: environmentOf(dir) }),
  ]);
  const [config, dryRun] = runs.map((run) => ({ ...run, stderr: run.stderr.split(dir).join('$DIR') })) as [typeof runs[0], typeof runs[0]];
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(expectedFile, config.stderr);
  const expected = readFileSync(expectedFile, 'utf8');
  for (const [command, run] of [['config', config], ['up --dry-run', dryRun]] as const) {
    assert.equal(run.exitCode, 1, `${command}: exit code`);
    assert.equal(run.stderr, expected, `${command}: stderr`);
    assert.equal(run.stdout, '', `${command}: nothing on stdout`);
  }
}
