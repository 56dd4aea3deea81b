import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalName, parseContainers, parseNetworks } from '../../src/engine/observe.js';
import { fixturesDir } from '../helpers/berth.js';

// Outputs recorded from docker 20.10 (observe's own --format templates).
const recorded = (name: string): string => readFileSync(path.join(fixturesDir, 'recorded', name), 'utf8');

test('linked containers: docker ps lists every name a container is known by; its own is the one without a slash', () => {
  const containers = parseContainers(recorded('ps-linked.jsonl'));
  assert.deepEqual(containers.map((container) => container.name), ['lnk-app-1', 'lnk-db-1', 'lnk-web-1']);
  assert.deepEqual(containers.map((container) => container.service), ['app', 'db', 'web']);
  assert.ok(containers.every((container) => /^[0-9a-f]{64}$/.test(container.id)));
  assert.deepEqual(containers.map((container) => container.networks), [['bridge'], ['bridge'], ['bridge']]);
});

test('canonicalName: alias before or after the own name, a leading slash, a single name', () => {
  assert.equal(canonicalName('p-app-1/dbalias,p-db-1'), 'p-db-1');
  assert.equal(canonicalName('p-db-1,p-app-1/dbalias,p-web-1/db'), 'p-db-1');
  assert.equal(canonicalName('/p-db-1'), 'p-db-1');
  assert.equal(canonicalName('p-web-1'), 'p-web-1');
  assert.equal(canonicalName(''), '');
});

test('label values holding commas are read whole (exact labels, not the comma-joined Labels column)', () => {
  const networks = parseNetworks(recorded('network-ls-duplicates.jsonl'));
  assert.equal(networks.get('lnk_odd')?.labels['com.docker.compose.network'], 'a,b=c');
  const [row] = parseContainers(`{"id":"x","name":"p-a-1","service":"a,b","number":"2","oneoff":"False","hash":"h","networks":"p_one,p_two"}\n`);
  assert.equal(row?.service, 'a,b');
  assert.equal(row?.number, 2);
  assert.deepEqual(row?.networks, ['p_one', 'p_two']);
});

test('networks sharing a name are all kept: the first by name, the others as its duplicates', () => {
  const networks = parseNetworks(recorded('network-ls-duplicates.jsonl'));
  assert.deepEqual([...networks.keys()].sort(), ['bridge', 'lk_default', 'lnk_odd']);
  const shared = networks.get('lk_default');
  assert.equal(shared?.id, '8fcf2066e3a4d2b0077a80ce8f628e9f7e901c2bd5830aaaf588998d28f54edc');
  assert.deepEqual(shared?.duplicates?.map((network) => network.id), ['0bf0670fc55c88d2b9006a8f1fa48f180fdcd394fe4f8132e2db735a999023b3']);
  assert.equal(networks.get('bridge')?.duplicates, undefined);
});

test('empty output: no containers, no networks', () => {
  assert.deepEqual(parseContainers(''), []);
  assert.deepEqual(parseContainers('\n'), []);
  assert.equal(parseNetworks('').size, 0);
});
