import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyState } from '../../src/model/observed.js';
import { VERSIONED_KEYS, needsEngineVersion } from '../../src/plan/flags/versioned-keys.js';
import { planUp } from '../../src/plan/up.js';
import { loadVirtual } from '../helpers/load.js';

/** One service using each key that needs a recent engine. */
const USES: Record<keyof typeof VERSIONED_KEYS, string> = {
  annotations: 'annotations: {a: b}',
  bindRecursive: 'volumes: [{type: bind, source: /srv, target: /srv, bind: {recursive: readonly}}]',
  healthStartInterval: 'healthcheck: {test: [CMD, "true"], start_interval: 1s}',
  imageMount: 'volumes: [{type: image, source: "img:1", target: /img}]',
  macAddress: 'mac_address: "02:42:ac:11:00:02"',
  volumeSubpath: 'volumes: [{type: volume, source: data, target: /data, volume: {subpath: sub}}]',
};

function projectUsing(serviceKeys: string): ReturnType<typeof loadVirtual> {
  return loadVirtual({ 'compose.yaml': `services:\n  app:\n    image: busybox\n    ${serviceKeys}\nvolumes:\n  data: {}\n` });
}

for (const [name, snippet] of Object.entries(USES)) {
  const key = VERSIONED_KEYS[name as keyof typeof VERSIONED_KEYS];
  test(`versioned key ${name}: asks the engine version, and an old engine gets a warning instead of ${key.flag}`, () => {
    const project = projectUsing(snippet);
    assert.equal(needsEngineVersion(project), true);
    const plan = planUp(project, { ...emptyState(project.name, true), apiVersion: '1.41' });
    const minimum = key.minimum.replace('.', '\\.');
    assert.ok(plan.warnings.some((warning) => new RegExp(`needs engine API ${minimum}, this engine speaks 1\\.41`).test(warning)), plan.warnings.join('\n'));
  });
}

test('a project without such keys does not ask for the engine version', () => {
  assert.equal(needsEngineVersion(projectUsing('environment: {A: b}')), false);
});

test('mac_address on a network attachment counts too', () => {
  const project = loadVirtual({ 'compose.yaml': 'services:\n  app:\n    image: busybox\n    networks:\n      front: {mac_address: "02:42:ac:11:00:02"}\nnetworks:\n  front: {}\n' });
  assert.equal(needsEngineVersion(project), true);
});
