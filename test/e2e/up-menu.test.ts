/**
 * compose's `up --menu` (keyboard shortcuts when attached): berth has none, but a Makefile's
 * `docker compose up --menu=false` must run as it does under compose, and `--menu` is said to do nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { berth, fixturesDir } from '../helpers/berth.js';
import { engineSnapshot } from '../helpers/docker.js';

const stack = path.join(fixturesDir, 'flask-redis');

test('up --menu=false plans as up does; --menu warns that berth has no menu; neither changes the engine in a dry-run', async () => {
  const before = await engineSnapshot();
  const plain = await berth(['-p', 'berth-e2e-menu', 'up', '-d', '--dry-run'], { cwd: stack });
  const off = await berth(['-p', 'berth-e2e-menu', 'up', '-d', '--menu=false', '--dry-run'], { cwd: stack });
  assert.equal(off.exitCode, 0, off.stderr);
  assert.equal(off.stderr, '');
  const normalize = (text: string): string => text.replace(/--menu=false /g, '').replace(/\$\(docker image inspect[^)]*\)/g, 'ID');
  assert.equal(normalize(off.stdout), normalize(plain.stdout));
  const on = await berth(['-p', 'berth-e2e-menu', 'up', '-d', '--menu', '--dry-run'], { cwd: stack });
  assert.equal(on.exitCode, 0, on.stderr);
  assert.match(on.stderr, /--menu: berth has no interactive menu; up runs without it/);
  assert.equal(await engineSnapshot(), before);
});
