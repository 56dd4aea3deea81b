/**
 * Structural extremes and prototype keys (fixtures/malformed-structure/): each case fails through
 * the real CLI, in `config` and `up --dry-run`, with exit 1 and exactly the stored located message;
 * for a sample, `up -d` leaves the engine unchanged. Also the inputs that must succeed: `${constructor}`
 * is an unset variable, prototype names are ordinary label and environment keys.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { berth, fixturesDir } from '../helpers/berth.js';
import { engineSnapshot, purgeProject } from '../helpers/docker.js';
import { assertMalformedCase } from '../helpers/malformed-cases.js';
import { caseDirectories } from '../helpers/seed-fixtures.js';

const casesDir = path.join(fixturesDir, 'malformed-structure');
const PREFIX = 'berth-l-mstr-';
const ENGINE_SAMPLE = ['proto-service-key', 'proto-via-merge-key', 'alias-bomb', 'depends-on-constructor', 'empty-file'];

describe('structural extremes and prototype keys give a located error and exit 1', { concurrency: 8 }, () => {
  for (const name of caseDirectories(casesDir)) test(name, () => assertMalformedCase(path.join(casesDir, name)));
});

async function ownSnapshot(): Promise<string> {
  return (await engineSnapshot()).split('\n').filter((line) => line === '--' || line.includes(PREFIX)).join('\n');
}

after(async () => {
  for (const name of ENGINE_SAMPLE) await purgeProject(`${PREFIX}${name}`);
});

for (const name of ENGINE_SAMPLE) {
  test(`up -d on ${name} changes nothing on the engine`, async () => {
    const before = await ownSnapshot();
    const run = await berth(['-p', `${PREFIX}${name}`, 'up', '-d'], { cwd: path.join(casesDir, name) });
    assert.equal(run.exitCode, 1, run.stderr);
    assert.match(run.stderr, /compose\.yaml(:\d+:\d+)?: /);
    assert.equal(await ownSnapshot(), before);
  });
}

function projectDir(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), PREFIX));
  writeFileSync(path.join(dir, 'compose.yaml'), text);
  return dir;
}

test('${constructor} is an unset variable, and prototype names are ordinary keys of free-form mappings', async () => {
  const dir = projectDir('services:\n  web:\n    image: busybox\n    environment:\n      X: ${constructor}\n      __proto__: y\n    labels: {constructor: x, __proto__: z}\n');
  try {
    const run = await berth(['config', '--format', 'json'], { cwd: dir, env: { DOCKER_HOST: 'unix:///nonexistent' } });
    assert.equal(run.exitCode, 0, run.stderr);
    assert.match(run.stderr, /The "constructor" variable is not set\. Defaulting to a blank string\./);
    const web = JSON.parse(run.stdout).services.web;
    assert.deepEqual(Object.entries(web.environment), [['X', ''], ['__proto__', 'y']]);
    assert.deepEqual(Object.entries(web.labels).sort(), [['__proto__', 'z'], ['constructor', 'x']]);
    assert.equal(web.privileged, undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a project without services: config prints it, up names the file', async () => {
  const dir = projectDir('name: nothing\nnetworks:\n  front: {}\n');
  try {
    const config = await berth(['config'], { cwd: dir });
    assert.equal(config.exitCode, 0, config.stderr);
    const up = await berth(['up', '--dry-run'], { cwd: dir, env: { DOCKER_HOST: 'unix:///nonexistent' } });
    assert.equal(up.exitCode, 1);
    assert.equal(up.stderr.split(dir).join('$DIR').split('\n').filter((line) => !line.startsWith('berth: no Docker engine')).join('\n').trim(), '$DIR/compose.yaml: no service selected: the project defines no services');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
