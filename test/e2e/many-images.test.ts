import { test } from 'node:test';
import assert from 'node:assert/strict';
import { berth } from '../helpers/berth.js';
import { recordingDocker, stackDir } from '../helpers/converge.js';

// A project naming many images (past IMAGE_LIST_THRESHOLD) lists the local images once and inspects
// only the references found there: 70 images that do not exist are planned as pulls, the one that
// exists is not, and `image inspect` is never asked about the missing ones.
const services = Array.from({ length: 70 }, (_, i) => `  s${i}:\n    image: berth-test/missing-${i}:1\n`).join('');
const dir = stackDir(`services:\n${services}  real:\n    image: berth-test/busybox:latest\n  pinned:\n    image: berth-test/busybox@sha256:${'0'.repeat(64)}\n`);

test('up --dry-run with 72 image references: one image listing, one inspect of what exists', async () => {
  const recorder = recordingDocker();
  const run = await berth(['-p', 'berth-many-images', 'up', '-d', '--dry-run'], { cwd: dir, env: { DOCKER_BIN: recorder.bin } });
  assert.equal(run.exitCode, 0, run.stderr);
  const pulls = run.stdout.split('\n').filter((line) => line.startsWith('docker pull '));
  assert.equal(pulls.length, 71, 'every missing image (and the digest nobody has) is pulled');
  assert.ok(!pulls.some((line) => line.includes('berth-test/busybox:latest')), 'the local image is not pulled');
  const imageCalls = recorder.calls().filter((argv) => argv[0] === 'image');
  assert.deepEqual(imageCalls.map((argv) => argv[1]), ['ls', 'inspect']);
  const inspected = imageCalls[1]!.slice(4);
  assert.deepEqual(inspected.sort(), ['berth-test/busybox:latest', `berth-test/busybox@sha256:${'0'.repeat(64)}`], 'only what the listing found, and the digest it cannot answer');
});
