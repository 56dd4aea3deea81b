import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyState, type ObservedContainer, type ObservedResource, type ObservedState } from '../../src/model/observed.js';
import { leftAfterDown, planDown } from '../../src/plan/down.js';
import { serviceConfigHash } from '../../src/plan/hash.js';
import { planNetworkRepair, planInSequence } from '../../src/plan/network-repair.js';
import { planUp } from '../../src/plan/up.js';
import { loadVirtual } from '../helpers/load.js';

const project = loadVirtual({ 'compose.yaml': 'name: demo\nservices:\n  a:\n    image: a:1\n  b:\n    image: b:1\n  c:\n    image: c:1\n' });
const labels = { 'com.docker.compose.project': 'demo', 'com.docker.compose.network': 'default' };
const network = (id: string): ObservedResource => ({ id, name: 'demo_default', labels });

function container(service: string): ObservedContainer {
  return {
    id: `${service}`.padEnd(64, '0'), name: `demo-${service}-1`, service, number: 1, oneoff: false, state: 'running', status: 'Up', image: `${service}:1`,
    configHash: serviceConfigHash(project.services[service]!), imageId: 'sha256:x', createdAt: '', runningFor: '', ports: '', command: '', networks: ['demo_default'],
  };
}

function twoNetworks(): ObservedState {
  const shared = { ...network('n1'), duplicates: [network('n2'), network('n3')] };
  return { ...emptyState('demo', true), containers: ['a', 'b', 'c'].map(container), networks: new Map([['demo_default', shared]]), images: new Map([['a:1', 'sha256:x'], ['b:1', 'sha256:x'], ['c:1', 'sha256:x']]) };
}

const args = (plan: { steps: readonly { argv: readonly unknown[] }[] }): string[] => plan.steps.map((step) => step.argv.join(' '));

test('duplicate networks: the one most containers use stays; the others lose their users and go, by ID', () => {
  const observed = twoNetworks();
  const [a, b, c] = observed.containers.map((one) => one.id);
  const attachments = new Map([[a!, new Map([['demo_default', 'n2']])], [b!, new Map([['demo_default', 'n2']])], [c!, new Map([['demo_default', 'n1']])]]);
  const { plan, after } = planNetworkRepair(project, observed, attachments);
  assert.deepEqual(args(plan), [`network disconnect -f n1 ${c}`, 'network rm n1', 'network rm n3']);
  assert.equal(after.networks.get('demo_default')?.id, 'n2');
  assert.equal(after.networks.get('demo_default')?.duplicates, undefined);
  assert.deepEqual(after.containers.map((one) => one.networks), [['demo_default'], ['demo_default'], []]);
  // `up` then recreates only the detached container, after the repair.
  const up = planInSequence(plan, planUp(project, after));
  const recreated = new Set(up.steps.filter((step) => step.kind === 'container.create').map((step) => step.service));
  assert.deepEqual([...recreated], ['c']);
  const repairIds = plan.steps.map((step) => step.id);
  const rest = up.steps.slice(plan.steps.length);
  const roots = rest.filter((step) => !step.dependsOn.some((id) => rest.some((other) => other.id === id)));
  assert.ok(roots.length > 0);
  for (const root of roots) assert.deepEqual(root.dependsOn, repairIds);
});

test('no duplicates: no repair, the state unchanged', () => {
  const observed = { ...twoNetworks(), networks: new Map([['demo_default', network('n1')]]) };
  const { plan, after } = planNetworkRepair(project, observed, new Map());
  assert.deepEqual(plan.steps, []);
  assert.equal(after.networks.get('demo_default')?.id, 'n1');
});

test('down removes every network of the name, by ID; what is still there afterwards is named', () => {
  const observed = twoNetworks();
  const plan = planDown(project, observed);
  assert.deepEqual(args(plan).filter((line) => line.startsWith('network')), ['network rm n1', 'network rm n2', 'network rm n3']);
  assert.ok(args(plan).includes(`rm -f ${observed.containers[0]?.id}`));
  assert.deepEqual(leftAfterDown(plan, emptyState('demo', true)), []);
  const leftover = { ...emptyState('demo', true), containers: [observed.containers[1]!], networks: new Map([['demo_default', network('n3')]]) };
  assert.deepEqual(leftAfterDown(plan, leftover), ['Container demo-b-1', 'Network demo_default']);
});
