import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ProgressRenderer } from '../../src/ui/renderers/renderer.js';
import { showStackProgress } from '../../src/ui/stack-progress.js';

function recording(): { renderer: ProgressRenderer; events: string[] } {
  const events: string[] = [];
  return {
    events,
    renderer: {
      begin: ({ planned }) => void events.push(`begin ${planned.join(', ')}`),
      update: (resource, word) => void events.push(`${resource}: ${word}`),
      output: () => undefined,
      finish: (resource, outcome) => void events.push(`${resource} ${outcome.state}`),
      end: async () => void events.push('end'),
    },
  };
}

const look = (service: string, running: number, desired: number, updating = false) => ({ service, running, desired, updating, converged: running === desired && !updating });

test('stack progress: one row per service, a word only when its counts change, all done once converged', async () => {
  const { renderer, events } = recording();
  const progress = showStackProgress(renderer, ['s_app', 's_db']);
  progress.look([look('s_app', 0, 2), look('s_db', 1, 1)]);
  progress.look([look('s_app', 0, 2), look('s_db', 1, 1)]);
  progress.look([look('s_app', 1, 2, true), look('s_db', 1, 1)]);
  progress.look([look('s_app', 2, 2), look('s_db', 1, 1)]);
  await progress.converged();
  assert.deepEqual(events, [
    'begin Service s_app, Service s_db',
    'Service s_app: Converging 0/2', 'Service s_db: Converged 1/1',
    'Service s_app: Updating 1/2',
    'Service s_app: Converged 2/2',
    'Service s_app done', 'Service s_db done', 'end',
  ]);
});

test('stack progress: the service that failed the deploy is marked failed, the others skipped', async () => {
  const { renderer, events } = recording();
  const progress = showStackProgress(renderer, ['s_app', 's_db']);
  await progress.fail('s_db', new Error('tasks keep failing'));
  assert.deepEqual(events.slice(1), ['Service s_app skipped', 'Service s_db failed', 'end']);
});
