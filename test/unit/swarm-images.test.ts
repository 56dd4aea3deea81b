import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planStackDeploy, type ObservedStack } from '../../src/plan/swarm/deploy.js';
import { deployedImage, namesRegistry, planStackImages } from '../../src/plan/swarm/images.js';
import { StackLabel } from '../../src/plan/swarm/names.js';
import { loadVirtual } from '../helpers/load.js';

const OPTIONS = { prune: false, resolveImage: 'always' as const, withRegistryAuth: false };
const NOTHING: ObservedStack = { services: [], networks: [], secrets: [], configs: [] };
const COMPOSE = `services:
  api:
    build: ./api
    image: registry.example:5000/team/api:2
  worker:
    build: ./worker
    image: team/worker
  cache:
    image: redis
`;

test('stack images: each build: service is built; only an image naming a registry is pushed, after its build; the others warn', () => {
  const plan = planStackImages(loadVirtual({ 'compose.yaml': COMPOSE }));
  assert.deepEqual(plan.steps.map((step) => [step.kind, step.resource.name, step.dependsOn]), [
    ['image.build', 'registry.example:5000/team/api:2', []],
    ['image.build', 'team/worker', []],
    ['image.push', 'registry.example:5000/team/api:2', ['image:registry.example:5000/team/api:2']],
  ]);
  assert.deepEqual(plan.steps.at(-1)?.argv, ['push', 'registry.example:5000/team/api:2']);
  assert.deepEqual(plan.warnings.filter((warning) => warning.includes('names no registry')).map((warning) => warning.split(':')[1]), [' services.worker.image']);
});

test('stack images: which references name a registry, and the digest a pushed image deploys', () => {
  assert.deepEqual(['redis', 'team/api', 'localhost/api', 'localhost:5000/api', 'ghcr.io/a/b', '127.0.0.1:5055/x:1'].map(namesRegistry), [false, false, true, true, true, true]);
  const digest = `sha256:${'a'.repeat(64)}`;
  assert.equal(deployedImage('127.0.0.1:5055/x:1', [`127.0.0.1:5055/other@sha256:${'b'.repeat(64)}`, `127.0.0.1:5055/x@${digest}`]), `127.0.0.1:5055/x:1@${digest}`);
  assert.equal(deployedImage('127.0.0.1:5055/x', [`127.0.0.1:5055/x@${digest}`]), `127.0.0.1:5055/x:latest@${digest}`);
  assert.equal(deployedImage('team/worker', []), 'team/worker');
});

test('stack deploy of a built image: the digest is deployed, the stack label keeps the name; a new digest is an --image update, the same one no step', () => {
  const project = loadVirtual({ 'compose.yaml': COMPOSE });
  const image = (hex: string): string => `registry.example:5000/team/api:2@sha256:${hex.repeat(64)}`;
  const first = planStackDeploy(project, 'st', {}, NOTHING, { ...OPTIONS, builtImages: { api: image('a') } });
  const create = first.steps.find((step) => step.id === 'service:st_api')?.argv as string[];
  assert.equal(create.at(-1), image('a'));
  assert.ok(create.includes(`${StackLabel.image}=registry.example:5000/team/api:2`));
  const labels = Object.fromEntries(create.flatMap((word, index) => (create[index - 1] === '--label' ? [[word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)]] : [])));
  const observed = (running: string): ObservedStack => ({ ...NOTHING, networks: ['st_default'], services: [{ name: 'st_api', labels, replicas: 1, image: running }] });
  const redeploy = (built: string, running: string) => planStackDeploy(project, 'st', {}, observed(running), { ...OPTIONS, builtImages: { api: built } }).steps.filter((step) => step.resource.name === 'st_api');
  assert.deepEqual(redeploy(image('a'), image('a')), []);
  const update = redeploy(image('b'), image('a'));
  assert.deepEqual(update.map((step) => step.kind), ['service.update']);
  assert.deepEqual((update[0]?.argv as string[]).slice(3, 5), ['--image', image('b')]);
});
