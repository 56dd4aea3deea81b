import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { berth } from '../helpers/berth.js';
import { docker, projectResources, purgeProject } from '../helpers/docker.js';

// blkio_config reaches the engine: the device throttles exactly; the weight as the engine itself keeps
// it (an engine whose kernel lacks the io weight controller discards --blkio-weight with a warning).
const project = 'berth-k-blkio';
const probe = 'berth-k-blkio-probe';
const dir = mkdtempSync(path.join(tmpdir(), 'berth-blkio-'));

/** A block device of this host (the daemon resolves throttled devices on the host). */
function blockDevice(): string {
  const names = readdirSync('/dev');
  const preferred = ['vda', 'sda', 'nvme0n1', 'xvda', 'loop0'].filter((name) => names.includes(name));
  const found = [...preferred, ...names].find((name) => statSync(path.join('/dev', name), { throwIfNoEntry: false })?.isBlockDevice() === true);
  assert.ok(found !== undefined, 'no block device in /dev');
  return `/dev/${found}`;
}

const device = blockDevice();

function writeCompose(blkio: string): void {
  writeFileSync(path.join(dir, 'compose.yaml'), `services:\n  app:\n    image: berth-test/busybox\n    command: [sleep, "3600"]\n    blkio_config:\n${blkio}`);
}

before(async () => {
  await purgeProject(project);
  await docker(['rm', '-f', probe]).catch(() => undefined);
});

after(async () => {
  await purgeProject(project);
  await docker(['rm', '-f', probe]).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

test('blkio_config: weight, weight_device and the four throttles reach the engine', async () => {
  writeCompose([
    '      weight: 300',
    `      weight_device: [{path: ${device}, weight: 400}]`,
    `      device_read_bps: [{path: ${device}, rate: 12mb}]`,
    `      device_write_bps: [{path: ${device}, rate: 1024k}]`,
    `      device_read_iops: [{path: ${device}, rate: 120}]`,
    `      device_write_iops: [{path: ${device}, rate: "30"}]`,
  ].join('\n') + '\n');
  const up = await berth(['-p', project, 'up', '-d'], { cwd: dir });
  assert.equal(up.exitCode, 0, up.stderr);
  assert.doesNotMatch(up.stderr, /ignored: .*blkio_config/);
  const host = JSON.parse(await docker(['inspect', '--format', '{{json .HostConfig}}', `${project}-app-1`])) as Record<string, unknown>;
  assert.deepEqual(host['BlkioDeviceReadBps'], [{ Path: device, Rate: 12 * 1024 ** 2 }]);
  assert.deepEqual(host['BlkioDeviceWriteBps'], [{ Path: device, Rate: 1024 * 1024 }]);
  assert.deepEqual(host['BlkioDeviceReadIOps'], [{ Path: device, Rate: 120 }]);
  assert.deepEqual(host['BlkioDeviceWriteIOps'], [{ Path: device, Rate: 30 }]);

  // The weights: what the engine keeps of the same flags given by docker itself (300/400, or none when discarded).
  await docker(['create', '--name', probe, '--blkio-weight', '300', '--blkio-weight-device', `${device}:400`, 'berth-test/busybox']);
  const expected = JSON.parse(await docker(['inspect', '--format', '{{json .HostConfig}}', probe])) as Record<string, unknown>;
  assert.deepEqual([host['BlkioWeight'], host['BlkioWeightDevice']], [expected['BlkioWeight'], expected['BlkioWeightDevice']]);
});

test('blkio_config: a weight docker would refuse is a located load error, and nothing is created', async () => {
  await purgeProject(project);
  writeCompose('      weight: 5\n');
  const up = await berth(['-p', project, 'up', '-d'], { cwd: dir });
  assert.notEqual(up.exitCode, 0);
  assert.match(up.stderr, /compose\.yaml:6:\d+.*blkio_config\.weight.*invalid weight 5: must be 0 or from 10 to 1000/);
  assert.doesNotMatch(up.stderr, /\n\s+at /);
  assert.deepEqual((await projectResources(project)).containers, []);
});
