/**
 * Every case under fixtures/malformed/ must fail through the real CLI, in `berth config`,
 * `berth up --dry-run` and `berth up -d` alike, with exit code 1 and exactly the stored message, and
 * leave the engine exactly as it was (`stderr`, where
 * `$DIR` stands for the case directory). A case may hold `args` (global flags) and `environment`
 * (KEY=VALUE lines for the process). `UPDATE_GOLDEN=1` rewrites the messages; review them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { berth, fixturesDir } from '../helpers/berth.js';
import { caseDirectories } from '../helpers/seed-fixtures.js';
import { engineSnapshot } from '../helpers/docker.js';

const malformedDir = path.join(fixturesDir, 'malformed');

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

describe('malformed compose inputs give a located error and exit 1', { concurrency: 8 }, () => {
  const cases = caseDirectories(malformedDir);
  let snapshot = '';
  before(async () => {
    snapshot = await engineSnapshot();
  });
  // Other test files run one at a time, so nothing but these cases could change the engine meanwhile.
  after(async () => assert.equal(await engineSnapshot(), snapshot, 'a malformed case changed the engine'));
  test('there are at least 150 cases', () => assert.ok(cases.length >= 150, `only ${cases.length} cases`));
  for (const name of cases) {
    test(name, async () => {
      const dir = path.join(malformedDir, name);
      const expectedFile = path.join(dir, 'stderr');
      const runs = await Promise.all([
        berth([...argsOf(dir), 'config'], { cwd: dir, env: environmentOf(dir) }),
        berth([...argsOf(dir), 'up', '--dry-run'], { cwd: dir, env: environmentOf(dir) }),
        berth([...argsOf(dir), 'up', '-d'], { cwd: dir, env: environmentOf(dir) }),
      ]);
      const [config, dryRun, up] = runs.map((run) => ({ ...run, stderr: run.stderr.split(dir).join('$DIR') })) as [typeof runs[0], typeof runs[0], typeof runs[0]];
      if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(expectedFile, config.stderr);
      const expected = readFileSync(expectedFile, 'utf8');
      for (const [command, run] of [['config', config], ['up --dry-run', dryRun], ['up -d', up]] as const) {
        assert.equal(run.exitCode, 1, `${command}: exit code`);
        assert.equal(run.stderr, expected, `${command}: stderr`);
        assert.equal(run.stdout, '', `${command}: nothing on stdout`);
      }
    });
  }
});
