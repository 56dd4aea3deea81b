import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Step } from '../../src/model/plan.js';
import { createProgressView, stepsByResource } from '../../src/ui/progress-view.js';

const container = { type: 'Container' as const, name: 'p-web-1' };
const step = (id: string, kind: Step['kind'], doing: string, done: string, dependsOn: string[] = []): Step =>
  ({ id, kind, resource: container, cause: 'config changed', argv: [], dependsOn, doing, done });

// A recreate as the planner makes it: create under a temporary name, stop and remove the old, rename, start.
const recreate = [
  step('create', 'container.create', 'Creating', 'Created'),
  step('stop', 'container.stop', 'Stopping', 'Stopped', ['create']),
  step('rm', 'container.remove', 'Removing', 'Removed', ['stop']),
  step('rename', 'container.rename', 'Recreate', 'Recreated', ['rm']),
  step('start', 'container.start', 'Starting', 'Started', ['rename']),
];

test('a recreate shows Recreate, Recreated, Starting, Started: no Created, Stopped or Removed of its inner steps', () => {
  const view = createProgressView(recreate);
  const events = recreate.flatMap((one) => [view(one, one.doing), view(one, one.done)]).filter((word) => word !== undefined);
  assert.deepEqual(events, ['Recreate', 'Recreated', 'Starting', 'Started']);
});

test('the repair of an interrupted recreate shows its start: the recreate planned in case the start fails does not swallow it', () => {
  // Old container removed, the new one renamed back, started; a recreate runs only if that start fails.
  const repair = [
    step('rm-old', 'container.remove', 'Removing', 'Removed'),
    step('rename-back', 'container.rename', 'Renaming', 'Renamed', ['rm-old']),
    step('start-created', 'container.start', 'Starting', 'Started', ['rename-back']),
    step('create', 'container.create', 'Creating', 'Created', ['start-created']),
    step('rm', 'container.remove', 'Removing', 'Removed', ['create']),
    step('rename', 'container.rename', 'Recreate', 'Recreated', ['rm']),
    step('start', 'container.start', 'Starting', 'Started', ['rename']),
  ];
  const view = createProgressView(repair);
  const events = repair.slice(0, 3).flatMap((one) => [view(one, one.doing), view(one, one.done)]).filter((word) => word !== undefined);
  assert.deepEqual(events, ['Recreate', 'Renamed', 'Starting', 'Started']);
});

test('a word several steps of one resource report is shown once', () => {
  const view = createProgressView(recreate);
  const skipped = 'Skipped: a step it waits for failed';
  assert.deepEqual(recreate.map((one) => view(one, skipped)), [skipped, undefined, undefined, undefined, undefined]);
  assert.deepEqual(stepsByResource(recreate).map((group) => [group.label, group.steps.length]), [['Container p-web-1', 5]]);
});
