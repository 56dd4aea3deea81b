/**
 * Secret and config targets longer than a ustar name (100 bytes) are written whole, with their
 * content and mode, on the real engine: by `berth up -d` (engine/tar.ts) and by running the printed
 * `berth up --dry-run` script with sh (render-copy.ts's printf archive).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { berth } from '../helpers/berth.js';
import { docker, purgeProject } from '../helpers/docker.js';

const PROJECTS = ['berth-long-targets-up', 'berth-long-targets-script'];
const CONFIG_TARGET = `/etc/${'configuration-directory/'.repeat(6)}settings-${'x'.repeat(9)}.ini`;
const SECRET_TARGET = `/run/secrets/${'nested-secret-folder/'.repeat(7)}token.txt`;

after(async () => {
  for (const project of PROJECTS) await purgeProject(project);
});

function projectDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-long-targets-'));
  writeFileSync(path.join(dir, 'compose.yaml'), [
    'services:',
    '  app:',
    '    image: berth-test/busybox:latest',
    '    command: ["sleep", "300"]',
    '    configs:',
    `      - { source: settings, target: "${CONFIG_TARGET}", mode: 0o640 }`,
    '    secrets:',
    `      - { source: token, target: "${SECRET_TARGET}", mode: 0o400, uid: "1234" }`,
    'configs:',
    '  settings:',
    '    content: "key = value\\nsecond line\\n"',
    'secrets:',
    '  token:',
    '    environment: LONG_TARGET_TOKEN',
    '',
  ].join('\n'));
  return dir;
}

async function assertFiles(project: string): Promise<void> {
  const container = `${project}-app-1`;
  assert.equal(await docker(['exec', container, 'cat', CONFIG_TARGET]), 'key = value\nsecond line');
  assert.equal(await docker(['exec', container, 'stat', '-c', '%a %u', CONFIG_TARGET]), '640 0');
  assert.equal(await docker(['exec', container, 'cat', SECRET_TARGET]), 's3cret-ü');
  assert.equal(await docker(['exec', container, 'stat', '-c', '%a %u', SECRET_TARGET]), '400 1234');
}

test('targets of 150 bytes and more: the path is created whole, with content and mode (up -d)', async () => {
  assert.ok(Buffer.byteLength(CONFIG_TARGET) >= 150 && Buffer.byteLength(SECRET_TARGET) >= 150);
  const dir = projectDir();
  try {
    const run = await berth(['-p', PROJECTS[0] as string, 'up', '-d'], { cwd: dir, env: { LONG_TARGET_TOKEN: 's3cret-ü' } });
    assert.equal(run.exitCode, 0, run.stderr);
    await assertFiles(PROJECTS[0] as string);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('targets of 150 bytes and more: the printed dry-run script writes the same files when run with sh', async () => {
  const dir = projectDir();
  try {
    const dryRun = await berth(['-p', PROJECTS[1] as string, 'up', '--dry-run'], { cwd: dir });
    assert.equal(dryRun.exitCode, 0, dryRun.stderr);
    execFileSync('sh', ['-c', dryRun.stdout], { cwd: dir, env: { ...process.env, LONG_TARGET_TOKEN: 's3cret-ü' }, stdio: ['ignore', 'ignore', 'pipe'] });
    await assertFiles(PROJECTS[1] as string);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
