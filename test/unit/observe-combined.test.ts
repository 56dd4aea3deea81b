import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combinedReferences, parseCombined, type CombinedReference } from '../../src/engine/observe-combined.js';

// Recorded `docker inspect --format '{{json .}}'` lines (docker 20.10), cut to the fields berth reads
// plus the one each kind is told apart by.
const network = JSON.stringify({ Name: 'p_default', Id: 'a1'.repeat(32), Scope: 'local', Driver: 'bridge', IPAM: { Driver: 'default' }, Labels: { 'com.docker.compose.project': 'p', 'com.docker.compose.network': 'default', 'com.docker.compose.config-hash': 'h1' } });
const volume = JSON.stringify({ CreatedAt: '2026-12-01T22:57:09Z', Driver: 'local', Labels: { 'com.docker.compose.project': 'p', 'com.docker.compose.volume': 'v4' }, Mountpoint: '/var/lib/docker/volumes/p_v4/_data', Name: 'p_v4', Options: null, Scope: 'local' });
const image = JSON.stringify({ Id: 'sha256:69c7', RepoTags: ['berth-test/busybox:latest'], RepoDigests: [], Config: { Volumes: { '/data': {}, '/cache': {} } }, Metadata: { LastTagTime: '2026-11-30T11:00:00Z' } });
const container = JSON.stringify({ Id: 'c0'.repeat(32), Name: '/p_v4', State: { Status: 'created' }, HostConfig: {}, Mounts: [] });

const references: CombinedReference[] = [
  { name: 'p_default', kind: 'network' },
  { name: 'p_v4', kind: 'volume' },
  { name: 'p_v8', kind: 'volume' },
  { name: 'berth-test/busybox:latest', kind: 'image' },
];
const result = (stdout: string[], stderr: string[] = [], exitCode = stderr.length === 0 ? 0 : 1) => ({ exitCode, stdout: stdout.map((line) => `${line}\n`).join(''), stderr: stderr.map((line) => `${line}\n`).join('') });

test('every kind found or reported missing: networks and volumes with their labels, images with ID and VOLUME paths', () => {
  const maps = parseCombined(result([network, volume, image], ['Error: No such object: p_v8']), references);
  assert.ok(maps !== undefined);
  assert.deepEqual(maps.networks.get('p_default'), { id: 'a1'.repeat(32), name: 'p_default', labels: { 'com.docker.compose.project': 'p', 'com.docker.compose.network': 'default', 'com.docker.compose.config-hash': 'h1' } });
  assert.deepEqual(maps.volumes.get('p_v4'), { id: 'p_v4', name: 'p_v4', labels: { 'com.docker.compose.project': 'p', 'com.docker.compose.volume': 'v4' } });
  assert.equal(maps.volumes.has('p_v8'), false);
  assert.deepEqual(maps.images.get('berth-test/busybox:latest'), { id: 'sha256:69c7', volumes: ['/cache', '/data'], tagged: Date.parse('2026-11-30T11:00:00Z') });
});

test('nothing exists yet: empty maps', () => {
  const maps = parseCombined(result([], references.map((reference) => `Error: No such object: ${reference.name}`)), references);
  assert.deepEqual(maps, { networks: new Map(), volumes: new Map(), images: new Map() });
});

test('answers that could mislead are not taken (the caller reads each kind by itself)', () => {
  const cases: [string, ReturnType<typeof result>][] = [
    ['a container holds the volume name (docker tries containers first)', result([network, container, image], ['Error: No such object: p_v8'])],
    ['two networks share the name', result([volume, image], ['Error response from daemon: 2 matches found based on name: network p_default is ambiguous', 'Error: No such object: p_v8'])],
    ['the network printed is another one (a name that is a prefix of another ID)', result([network.replace('"p_default"', '"other"'), volume, image], ['Error: No such object: p_v8'])],
    ['fewer objects than names found', result([network, volume], ['Error: No such object: p_v8'])],
    ['a name reported missing that was not asked', result([network, volume, image], ['Error: No such object: p_v9'])],
    ['no engine', result([], ['Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?'])],
    ['output that is not JSON', result(['<no value>', volume, image], ['Error: No such object: p_v8'])],
  ];
  for (const [why, answer] of cases) assert.equal(parseCombined(answer, references), undefined, why);
});

test('the names asked: each once, in kind order; none when a name is asked as two kinds or images are too many to inspect one by one', () => {
  assert.deepEqual(combinedReferences(['p_default', 'ext'], ['p_v4'], ['a:1', 'a:1', 'b']), [
    { name: 'p_default', kind: 'network' }, { name: 'ext', kind: 'network' }, { name: 'p_v4', kind: 'volume' }, { name: 'a:1', kind: 'image' }, { name: 'b', kind: 'image' },
  ]);
  assert.equal(combinedReferences(['data'], ['data'], []), undefined);
  assert.equal(combinedReferences([], [], Array.from({ length: 65 }, (_, index) => `image${index}`)), undefined);
});
