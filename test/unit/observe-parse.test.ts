import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalName, parseAttachments, parseContainers, parseEndpoints, parseMounts } from '../../src/engine/observe.js';
import { parseImages, parseNetworks, parseVolumes, referencesListed } from '../../src/engine/observe-resources.js';
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

test('empty output: no containers, networks, volumes, images, mounts, endpoints or attachments', () => {
  assert.deepEqual(parseContainers(''), []);
  assert.deepEqual(parseContainers('\n'), []);
  assert.equal(parseNetworks('').size, 0);
  assert.equal(parseVolumes('').size, 0);
  assert.equal(parseImages('', ['berth-test/busybox']).size, 0);
  assert.equal(parseMounts('\n').size, 0);
  assert.equal(parseEndpoints('').size, 0);
  assert.equal(parseAttachments('').size, 0);
});

// Recorded from a project with published port ranges, two networks, a named and an anonymous volume,
// an exited container, and a container made by hand whose service and config-hash labels hold commas.
const ps = parseContainers(recorded('ps-ports-links-odd-labels.jsonl'));
const byName = (name: string) => ps.find((container) => container.name === name);

test('docker ps: sorted by name, states, the ports list as docker prints it, several networks', () => {
  assert.deepEqual(ps.map((container) => container.name), ['rec-app-1', 'rec-db-1', 'rec-job-1', 'rec-odd-1']);
  assert.equal(byName('rec-db-1')?.ports, '127.0.0.1:18080->80/tcp, 0.0.0.0:18081->81/udp, [::]:18081->81/udp, 0.0.0.0:18082->82/udp, [::]:18082->82/udp');
  assert.deepEqual(byName('rec-app-1')?.networks, ['rec_back', 'rec_default']);
  assert.equal(byName('rec-job-1')?.state, 'exited');
  assert.match(byName('rec-job-1')?.status ?? '', /^Exited \(0\)/);
  assert.equal(byName('rec-app-1')?.imageId, 'sha256:69c740ced9849fb1864f22703f206377d79c244b1fb39620ce6036c086db11c8');
  assert.equal(byName('rec-app-1')?.oneoff, false);
  assert.equal(byName('rec-app-1')?.number, 1);
});

test('docker ps: labels holding commas are read whole; a missing image label is undefined', () => {
  const odd = byName('rec-odd-1');
  assert.equal(odd?.service, 'odd,svc');
  assert.equal(odd?.configHash, 'h,1');
  assert.equal(odd?.imageId, undefined);
  assert.deepEqual(odd?.networks, ['bridge']);
});

test('volume ls and volume inspect rows: project, key (commas kept) and hash labels by volume name', () => {
  for (const file of ['volume-ls.jsonl', 'volume-inspect.jsonl']) {
    const volumes = parseVolumes(recorded(file));
    assert.deepEqual([...volumes.keys()], ['rec_data', 'rec_odd']);
    assert.equal(volumes.get('rec_data')?.labels['com.docker.compose.volume'], 'data');
    assert.equal(volumes.get('rec_data')?.labels['com.docker.compose.project'], 'rec');
    assert.match(volumes.get('rec_data')?.labels['com.docker.compose.config-hash'] ?? '', /^[0-9a-f]{64}$/);
    assert.equal(volumes.get('rec_odd')?.labels['com.docker.compose.volume'], 'x,y=z');
    assert.equal(volumes.get('rec_odd')?.labels['com.docker.compose.config-hash'], undefined, 'an empty label is no label');
  }
});

test('docker inspect mounts: named and anonymous volumes with their destinations; no mounts is an empty list', () => {
  const mounts = parseMounts(recorded('inspect-mounts.jsonl'));
  const db = ps.find((container) => container.name === 'rec-db-1');
  assert.deepEqual(mounts.get(db?.id ?? '')?.map((mount) => [mount.type, mount.destination, mount.name.length]), [['volume', '/data', 'rec_data'.length], ['volume', '/anon', 64]]);
  assert.deepEqual(mounts.get(byName('rec-app-1')?.id ?? ''), []);
  assert.equal(mounts.size, 4);
});

test('network inspect endpoints: the container names on each network (the template\'s trailing empty name dropped)', () => {
  const endpoints = parseEndpoints(recorded('network-inspect-endpoints.jsonl'));
  assert.deepEqual(endpoints.get('rec_default')?.map((container) => container.name), ['rec-app-1', 'rec-db-1']);
  assert.equal(endpoints.get('rec_default')?.[0]?.id, byName('rec-app-1')?.id);
  assert.deepEqual(endpoints.get('rec_back')?.map((container) => container.name), ['rec-app-1']);
});

test('docker inspect attachments: the network ID of each endpoint, by container and network name', () => {
  const attachments = parseAttachments(recorded('inspect-attachments.jsonl'));
  const app = attachments.get(byName('rec-app-1')?.id ?? '');
  assert.deepEqual([...(app?.keys() ?? [])].sort(), ['rec_back', 'rec_default']);
  assert.ok([...(app?.values() ?? [])].every((id) => /^[0-9a-f]{64}$/.test(id)));
  assert.deepEqual([...(attachments.get(byName('rec-odd-1')?.id ?? '')?.keys() ?? [])], ['bridge']);
});

test('image inspect: references matched by tag (docker.io/library and :latest implied) or ID; missing ones absent', () => {
  const text = recorded('image-inspect.jsonl');
  const images = parseImages(text, ['berth-test/busybox', 'docker.io/berth-test/redis:latest', 'sha256:120b3a8cfdcdf7defaabaa18d44f27f72abbfdf23fe79e895560e13f18eef4cb', 'nowhere:1']);
  assert.equal(images.get('berth-test/busybox')?.id, 'sha256:69c740ced9849fb1864f22703f206377d79c244b1fb39620ce6036c086db11c8');
  assert.equal(images.get('docker.io/berth-test/redis:latest')?.id, 'sha256:120b3a8cfdcdf7defaabaa18d44f27f72abbfdf23fe79e895560e13f18eef4cb');
  assert.equal(images.get('sha256:120b3a8cfdcdf7defaabaa18d44f27f72abbfdf23fe79e895560e13f18eef4cb')?.id, 'sha256:120b3a8cfdcdf7defaabaa18d44f27f72abbfdf23fe79e895560e13f18eef4cb');
  assert.equal(images.has('nowhere:1'), false);
  assert.deepEqual(images.get('berth-test/busybox')?.volumes, [], 'no VOLUME: null read as none');
  const withVolumes = parseImages('{"id":"sha256:1","tags":["r:1"],"volumes":{"/z":{},"/a":{}}}\n', ['r:1']);
  assert.deepEqual(withVolumes.get('r:1')?.volumes, ['/a', '/z']);
});

test('many references: the image listing keeps those a local tag matches, and digests and IDs for inspect to resolve', () => {
  const listing = [
    '{"id":"sha256:69c7","repository":"berth-test/busybox","tag":"latest"}',
    '{"id":"sha256:120b","repository":"127.0.0.1:5055/berth/pushed","tag":"1.0"}',
    '{"id":"sha256:dead","repository":"<none>","tag":"<none>"}',
    '',
  ].join('\n');
  const asked = ['berth-test/busybox', 'docker.io/berth-test/busybox:latest', '127.0.0.1:5055/berth/pushed:1.0', '127.0.0.1:5055/berth/pushed', 'missing/app:1', 'redis@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', '120b3a8cfdcd', '<none>:<none>'];
  assert.deepEqual(referencesListed(listing, asked), ['berth-test/busybox', 'docker.io/berth-test/busybox:latest', '127.0.0.1:5055/berth/pushed:1.0', 'redis@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', '120b3a8cfdcd']);
  assert.deepEqual(referencesListed('', ['a:1', 'b']), []);
});
