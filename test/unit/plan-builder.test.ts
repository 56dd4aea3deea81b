import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Step } from '../../src/model/plan.js';
import { emptyState } from '../../src/model/observed.js';
import { PlanBuilder } from '../../src/plan/plan-builder.js';
import { planUp } from '../../src/plan/up.js';
import { loadVirtual } from '../helpers/load.js';

const step = (id: string, dependsOn: string[] = []): Step => ({ id, kind: 'wait', resource: { type: 'Container', name: id }, cause: '', argv: [], dependsOn, doing: '', done: '' });

/** The steps that step `id` waits for, directly or through others. */
function waitsFor(steps: readonly Step[], id: string): Set<string> {
  const byId = new Map(steps.map((item) => [item.id, item]));
  const found = new Set<string>();
  const pending = [...(byId.get(id)?.dependsOn ?? [])];
  while (pending.length > 0) {
    const next = pending.pop() as string;
    if (found.has(next)) continue;
    found.add(next);
    pending.push(...(byId.get(next)?.dependsOn ?? []));
  }
  return found;
}

test('a step after waitForAll waits for the barrier directly, or through a step that does', () => {
  const builder = new PlanBuilder();
  builder.add(step('pull:a'));
  builder.add(step('pull:b'));
  builder.waitForAll(['pull:a', 'pull:b']);
  builder.add(step('network', []));
  builder.add(step('run:a', ['network']));
  builder.add(step('run:b', ['pull:b']));
  const { steps } = builder.build();
  assert.deepEqual(steps.map((item) => [item.id, item.dependsOn]), [
    ['pull:a', []],
    ['pull:b', []],
    ['network', ['pull:a', 'pull:b']],
    ['run:a', ['network']],
    ['run:b', ['pull:a', 'pull:b']],
  ]);
  for (const id of ['network', 'run:a', 'run:b']) assert.ok(waitsFor(steps, id).has('pull:a') && waitsFor(steps, id).has('pull:b'), id);
});

test('10,000 services with images of their own make a plan linear in size, every container behind every pull', () => {
  const services = Array.from({ length: 10_000 }, (_, index) => `  s${index}:\n    image: app-${index}:1\n${index === 0 ? '' : `    depends_on: [s${index - 1}]\n`}`).join('');
  const project = loadVirtual({ 'compose.yaml': `name: big\nservices:\n${services}` });
  const { steps } = planUp(project, emptyState('big', true));
  const links = steps.reduce((sum, item) => sum + item.dependsOn.length, 0);
  assert.ok(links < 4 * steps.length, `${links} dependency links for ${steps.length} steps`);
  const pulls = steps.filter((item) => item.kind === 'image.pull').map((item) => item.id);
  assert.equal(pulls.length, 10_000);
  const waits = waitsFor(steps, 'container:s9999:1:run');
  assert.ok(pulls.every((id) => waits.has(id)), 'the last container waits for every pull');
  assert.ok(waits.has('container:s9998:1:run'), 'and for the container it depends on');
});
