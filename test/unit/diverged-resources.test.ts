import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyState, type ObservedState } from '../../src/model/observed.js';
import { divergedNetworks, divergedVolumes } from '../../src/plan/diverged-resources.js';
import { networkConfigHash, volumeConfigHash } from '../../src/plan/resource-args.js';
import { answerQuestions, decideUp, planDecided, planUp } from '../../src/plan/up.js';
import { loadVirtual } from '../helpers/load.js';

const project = loadVirtual({ 'compose.yaml': 'name: p\nservices:\n  app:\n    image: busybox\n    networks: [back]\n    volumes: [data:/data]\nnetworks:\n  back: {}\nvolumes:\n  data: {}\n' });
const services = Object.values(project.services);

function observedWith(networkLabels: Record<string, string>, volumeLabels: Record<string, string>): ObservedState {
  return {
    ...emptyState('p', true),
    networks: new Map([['p_back', { id: 'n1', name: 'p_back', labels: networkLabels }]]),
    volumes: new Map([['p_data', { id: 'p_data', name: 'p_data', labels: volumeLabels }]]),
  };
}

test('resources whose config-hash label matches the model are not diverged', () => {
  const observed = observedWith({ 'com.docker.compose.project': 'p', 'com.docker.compose.config-hash': networkConfigHash(project, 'back') }, { 'com.docker.compose.project': 'p', 'com.docker.compose.config-hash': volumeConfigHash(project, 'data') });
  assert.deepEqual(divergedNetworks(project, observed, services), []);
  assert.deepEqual(divergedVolumes(project, observed, services), []);
});

test('a different hash diverges; no hash label, or another project, never does', () => {
  const stale = { 'com.docker.compose.project': 'p', 'com.docker.compose.config-hash': 'old' };
  assert.deepEqual(divergedNetworks(project, observedWith(stale, {}), services), ['back']);
  assert.deepEqual(divergedVolumes(project, observedWith({}, stale), services), ['data']);
  const unlabelled = { 'com.docker.compose.project': 'p' };
  assert.deepEqual(divergedNetworks(project, observedWith(unlabelled, unlabelled), services), []);
  const foreign = { 'com.docker.compose.project': 'q', 'com.docker.compose.config-hash': 'old' };
  assert.deepEqual(divergedVolumes(project, observedWith(foreign, foreign), services), []);
});

test('a diverged volume without consent is kept, with compose\'s question as the warning', () => {
  const stale = { 'com.docker.compose.project': 'p', 'com.docker.compose.config-hash': 'old' };
  const kept = planUp(project, observedWith({ 'com.docker.compose.project': 'p' }, stale));
  assert.ok(!kept.steps.some((step) => step.kind === 'volume.remove'));
  assert.ok(kept.warnings.some((warning) => warning.startsWith('Volume "p_data" exists but doesn\'t match configuration in compose file. Recreate (data will be lost)? Kept as it is')));
  const recreated = planUp(project, observedWith({ 'com.docker.compose.project': 'p' }, stale), { recreateVolumes: ['data'] });
  assert.deepEqual(recreated.steps.filter((step) => step.resource.type === 'Volume').map((step) => step.argv.slice(0, 2).join(' ')), ['volume rm', 'volume create']);
});

test('the decision asks the engine for what the plan needs: endpoints of a network it recreates; nothing when nothing changed', () => {
  const hashes = (network: string, volume: string) => observedWith({ 'com.docker.compose.project': 'p', 'com.docker.compose.config-hash': network }, { 'com.docker.compose.project': 'p', 'com.docker.compose.config-hash': volume });
  const same = decideUp(project, hashes(networkConfigHash(project, 'back'), volumeConfigHash(project, 'data')));
  assert.deepEqual(same.reads, { mountsOf: [], endpointsOf: [] });
  assert.deepEqual(same.questions, []);
  const changed = decideUp(project, hashes('old', volumeConfigHash(project, 'data')));
  assert.deepEqual(changed.reads.endpointsOf, ['n1'], 'by ID: a duplicated name would be ambiguous');
});

test('refusals and questions are data of the plan; answering yes decides again from the same snapshot, with no new read', () => {
  const seen = observedWith({ 'com.docker.compose.project': 'p', 'com.docker.compose.config-hash': 'old' }, { 'com.docker.compose.project': 'p', 'com.docker.compose.config-hash': 'old' });
  const decision = decideUp(project, seen);
  const observed = { ...seen, endpoints: new Map([['p_back', [{ id: 'c-intruder', name: 'intruder' }]]]) };
  const plan = planDecided(project, observed, decision);
  assert.deepEqual(plan.refusals, ['network p_back must be recreated (its definition changed), but intruder outside the project is attached to it: disconnect it first']);
  assert.deepEqual(plan.questions?.map((question) => question.key), ['data']);
  assert.ok(!plan.steps.some((step) => step.kind === 'volume.remove'), 'unanswered: the volume is kept');
  const agreed = planDecided(project, { ...seen, endpoints: new Map([['p_back', []]]) }, answerQuestions(project, seen, decision, ['data']));
  assert.equal(agreed.refusals, undefined);
  assert.ok(agreed.steps.some((step) => step.kind === 'volume.remove'));
  assert.deepEqual(decideUp(project, seen, { recreateVolumes: 'all' }).recreatedVolumes, ['data'], '-y agrees to all before planning');
});
