/**
 * Captured docker commands run with GOMAXPROCS=1 (the docker CLI is a short-lived Go program), except
 * builds, and never over a GOMAXPROCS the user or the command's own variables set. A stand-in docker
 * (DOCKER_BIN) prints the GOMAXPROCS it was given.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runDocker } from '../../src/engine/docker.js';

const dir = mkdtempSync(path.join(tmpdir(), 'berth-go-threads-'));
const fake = path.join(dir, 'docker');
writeFileSync(fake, '#!/bin/sh\nprintf %s "${GOMAXPROCS-unset}"\n', { mode: 0o755 });
const saved = { bin: process.env['DOCKER_BIN'], procs: process.env['GOMAXPROCS'] };
process.env['DOCKER_BIN'] = fake;
delete process.env['GOMAXPROCS'];

after(() => {
  rmSync(dir, { recursive: true, force: true });
  if (saved.bin === undefined) delete process.env['DOCKER_BIN'];
  else process.env['DOCKER_BIN'] = saved.bin;
  if (saved.procs !== undefined) process.env['GOMAXPROCS'] = saved.procs;
});

const threadsOf = async (argv: string[], env?: Record<string, string | null>): Promise<string> => (await runDocker(argv, env === undefined ? {} : { env })).stdout;

test('reads and changes run the docker CLI with one Go thread', async () => {
  assert.equal(await threadsOf(['ps', '-a']), '1');
  assert.equal(await threadsOf(['run', '-d', 'img'], { PLAIN: 'v' }), '1');
});

test('builds keep Go\'s default', async () => {
  assert.equal(await threadsOf(['build', '.']), 'unset');
  assert.equal(await threadsOf(['buildx', 'build', '--load', '.']), 'unset');
  assert.equal(await threadsOf(['image', 'build', '.']), 'unset');
});

test('a GOMAXPROCS of the command (a service variable passed through docker) or of the user wins', async () => {
  assert.equal(await threadsOf(['run', '-d', '-e', 'GOMAXPROCS', 'img'], { GOMAXPROCS: '8' }), '8');
  assert.equal(await threadsOf(['run', '-d', '-e', 'GOMAXPROCS', 'img'], { GOMAXPROCS: null }), 'unset');
  process.env['GOMAXPROCS'] = '3';
  try {
    assert.equal(await threadsOf(['ps']), '3');
  } finally {
    delete process.env['GOMAXPROCS'];
  }
});
