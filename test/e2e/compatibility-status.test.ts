/**
 * The global behaviours of issue 12 on the real engine: --compatibility and COMPOSE_COMPATIBILITY
 * (v1-style `proj_web_1` names, `proj_app` for a built image, `proj_web_run_<hex>` one-offs), and
 * COMPOSE_STATUS_STDOUT (progress on stdout instead of stderr).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { berth } from '../helpers/berth.js';
import { docker, projectResources, purgeProject } from '../helpers/docker.js';

const root = mkdtempSync(path.join(tmpdir(), 'berth-compat-'));
const projects = ['berth-e2e-compat', 'berth-e2e-compat-env', 'berth-e2e-status'];
after(async () => {
  for (const project of projects) await purgeProject(project);
  await docker(['image', 'rm', '-f', 'berth-e2e-compat_app']).catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

const COMPOSE = [
  'services:',
  '  web:',
  '    image: berth-test/busybox:latest',
  '    command: ["sh", "-c", "echo hello from web; sleep 60"]',
  '    init: true',
  '  app:',
  '    build: .',
  '    command: ["sleep", "60"]',
  '    init: true',
  '    links: [web]',
  '',
].join('\n');

function stack(name: string, files: Record<string, string> = {}): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'compose.yaml'), COMPOSE);
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM berth-test/busybox:latest\n');
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

const names = async (project: string): Promise<string[]> => (await projectResources(project)).containers.sort();

test('--compatibility names containers, the built image and one-offs with _, and every command finds them', async () => {
  const project = 'berth-e2e-compat';
  const dir = stack('flag');
  const up = await berth(['--compatibility', '-p', project, 'up', '-d'], { cwd: dir });
  assert.equal(up.exitCode, 0, up.stderr);
  assert.deepEqual(await names(project), [`${project}_app_1`, `${project}_web_1`]);
  assert.equal(await docker(['inspect', '--format', '{{.Config.Image}}', `${project}_app_1`]), `${project}_app`);
  // links name the target's v1-style container
  assert.match(await docker(['inspect', '--format', '{{json .NetworkSettings.Networks}}', `${project}_app_1`]), new RegExp(`"Links":\\["${project}_web_1:web"\\]`));

  const ps = await berth(['--compatibility', '-p', project, 'ps', '--format', '{{.Name}} {{.Service}}'], { cwd: dir });
  assert.equal(ps.stdout, `${project}_app_1 app\n${project}_web_1 web`);
  const logs = await berth(['--compatibility', '-p', project, 'logs', '--no-color', 'web'], { cwd: dir });
  assert.match(logs.stdout, /^web_1 +\| hello from web$/m);
  const again = await berth(['--compatibility', '-p', project, 'up', '-d'], { cwd: dir });
  assert.equal(again.exitCode, 0, again.stderr);
  assert.deepEqual(await names(project), [`${project}_app_1`, `${project}_web_1`], 'a second up must find and keep them');

  const run = await berth(['--compatibility', '-p', project, 'run', '-d', '--no-deps', 'web', 'sleep', '30'], { cwd: dir });
  assert.equal(run.exitCode, 0, run.stderr);
  assert.match(await docker(['inspect', '--format', '{{.Name}}', run.stdout.trim()]), new RegExp(`^/${project}_web_run_[0-9a-f]{12}$`));

  const config = await berth(['--compatibility', '-p', project, 'config', '--images'], { cwd: dir });
  assert.equal(config.stdout, `berth-test/busybox:latest\n${project}_app`);
  const down = await berth(['--compatibility', '-p', project, 'down', '-t', '0'], { cwd: dir });
  assert.equal(down.exitCode, 0, down.stderr);
  assert.deepEqual(await projectResources(project), { containers: [], networks: [], volumes: [] });
});

test('COMPOSE_COMPATIBILITY=true in .env does the same; without it names use -', async () => {
  const project = 'berth-e2e-compat-env';
  const dir = stack('dotenv', { '.env': 'COMPOSE_COMPATIBILITY=true\n' });
  const up = await berth(['-p', project, 'up', '-d', '--no-build', 'web'], { cwd: dir });
  assert.equal(up.exitCode, 0, up.stderr);
  assert.deepEqual(await names(project), [`${project}_web_1`]);
  const plain = await berth(['-p', project, 'config', '--images'], { cwd: dir, env: { COMPOSE_COMPATIBILITY: 'false' } });
  assert.equal(plain.stdout, `berth-test/busybox:latest\n${project}-app`);
  await berth(['-p', project, 'down', '-t', '0'], { cwd: dir });
  assert.deepEqual(await names(project), []);
});

test('COMPOSE_STATUS_STDOUT=true puts the progress lines on stdout, and stderr stays empty', async () => {
  const project = 'berth-e2e-status';
  const dir = stack('status');
  const onStdout = await berth(['-p', project, 'up', '-d', '--no-build', 'web'], { cwd: dir, env: { COMPOSE_STATUS_STDOUT: 'true' } });
  assert.equal(onStdout.exitCode, 0, onStdout.stderr);
  assert.equal(onStdout.stderr, '');
  assert.match(onStdout.stdout, new RegExp(`^ Container ${project}-web-1  Started$`, 'm'));
  const onStderr = await berth(['-p', project, 'down', '-t', '0'], { cwd: dir, env: { COMPOSE_STATUS_STDOUT: '0' } });
  assert.equal(onStderr.stdout, '');
  assert.match(onStderr.stderr, new RegExp(`^ Container ${project}-web-1  Removed$`, 'm'));
});
