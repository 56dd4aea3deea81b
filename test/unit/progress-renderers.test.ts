import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { Plan, Step } from '../../src/model/plan.js';
import { DockerCommandError } from '../../src/model/errors.js';
import type { StepRunner } from '../../src/engine/executor.js';
import { schedulePlan } from '../../src/engine/scheduler.js';
import { showPlanProgress } from '../../src/ui/progress.js';
import { jsonRenderer } from '../../src/ui/renderers/json.js';
import { plainRenderer } from '../../src/ui/renderers/plain.js';
import type { ProgressRenderer, ResourceOutcome } from '../../src/ui/renderers/renderer.js';
import { progressMode } from '../../src/ui/renderers/select.js';

const step = (id: string, dependsOn: string[] = []): Step =>
  ({ id, kind: 'container.start', resource: { type: 'Container', name: `p-${id}-1` }, cause: 'not running', argv: [], dependsOn, doing: 'Starting', done: 'Started' });
const plan: Plan = { steps: [step('db'), step('web', ['db']), step('cache')], warnings: [] };
const failingDb: StepRunner = {
  run: async (one) => {
    if (one.id === 'db') throw new DockerCommandError(['start', 'p-db-1'], 1, 'boom');
    return undefined;
  },
  holds: async () => true,
};

async function render(renderer: ProgressRenderer): Promise<void> {
  await schedulePlan(plan, failingDb, {
    concurrency: 1,
    signal: new AbortController().signal,
    warn: () => undefined,
    onEvent: showPlanProgress(plan, [{ type: 'Container', name: 'p-old-1' }], renderer),
  });
  await renderer.end();
}

function captured(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return { stream, text: () => chunks.join('') };
}

test('plain: unchanged resources as Running, then one line per event in docker compose words', async () => {
  const out = captured();
  await render(plainRenderer(out.stream));
  const lines = out.text().split('\n').filter(Boolean);
  assert.equal(lines[0], ' Container p-old-1  Running');
  assert.deepEqual(lines.slice(1).sort(), [
    ' Container p-cache-1  Started',
    ' Container p-cache-1  Starting',
    ' Container p-db-1  Starting',
    ' Container p-web-1  Skipped: a step it waits for failed',
  ]);
});

test('json: one object per event', async () => {
  const out = captured();
  await render(jsonRenderer(out.stream));
  const lines = out.text().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.deepEqual(lines[0], { 'dry-run': false, id: 'Container p-old-1', status: 'Running', text: 'Running' });
  assert.equal(lines.length, 5);
});

test('every resource is finished once, failed with its error or skipped', async () => {
  const finished: Array<[string, ResourceOutcome['state']]> = [];
  const begun: string[][] = [];
  await render({
    begin: ({ unchanged, planned }) => void begun.push([...unchanged], [...planned]),
    update: () => undefined,
    finish: (resource, outcome) => void finished.push([resource, outcome.state]),
    end: async () => undefined,
  });
  assert.deepEqual(begun, [['Container p-old-1'], ['Container p-db-1', 'Container p-web-1', 'Container p-cache-1']]);
  assert.deepEqual(finished.sort(), [['Container p-cache-1', 'done'], ['Container p-db-1', 'failed'], ['Container p-web-1', 'skipped']]);
});

test('progress modes as docker compose resolves them', () => {
  assert.equal(progressMode('auto', 'auto', true), 'tty');
  assert.equal(progressMode('auto', 'never', true), 'plain');
  assert.equal(progressMode('auto', 'auto', false), 'plain');
  assert.equal(progressMode('json', 'auto', true), 'json');
  assert.equal(progressMode('quiet', 'never', false), 'quiet');
  assert.equal(progressMode('fancy' as 'auto', 'auto', false), 'plain', 'an unknown COMPOSE_PROGRESS is auto');
  assert.throws(() => progressMode('tty', 'never', true), /can't use --progress tty while ANSI support is disabled/);
});
