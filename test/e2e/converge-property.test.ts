import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeFailure, runProperty } from '../helpers/converge-property.js';

// Convergence property, bounded: seeded random projects (env, ports on 127.0.0.1, named, anonymous,
// bind and tmpfs mounts, networks with aliases, depends_on, replicas, healthchecks, profiles) through
// random edits with `up -d` after each must end equal to a fresh `up -d` of the final file, and one
// more `up -d` must change nothing. BERTH_PROPERTY_SEED=N replays one seed; the long run is
// scripts/converge-property.mjs.
const ROUNDS = 4;
const SEEDS = process.env['BERTH_PROPERTY_SEED'] === undefined ? [101, 202] : [Number(process.env['BERTH_PROPERTY_SEED'])];
/** No new seed starts after this: the run stays bounded on a slow engine. */
const BUDGET_MS = 90_000;

test('random edit sequences converge to what a fresh up of the final file makes, and then up is a no-op', async () => {
  const started = Date.now();
  let ran = 0;
  for (const seed of SEEDS) {
    if (ran > 0 && Date.now() - started > BUDGET_MS) break;
    const outcome = await runProperty(seed, ROUNDS);
    ran++;
    assert.deepEqual(outcome.failures, [], describeFailure(outcome, ROUNDS));
    assert.equal(outcome.edits.length, ROUNDS);
  }
});
