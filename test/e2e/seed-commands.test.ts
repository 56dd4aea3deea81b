import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { execa } from 'execa';
import { berth, berthBin, fixturesDir } from '../helpers/berth.js';
import { httpGet, purgeProject } from '../helpers/docker.js';

// The commands seed 003 shows, on its Flask + Redis students stack built locally.
const stack = path.join(fixturesDir, 'students');
const project = 'students';

function postStudent(name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ name });
    const request = http.request('http://localhost:5000/', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { text += chunk; });
      response.on('end', () => resolve(text));
    });
    request.on('error', reject);
    request.end(body);
  });
}

before(async () => {
  await purgeProject(project);
  const up = await berth(['up', '-d', '--build'], { cwd: stack });
  assert.equal(up.exitCode, 0, up.stderr);
  await httpGet('http://localhost:5000/');
});
after(() => purgeProject(project));

test('the students app answers as the seed shows, and exec reads redis', async () => {
  assert.deepEqual(JSON.parse(await postStudent('Kumar')), { name: 'Kumar' });
  assert.deepEqual(JSON.parse(await httpGet('http://localhost:5000/')), ["{'name': 'Kumar'}"]);
  const lrange = await berth(['exec', 'redis', 'redis-cli', 'lrange', 'students', '0', '-1'], { cwd: stack });
  assert.equal(lrange.exitCode, 0, lrange.stderr);
  assert.equal(lrange.stdout.trim(), "{'name': 'Kumar'}");
  const failing = await berth(['exec', '-T', 'app', 'sh', '-c', 'exit 7'], { cwd: stack });
  assert.equal(failing.exitCode, 7, 'exec passes the exit code through');
  const flags = await berth(['exec', '-e', 'GREETING=hi', '-w', '/tmp', 'app', 'sh', '-c', 'echo $GREETING from $(pwd); ls -la / >/dev/null'], { cwd: stack });
  assert.equal(flags.stdout.trim(), 'hi from /tmp');
  const notRunning = await berth(['exec', '--index', '2', 'app', 'true'], { cwd: stack });
  assert.equal(notRunning.exitCode, 1);
  assert.match(notRunning.stderr, /service "app" is not running container #2/);
});

test('top, port, images, ps --format json, ls and config --services', async () => {
  const top = await berth(['top'], { cwd: stack });
  assert.match(top.stdout, /^students-app-1$/m);
  assert.match(top.stdout, /^students-redis-1$/m);
  assert.match(top.stdout, /flask run --host=0\.0\.0\.0/);
  assert.match(top.stdout, /redis-server/);
  assert.equal((await berth(['port', 'app', '5000'], { cwd: stack })).stdout, '0.0.0.0:5000');
  const images = await berth(['images'], { cwd: stack });
  assert.match(images.stdout, /^students-app-1\s+berth-test\/flask-redis\s+1\.0\s/m);
  const ps = (await berth(['ps', '--format', 'json'], { cwd: stack })).stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.deepEqual(ps.map((row) => row['Name']), ['students-app-1', 'students-redis-1']);
  for (const row of ps) for (const key of ['ID', 'Image', 'Command', 'Project', 'Service', 'State', 'Status', 'Health', 'ExitCode', 'Ports', 'CreatedAt']) assert.ok(key in row, `ps json lacks ${key}`);
  const ls = await berth(['ls', '--format', 'json']);
  const entry = (JSON.parse(ls.stdout) as Array<Record<string, string>>).find((row) => row['Name'] === project);
  assert.deepEqual(entry, { Name: project, Status: 'running(2)', ConfigFiles: path.join(stack, 'compose.yaml') });
  assert.equal((await berth(['config', '--services'], { cwd: stack })).stdout, 'app\nredis');
});

test('logs prints each service with its prefix; logs -f follows until interrupted', async () => {
  const logs = await berth(['logs', 'redis'], { cwd: stack });
  assert.match(logs.stdout, /^redis-1 \| .*Ready to accept connections/m);
  // Flask's request log goes to the container's stderr, which berth relays to its own stderr.
  const follow = execa(process.execPath, [berthBin, 'logs', '-f', '--tail', '0'], { cwd: stack, env: { NO_COLOR: '1' }, reject: false, all: true });
  let output = '';
  follow.all?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  // `--tail 0` shows only lines logged after the follower attached, which takes a while on a loaded
  // machine: keep requesting until one of the requests shows up in the followed output.
  const logged = /app-1 {3}\| .*"GET \/ HTTP\/1\.1" 200/;
  const deadline = Date.now() + 30_000;
  while (!logged.test(output) && Date.now() < deadline) {
    await httpGet('http://localhost:5000/');
    const pause = Date.now() + 2000;
    while (!logged.test(output) && Date.now() < pause) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  follow.kill('SIGINT');
  await follow;
  assert.match(output, /app-1 {3}\| .*"GET \/ HTTP\/1\.1" 200/);
});

test('cp copies both ways; build --no-cache rebuilds', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-cp-'));
  writeFileSync(path.join(dir, 'note.txt'), 'from the host\n');
  assert.equal((await berth(['cp', path.join(dir, 'note.txt'), 'app:/tmp/note.txt'], { cwd: stack })).exitCode, 0);
  assert.equal((await berth(['exec', 'app', 'cat', '/tmp/note.txt'], { cwd: stack })).stdout, 'from the host');
  assert.equal((await berth(['cp', 'app:/usr/src/app/app.py', path.join(dir, 'copy.py')], { cwd: stack })).exitCode, 0);
  assert.match(readFileSync(path.join(dir, 'copy.py'), 'utf8'), /from flask import Flask/);
  const build = await berth(['build', '--no-cache', '--progress', 'plain'], { cwd: stack });
  assert.equal(build.exitCode, 0, build.stderr);
  assert.match(build.stderr, /Image berth-test\/flask-redis:1\.0 {2}Built/);
  const dry = await berth(['build', '--no-cache', '--dry-run'], { cwd: stack });
  // The build arg's value travels in docker's environment, never on its argv.
  assert.match(dry.stdout, /^IMAGE_VERSION=bookworm docker build -t berth-test\/flask-redis:1\.0 .*--build-arg IMAGE_VERSION .*--no-cache /m);
});

test('as a docker CLI plugin: docker compose version and ps answer through berth', async () => {
  const config = mkdtempSync(path.join(tmpdir(), 'berth-docker-config-'));
  const install = await berth(['install-plugin', '--dir', path.join(config, 'cli-plugins')]);
  assert.equal(install.exitCode, 0, install.stderr);
  const env = { DOCKER_CONFIG: config };
  const version = await execa('docker', ['compose', 'version'], { env });
  assert.match(version.stdout, /^berth version v\d+\.\d+\.\d+$/);
  const short = await execa('docker', ['compose', 'version', '--short'], { env });
  assert.match(short.stdout, /^\d+\.\d+\.\d+$/);
  const ps = await execa('docker', ['compose', 'ps', '--services'], { cwd: stack, env });
  assert.equal(ps.stdout, 'app\nredis');
});

test('shell completion scripts for bash and zsh', async () => {
  const bash = await berth(['completion', 'bash']);
  assert.match(bash.stdout, /complete -o bashdefault -o default -F _berth_yargs_completions berth/);
  const zsh = await berth(['completion', 'zsh']);
  assert.match(zsh.stdout, /^#compdef berth/m);
  const words = await berth(['--get-yargs-completions', 'berth', 'lo']);
  assert.match(words.stdout, /^logs$/m);
});
