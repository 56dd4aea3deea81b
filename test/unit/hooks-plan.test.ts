/** Where the planner puts post_start and pre_stop hooks (`docker exec` steps) in each command's plan. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyState, type ObservedContainer, type ObservedState } from '../../src/model/observed.js';
import type { Plan } from '../../src/model/plan.js';
import { serviceConfigHash } from '../../src/plan/hash.js';
import { planLifecycle } from '../../src/plan/lifecycle.js';
import { renderScript } from '../../src/plan/render-script.js';
import { planUp } from '../../src/plan/up.js';
import { loadVirtual } from '../helpers/load.js';

const project = loadVirtual({
  'compose.yaml': `name: demo
services:
  db:
    image: db:1
    post_start: [{command: "warm up", environment: {TOKEN: secret}}]
    pre_stop: [{command: [flush]}, {command: [sync]}]
  web:
    image: web:1
    depends_on: [db]
`,
});
const db = project.services['db'];

function container(state: ObservedContainer['state'], configHash = db === undefined ? '' : serviceConfigHash(db)): ObservedState {
  const observed: ObservedContainer = {
    id: 'db1', name: 'demo-db-1', service: 'db', number: 1, oneoff: false, state, status: '', image: 'db:1', configHash,
    imageId: undefined, createdAt: '', runningFor: '', ports: '', command: '',
  };
  return { ...emptyState('demo', true), containers: [observed], images: new Map([['db:1', 'sha256:db'], ['web:1', 'sha256:web']]) };
}

/** Each step as `kind argv...` (environment values shown as their key), in plan order. */
const lines = (plan: Plan): string[] => plan.steps.map((step) => [step.kind, ...step.argv.map((part) => (typeof part === 'string' ? part : 'env' in part ? part.env : '?'))].join(' '));

test('up: post_start runs after the start, its environment value off argv, before the dependents start', () => {
  const plan = planUp(project, { ...container('running'), containers: [] });
  const steps = lines(plan).filter((line) => !line.startsWith('network'));
  assert.deepEqual(steps.map((line) => line.split(' ').slice(0, 2).join(' ')), ['container.run run', 'container.exec exec', 'container.run run']);
  assert.equal(steps[1], 'container.exec exec -e TOKEN demo-db-1 warm up');
  const hook = plan.steps.find((step) => step.kind === 'container.exec');
  assert.deepEqual(hook?.argv.find((part) => typeof part !== 'string'), { env: 'TOKEN', value: 'secret' });
  const web = plan.steps.find((step) => step.resource.name === 'demo-web-1');
  assert.ok(web?.dependsOn.includes(hook?.id ?? ''), 'web waits for db\'s post_start');
});

test('up: a recreate runs pre_stop hooks in order before the old container stops, post_start after the new one starts', () => {
  const steps = lines(planUp(project, container('running', 'changed'), { services: ['db'], noDeps: true }));
  const at = (prefix: string): number => steps.findIndex((line) => line.startsWith(prefix));
  assert.ok(at('container.exec exec db1 flush') < at('container.exec exec db1 sync'));
  assert.ok(at('container.exec exec db1 sync') < at('container.stop stop db1'));
  assert.ok(at('container.start start demo-db-1') < at('container.exec exec -e TOKEN demo-db-1 warm up'));
});

test('stop, restart and start: pre_stop before a running container stops, post_start after it starts; kill runs none', () => {
  assert.deepEqual(lines(planLifecycle(project, container('running'), 'stop')), ['container.exec exec db1 flush', 'container.exec exec db1 sync', 'container.stop stop db1']);
  assert.deepEqual(lines(planLifecycle(project, container('running'), 'restart')), [
    'container.exec exec db1 flush', 'container.exec exec db1 sync', 'container.restart restart db1', 'container.exec exec -e TOKEN db1 warm up',
  ]);
  assert.deepEqual(lines(planLifecycle(project, container('exited'), 'start')), ['container.start start db1', 'container.exec exec -e TOKEN db1 warm up']);
  assert.deepEqual(lines(planLifecycle(project, container('exited'), 'restart')), ['container.restart restart db1', 'container.exec exec -e TOKEN db1 warm up']);
  assert.deepEqual(lines(planLifecycle(project, container('running'), 'kill')), ['container.kill kill db1']);
});

test('a failing pre_stop fails the command without holding the stop back; a post_start after a repairable start runs only if it started', () => {
  const stop = planLifecycle(project, container('running'), 'stop');
  assert.deepEqual(stop.steps.filter((step) => step.kind === 'container.exec').map((step) => [step.failureDoesNotBlock, step.failsAs]), [
    [true, 'pre_stop[0] hook of service "db"'], [true, 'pre_stop[1] hook of service "db"'],
  ]);
  const created = planUp(project, container('created'), { services: ['db'], noDeps: true });
  const start = created.steps.find((step) => step.repairable !== undefined);
  const hook = created.steps.find((step) => step.kind === 'container.exec' && step.dependsOn.includes(start?.id ?? ''));
  assert.deepEqual(hook?.onlyIf, { succeededStep: start?.id });
  assert.equal(hook?.failsAs, 'post_start[0] hook of service "db"');
  assert.match(renderScript(created, 'up'), /# only if that succeeded\nif \[ "\$\{berth_failed_1:-\}" != 1 \]; then\nTOKEN=secret docker exec -e TOKEN demo-db-1 warm up\nfi/);
  assert.match(renderScript(stop, 'stop'), /docker exec db1 flush \|\| echo 'warning: pre_stop\[0\] hook of service "db" failed; going on' >&2/);
});
