/**
 * bin/berth runs Node with V8 flags, and bin/berth.cjs names the code cache it reads and writes after
 * them (BIN_BERTH_FLAGS): V8 rejects a cache written under other flags, so the two must name the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/berth.js';

test('bin/berth passes Node exactly the flags bin/berth.cjs keys its code cache to', () => {
  const shell = readFileSync(path.join(repoRoot, 'bin', 'berth'), 'utf8');
  const launcher = readFileSync(path.join(repoRoot, 'bin', 'berth.cjs'), 'utf8');
  const exec = /^exec "\$\{BERTH_NODE:-node\}" (.*) -- "\$here\/berth\.cjs" "\$@"$/m.exec(shell);
  const constant = /^const BIN_BERTH_FLAGS = '([^']*)';$/m.exec(launcher);
  assert.ok(exec !== null, 'bin/berth execs Node with its flags before --');
  assert.ok(constant !== null, 'bin/berth.cjs declares BIN_BERTH_FLAGS');
  assert.equal(exec[1], constant[1]);
});
