/** `berth config` through the real CLI: file discovery, env files, COMPOSE_* settings and output flags (no engine). */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { berth, repoRoot } from '../helpers/berth.js';

const root = mkdtempSync(path.join(tmpdir(), 'berth-l-cfg-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Writes files (relative path -> text) under a fresh directory named `name` and returns it. */
function tree(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

test('discovery walks up to the parent and takes its override; the parent names the project', async () => {
  const dir = tree('walkup', { 'compose.yaml': 'services:\n  web: {image: x}\n', 'compose.override.yaml': 'services:\n  extra: {image: y}\n', 'sub/deeper/.keep': '' });
  const run = await berth(['config', '--services'], { cwd: path.join(dir, 'sub', 'deeper') });
  assert.equal(run.stderr, '');
  assert.equal(run.stdout, 'web\nextra');
  assert.match((await berth(['config'], { cwd: path.join(dir, 'sub') })).stdout, /^name: walkup\n/);
});

test('COMPOSE_FILE is split by COMPOSE_PATH_SEPARATOR and merged in order', async () => {
  const dir = tree('compose-file', { 'a.yml': 'services:\n  web: {image: a}\n', 'b.yml': 'services:\n  web: {image: b}\n' });
  const run = await berth(['config', '--images'], { cwd: dir, env: { COMPOSE_FILE: 'a.yml;b.yml', COMPOSE_PATH_SEPARATOR: ';' } });
  assert.equal(run.stdout, 'b');
});

test('-f - reads the compose file from stdin', async () => {
  const dir = tree('stdin', {});
  const run = await berth(['-f', '-', 'config', '--format', 'json'], { cwd: dir, input: 'services:\n  web:\n    image: from-stdin\n' });
  assert.equal(JSON.parse(run.stdout).services.web.image, 'from-stdin');
  assert.equal(JSON.parse(run.stdout).name, 'stdin');
});

test('.env sets COMPOSE_PROJECT_NAME and COMPOSE_PROFILES and feeds interpolation; the shell wins', async () => {
  const dir = tree('dotenv', {
    'compose.yaml': 'services:\n  web:\n    image: "web:${TAG}"\n  debug:\n    image: dbg\n    profiles: [dev]\n',
    '.env': 'COMPOSE_PROJECT_NAME=from-dotenv\nCOMPOSE_PROFILES=dev\nTAG=dotenv # a comment\n',
  });
  const fromFile = await berth(['config', '--format', 'json'], { cwd: dir });
  const model = JSON.parse(fromFile.stdout);
  assert.equal(model.name, 'from-dotenv');
  assert.deepEqual(Object.keys(model.services), ['debug', 'web']);
  assert.equal(model.services.web.image, 'web:dotenv');
  const fromShell = JSON.parse((await berth(['config', '--format', 'json'], { cwd: dir, env: { TAG: 'shell', COMPOSE_PROJECT_NAME: 'from-shell' } })).stdout);
  assert.equal(fromShell.name, 'from-shell');
  assert.equal(fromShell.services.web.image, 'web:shell');
});

test('--project-directory picks the .env; --env-file (repeatable) and COMPOSE_ENV_FILES replace it, later files win', async () => {
  const dir = tree('projdir', {
    'app/compose.yaml': 'services:\n  web:\n    image: "web:${TAG}-${OTHER:-none}"\n',
    'app/.env': 'TAG=app\n',
    'one.env': 'TAG=one\nOTHER=1\n',
    'two.env': 'TAG=two\n',
  });
  const withDir = await berth(['--project-directory', 'app', '-f', 'app/compose.yaml', 'config', '--images'], { cwd: dir });
  assert.equal(withDir.stdout, 'web:app-none');
  const withEnvFiles = await berth(['-f', 'app/compose.yaml', 'config', '--images'], { cwd: dir, env: { COMPOSE_ENV_FILES: 'one.env,two.env' } });
  assert.equal(withEnvFiles.stdout, 'web:two-1');
  const withFlags = await berth(['--env-file', 'one.env', '--env-file', 'two.env', '-f', 'app/compose.yaml', 'config', '--images'], { cwd: dir });
  assert.equal(withFlags.stdout, 'web:two-1');
});

test('config flags: --profiles, --volumes, --networks, --hash, -q, -o, --no-interpolate, selected services', async () => {
  const dir = tree('flags', {
    'compose.yaml': 'services:\n  web:\n    image: "web:${TAG:-1}"\n    depends_on: [db]\n    networks: [front]\n  db:\n    image: db\n    volumes: [data:/data]\n  tool:\n    image: t\n    profiles: [ops, debug]\nnetworks:\n  front:\nvolumes:\n  data:\n',
  });
  assert.equal((await berth(['config', '--profiles'], { cwd: dir })).stdout, 'debug\nops');
  assert.equal((await berth(['config', '--volumes'], { cwd: dir })).stdout, 'data');
  assert.equal((await berth(['config', '--networks'], { cwd: dir })).stdout, 'front\ndefault');
  assert.match((await berth(['config', '--hash', 'web'], { cwd: dir })).stdout, /^web [0-9a-f]{64}$/);
  assert.equal((await berth(['config', '-q'], { cwd: dir })).stdout, '');
  assert.equal((await berth(['config', '-o', 'out.yaml'], { cwd: dir })).exitCode, 0);
  assert.match(readFileSync(path.join(dir, 'out.yaml'), 'utf8'), /^name: flags\nservices:\n {2}db:/);
  assert.match((await berth(['config', '--no-interpolate'], { cwd: dir })).stdout, /image: web:\$\{TAG:-1\}/);
  assert.deepEqual(Object.keys(JSON.parse((await berth(['config', '--format', 'json', 'web'], { cwd: dir })).stdout).services), ['db', 'web']);
});

test('--env-file PATH is an option of berth: a missing file is its own error, and the bin wrapper passes it through', async () => {
  const dir = tree('envflag', { 'compose.yaml': 'services:\n  web:\n    image: "web:${TAG:-none}"\n', 'tag.env': 'TAG=fromfile\n' });
  const missing = await berth(['--env-file', 'missing.env', 'config', '--images'], { cwd: dir });
  assert.equal(missing.exitCode, 1);
  assert.equal(missing.stderr, `couldn't find env file: ${path.join(dir, 'missing.env')}`);
  const wrapper = await execa(path.join(repoRoot, 'bin', 'berth'), ['--env-file', 'tag.env', 'config', '--images'], { cwd: dir, reject: false });
  assert.equal(wrapper.stdout, 'web:fromfile');
  const wrapperMissing = await execa(path.join(repoRoot, 'bin', 'berth'), ['--env-file', 'missing.env', 'config'], { cwd: dir, reject: false });
  assert.equal(wrapperMissing.exitCode, 1);
});

test('COMPOSE_* settings in .env apply as if exported, and the shell wins', async () => {
  const dir = tree('dotenv-settings', { 'compose.yaml': 'services:\n  web:\n    image: web\n', '.env': 'COMPOSE_PARALLEL_LIMIT=lots\nCOMPOSE_PROJECT_NAME=fromdotenv\n' });
  const bad = await berth(['config', '--services'], { cwd: dir });
  assert.equal(bad.exitCode, 1);
  assert.equal(bad.stderr, 'COMPOSE_PARALLEL_LIMIT must be an integer');
  const shellWins = await berth(['config'], { cwd: dir, env: { COMPOSE_PARALLEL_LIMIT: '4' } });
  assert.equal(shellWins.exitCode, 0, shellWins.stderr);
  assert.match(shellWins.stdout, /^name: fromdotenv$/m);
});

test('bin/berth hands NODE_EXTRA_CA_CERTS past Node start-up and back: interpolation still sees it', async () => {
  const dir = tree('ca-certs', { 'compose.yaml': 'services:\n  a:\n    image: busybox\n    environment:\n      CA: ${NODE_EXTRA_CA_CERTS:-missing}\n      HANDOVER: ${BERTH_NODE_EXTRA_CA_CERTS:-gone}\n' });
  const result = await execa(path.join(repoRoot, 'bin', 'berth'), ['config', '--format', 'json'], { cwd: dir, env: { NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt' }, reject: false });
  assert.equal(result.exitCode, 0, String(result.stderr));
  const environment = (JSON.parse(String(result.stdout)) as { services: { a: { environment: Record<string, string> } } }).services.a.environment;
  assert.deepEqual(environment, { CA: '/etc/ssl/certs/ca-certificates.crt', HANDOVER: 'gone' });
});
