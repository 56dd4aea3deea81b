/**
 * Every case under fixtures/malformed/ must fail through the real CLI, in `berth config`,
 * `berth up --dry-run` and `berth up -d` alike, with exit code 1 and exactly the stored message, and
 * leave the engine exactly as it was (`stderr`, where
 * `$DIR` stands for the case directory). A case may hold `args` (global flags) and `environment`
 * (KEY=VALUE lines for the process). `UPDATE_GOLDEN=1` rewrites the messages; review them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fixturesDir } from '../helpers/berth.js';
import { assertMalformedCase, CHECKED_COMMANDS } from '../helpers/malformed-cases.js';
import { caseDirectories } from '../helpers/seed-fixtures.js';
import { engineSnapshot } from '../helpers/docker.js';

const malformedDir = path.join(fixturesDir, 'malformed');

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
      await assertMalformedCase(path.join(malformedDir, name), [...CHECKED_COMMANDS, ['up', '-d']]);
    });
  }
});
