import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir } from '../helpers/berth.js';
import { assertGolden } from '../helpers/golden.js';
import { caseDirectories, configOfFixture } from '../helpers/seed-fixtures.js';

const seedsDir = path.join(fixturesDir, 'seeds');

/** A golden file that must exist exactly when `text` is not empty. */
function assertOptionalGolden(file: string, text: string): void {
  if (text !== '') return assertGolden(file, text);
  if (process.env['UPDATE_GOLDEN'] === '1' && existsSync(file)) unlinkSync(file);
  assert.equal(existsSync(file), false, `${file} should not exist: the output is empty`);
}

for (const name of caseDirectories(seedsDir)) {
  test(`seed config: ${name}`, () => {
    const dir = path.join(seedsDir, name);
    const outcome = configOfFixture(dir, `/seeds/${name}`);
    assertOptionalGolden(path.join(dir, 'config.yaml'), outcome.stdout);
    assertOptionalGolden(path.join(dir, 'config.stderr'), outcome.stderr);
  });
}
