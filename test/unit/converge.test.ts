import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyState, type ObservedContainer, type ObservedState } from '../../src/model/observed.js';
import { serviceConfigHash } from '../../src/plan/hash.js';
import { planLifecycle } from '../../src/plan/lifecycle.js';
import { inheritedVolumes, withInheritedVolumes } from '../../src/plan/inherit-volumes.js';
import { containersToInspect, planUp } from '../../src/plan/up.js';
import { loadVirtual } from '../helpers/load.js';

const project = loadVirtual({
  'compose.yaml': `name: demo
services:
  db:
    image: db:1
  web:
    build: .
    volumes: ["/cache"]
    depends_on:
      db: { condition: service_healthy, restart: true }
`,
});

function container(service: string, number: number, extra: Partial<ObservedContainer> = {}): ObservedContainer {
  const config = project.services[service];
  return {
    id: `${service}${number}`.padEnd(64, '0'), name: `demo-${service}-${number}`, service, number, oneoff: false, state: 'running', status: 'Up',
    image: '', configHash: config === undefined ? 'x' : serviceConfigHash(config), imageId: 'sha256:old', createdAt: '', runningFor: '', ports: '', command: '',
    ...extra,
  };
}

function state(containers: ObservedContainer[], images: Record<string, string> = { 'db:1': 'sha256:old', 'demo-web': 'sha256:old' }): ObservedState {
  const networks = new Map([['demo_default', { id: 'n1', name: 'demo_default', labels: { 'com.docker.compose.project': 'demo' } }]]);
  return { ...emptyState('demo', true), containers, networks, images: new Map(Object.entries(images)) };
}

const commands = (plan: { steps: readonly { argv: readonly unknown[] }[] }): string[] => plan.steps.map((step) => step.argv.filter((part) => typeof part === 'string').slice(0, 2).join(' '));

test('an up-to-date project plans nothing, not even dependency waits', () => {
  assert.deepEqual(planUp(project, state([container('db', 1), container('web', 1)])).steps, []);
});

test('--build makes the recreate conditional on the image ID; the dependency is untouched', () => {
  const plan = planUp(project, state([container('db', 1), container('web', 1)]), { build: true });
  assert.deepEqual(plan.steps.map((step) => step.kind), ['image.build', 'wait', 'container.create', 'container.stop', 'container.remove', 'container.rename', 'container.start']);
  assert.deepEqual(commands(plan).slice(0, 1), ['build -t']);
  for (const step of plan.steps.filter((candidate) => candidate.kind !== 'image.build' && candidate.kind !== 'wait')) {
    assert.deepEqual(step.onlyIf, { imageIdOf: 'demo-web', imageId: 'sha256:old', when: 'changed' }, step.id);
  }
});

test('a recreated dependency with restart: true recreates its dependent', () => {
  const plan = planUp(project, state([container('db', 1, { configHash: 'stale' }), container('web', 1)]));
  const recreated = plan.steps.filter((step) => step.kind === 'container.rename').map((step) => step.resource.name);
  assert.deepEqual(recreated, ['demo-db-1', 'demo-web-1']);
  assert.ok(plan.steps.some((step) => step.kind === 'wait' && step.wait?.condition === 'healthy'), 'web waits for db to be healthy');
});

test('scale numbering: down removes the highest numbers, up continues from max + 1', () => {
  const existing = [container('db', 1), container('db', 3), container('db', 4)];
  const down = planUp(project, state(existing), { services: ['db'], scale: { db: 2 } });
  assert.deepEqual(down.steps.filter((step) => step.kind === 'container.remove').map((step) => step.resource.name), ['demo-db-4']);
  const up = planUp(project, state(existing), { services: ['db'], scale: { db: 4 } });
  assert.deepEqual(up.steps.filter((step) => step.kind === 'container.run').map((step) => step.resource.name), ['demo-db-5']);
});

const anon = (n: string): string => n.repeat(64).slice(0, 64);

test('a recreate mounts the old anonymous volumes by name unless -V; only recreated containers are inspected', () => {
  const old = container('web', 1, { configHash: 'stale', mounts: [{ type: 'volume', name: anon('a'), source: `/var/lib/docker/volumes/${anon('a')}/_data`, destination: '/cache' }] });
  const observed = state([container('db', 1), old]);
  assert.deepEqual(containersToInspect(project, observed), [old.id]);
  const create = planUp(project, observed).steps.find((step) => step.kind === 'container.create');
  assert.ok(create?.argv.includes(`type=volume,src=${anon('a')},dst=/cache`));
  assert.ok(!create?.argv.some((part, index) => part === '/cache' && create.argv[index - 1] === '-v'));
  const renewed = planUp(project, observed, { renewAnonVolumes: true }).steps.find((step) => step.kind === 'container.create');
  assert.ok(!renewed?.argv.includes(`type=volume,src=${anon('a')},dst=/cache`));
  assert.deepEqual(withInheritedVolumes(['--name', 'x', '-v', '/cache', 'img'], []), ['--name', 'x', '-v', '/cache', 'img']);
});

test('only anonymous volumes still declared anonymous, or image VOLUMEs, are carried over', () => {
  const web = project.services['web']!;
  const mounts = [
    { type: 'volume', name: anon('a'), source: '', destination: '/cache' },
    { type: 'volume', name: anon('b'), source: '', destination: '/removed' },
    { type: 'volume', name: 'demo_data', source: '', destination: '/named' },
    { type: 'bind', name: '', source: '/host', destination: '/bound' },
    { type: 'volume', name: anon('c'), source: '', destination: '/image-volume' },
    { type: 'tmpfs', name: '', source: '', destination: '/tmp' },
  ];
  const old = container('web', 1, { mounts });
  assert.deepEqual(inheritedVolumes(web, old).map((mount) => mount.destination), ['/cache']);
  assert.deepEqual(inheritedVolumes(web, old, ['/image-volume', '/named']).map((mount) => mount.destination), ['/cache', '/image-volume']);
  const bound = { ...web, volumes: [{ type: 'bind' as const, source: '/elsewhere', target: '/image-volume' }] };
  assert.deepEqual(inheritedVolumes(bound, old, ['/image-volume']).map((mount) => mount.destination), [], 'a path the service now binds is not carried over');
});

test('stop goes dependents first, start dependencies first', () => {
  const stopped = state([container('db', 1), container('web', 1)]);
  const stop = planLifecycle(project, stopped, 'stop');
  const stopWeb = stop.steps.find((step) => step.resource.name === 'demo-web-1');
  const stopDb = stop.steps.find((step) => step.resource.name === 'demo-db-1');
  assert.deepEqual(stopDb?.dependsOn, [stopWeb?.id]);
  const start = planLifecycle(project, state([container('db', 1, { state: 'exited' }), container('web', 1, { state: 'exited' })]), 'start');
  const startWeb = start.steps.find((step) => step.kind === 'container.start' && step.resource.name === 'demo-web-1');
  assert.ok(startWeb?.dependsOn.some((id) => id.startsWith('wait:demo-db-1:healthy')), 'web waits for db to be healthy');
});
