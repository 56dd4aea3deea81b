import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composeYaml, edit, enabled, random, randomModel } from '../helpers/converge-model.js';
import { loadVirtual } from '../helpers/load.js';

// The convergence property's generator only makes valid projects (so an e2e failure is berth's, not the
// generator's), and the same seed always gives the same edits.
test('every random project and edit of the convergence property loads, with the expected services enabled', () => {
  for (let seed = 1; seed <= 150; seed++) {
    const rng = random(seed);
    const model = randomModel(rng);
    for (let round = 0; round <= 15; round++) {
      if (round > 0) edit(rng, model);
      const project = loadVirtual({ 'compose.yaml': composeYaml(model) }, { profiles: ['on'] });
      assert.deepEqual(Object.keys(project.services).sort(), enabled(model), `seed ${seed} round ${round}`);
    }
  }
});

test('a seed replays the same edits', () => {
  const run = (seed: number): string[] => {
    const rng = random(seed);
    const model = randomModel(rng);
    return [composeYaml(model), ...Array.from({ length: 10 }, () => edit(rng, model))];
  };
  assert.deepEqual(run(7), run(7));
  assert.notDeepEqual(run(7), run(8));
});
