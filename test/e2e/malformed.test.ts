/**
 * Bad Compose input must change nothing on the engine: `berth up -d` on malformed files exits 1 and
 * the engine's containers, networks, volumes and images are exactly as before. A valid control
 * project proves the snapshot would notice a change.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { berth, fixturesDir } from '../helpers/berth.js';
import { engineSnapshot, purgeProject } from '../helpers/docker.js';

const PREFIX = 'berth-l-mal-';
const CASES = ['yaml-duplicate-key', 'misspelt-image', 'undefined-network', 'dependency-cycle', 'missing-required-variable', 'port-not-a-number', 'include-cycle', 'container-name-with-replicas'];

/** The part of the engine snapshot these projects could touch (other suites run beside this one). */
async function ownSnapshot(): Promise<string> {
  return (await engineSnapshot()).split('\n').filter((line) => line === '--' || line.includes(PREFIX)).join('\n');
}

after(async () => {
  for (const name of ['control', ...CASES]) await purgeProject(`${PREFIX}${name}`);
});

for (const name of CASES) {
  test(`up -d on malformed ${name} changes nothing on the engine`, async () => {
    const before = await ownSnapshot();
    const run = await berth(['-p', `${PREFIX}${name}`, 'up', '-d'], { cwd: path.join(fixturesDir, 'malformed', name) });
    assert.equal(run.exitCode, 1, run.stderr);
    assert.match(run.stderr, /compose\.yaml:\d+:\d+: |[ab]\.yaml:\d+:\d+: /);
    assert.equal(await ownSnapshot(), before);
  });
}

test('control: a valid project does show up in the snapshot', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), PREFIX));
  try {
    writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  idle:\n    image: berth-test/busybox:latest\n    command: ["sleep", "300"]\n');
    const before = await ownSnapshot();
    const run = await berth(['-p', `${PREFIX}control`, 'up', '-d'], { cwd: dir });
    assert.equal(run.exitCode, 0, run.stderr);
    assert.notEqual(await ownSnapshot(), before);
  } finally {
    await purgeProject(`${PREFIX}control`);
    rmSync(dir, { recursive: true, force: true });
  }
});
