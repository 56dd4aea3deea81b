import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { berth, fixturesDir, repoRoot } from '../helpers/berth.js';
import { engineSnapshot, httpGet, projectResources, purgeProject } from '../helpers/docker.js';

// The seed's hit counter (seed 001) on the real engine: web built from ./app, redis beside it.
const stack = path.join(fixturesDir, 'flask-redis');
const project = 'flask-redis';

before(() => purgeProject(project));
after(() => purgeProject(project));

test('up -d brings the counter up; it counts; ps lists both services; down leaves nothing', async () => {
  const up = await berth(['up', '-d'], { cwd: stack });
  assert.equal(up.exitCode, 0, up.stderr);
  assert.equal(await httpGet('http://localhost:8000/'), 'Hi! I have been called 1 times\n');
  assert.equal(await httpGet('http://localhost:8000/'), 'Hi! I have been called 2 times\n');

  const ps = await berth(['ps'], { cwd: stack });
  assert.equal(ps.exitCode, 0, ps.stderr);
  assert.match(ps.stdout, /^NAME\s+IMAGE\s+COMMAND\s+SERVICE\s+CREATED\s+STATUS\s+PORTS$/m);
  assert.match(ps.stdout, /^flask-redis-redis-1\s+berth-test\/redis:latest\s+.*\bredis\b.*\bUp\b/m);
  assert.match(ps.stdout, /^flask-redis-web-1\s+flask-redis-web\s+.*\bweb\b.*\bUp\b.*8000->5000\/tcp/m);
  const json = (await berth(['ps', '--format', 'json'], { cwd: stack })).stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.deepEqual(json.map((row) => [row['Service'], row['State'], row['Project']]), [['redis', 'running', project], ['web', 'running', project]]);

  // The containers carry docker compose v2's names and labels.
  const labels = JSON.parse((await execa('docker', ['inspect', '--format', '{{json .Config.Labels}}', 'flask-redis-web-1'])).stdout) as Record<string, string>;
  assert.equal(labels['com.docker.compose.project'], project);
  assert.equal(labels['com.docker.compose.service'], 'web');
  assert.equal(labels['com.docker.compose.container-number'], '1');
  assert.equal(labels['com.docker.compose.oneoff'], 'False');
  assert.equal(labels['com.docker.compose.project.working_dir'], stack);
  assert.equal(labels['com.docker.compose.project.config_files'], path.join(stack, 'compose.yaml'));
  assert.match(labels['com.docker.compose.config-hash'] ?? '', /^[0-9a-f]{64}$/);
  assert.match(labels['com.docker.compose.image'] ?? '', /^sha256:[0-9a-f]{64}$/);
  assert.ok(labels['com.docker.compose.version']);

  const again = await berth(['up', '-d', '--dry-run'], { cwd: stack });
  assert.match(again.stdout, /nothing to do: the project is up to date/);

  const down = await berth(['down'], { cwd: stack });
  assert.equal(down.exitCode, 0, down.stderr);
  assert.deepEqual(await projectResources(project), { containers: [], networks: [], volumes: [] });
});

test('up --dry-run changes nothing, and its script run with sh brings up the same stack', async () => {
  const before = await engineSnapshot();
  const dry = await berth(['up', '--dry-run'], { cwd: stack });
  assert.equal(dry.exitCode, 0, dry.stderr);
  assert.equal(await engineSnapshot(), before, 'the dry-run changed the engine');
  assert.match(dry.stdout, /^set -eu$/m);
  assert.match(dry.stdout, /^docker network create .* flask-redis_default$/m);
  assert.match(dry.stdout, /^REDIS_HOST=redis docker run -d --name flask-redis-web-1 /m);
  assert.match(dry.stdout, /^# Container flask-redis-redis-1: not found$/m);

  const script = await execa('sh', ['-c', dry.stdout], { reject: false });
  assert.equal(script.exitCode, 0, String(script.stderr));
  assert.equal(await httpGet('http://localhost:8000/'), 'Hi! I have been called 1 times\n');

  // What the script made is what berth would have made: berth now plans no change.
  const replan = await berth(['up', '-d', '--dry-run'], { cwd: stack });
  assert.match(replan.stdout, /nothing to do: the project is up to date/, replan.stdout);

  const down = await berth(['down', '--dry-run'], { cwd: stack });
  assert.match(down.stdout, /^# Container flask-redis-web-1: project down\ndocker rm -f [0-9a-f]{64}$/m);
  await execa('sh', ['-c', down.stdout]);
  assert.deepEqual(await projectResources(project), { containers: [], networks: [], volumes: [] });
});

test('a malformed compose file is reported at file:line:col, exits non-zero and changes nothing', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-bad-'));
  const file = path.join(dir, 'compose.yaml');
  writeFileSync(file, 'services:\n  web:\n    image: berth-test/busybox\n    ports:\n      - "80:abc"\n');
  const before = await engineSnapshot();
  const result = await berth(['up', '-d'], { cwd: dir });
  assert.equal(result.exitCode, 1);
  assert.equal(result.stderr.trim(), `${file}:5:9: services.web.ports.0: invalid port "80:abc"`);
  writeFileSync(file, 'services:\n  web:\n    image: x\n   command: [\n');
  const syntax = await berth(['up', '-d'], { cwd: dir });
  assert.equal(syntax.exitCode, 1);
  assert.match(syntax.stderr, new RegExp(`^${file.replace(/[.]/g, '\\.')}:4:1: `));
  assert.equal(await engineSnapshot(), before);
});

// The README's main job, scripts/demo.sh, both ways: with the engine, and where none can be had.
test('demo.sh brings the seed counter up and says where it answers', async () => {
  await purgeProject(project);
  const demo = await execa('bash', [path.join(repoRoot, 'scripts', 'demo.sh')], { cwd: repoRoot, reject: false, all: true });
  assert.equal(demo.exitCode, 0, String(demo.all));
  assert.match(String(demo.stdout), /The counter answers at http:\/\/localhost:8000\/ : Hi! I have been called 1 times/);
  assert.match(String(demo.stdout), /^flask-redis-web-1\s/m);
});

test('demo.sh prints the dry-run script where no engine can be had', async () => {
  const demo = await execa('bash', [path.join(repoRoot, 'scripts', 'demo.sh')], {
    cwd: repoRoot, reject: false, env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
  });
  assert.equal(demo.exitCode, 0, String(demo.stderr));
  assert.match(String(demo.stderr), /no Docker engine reachable/);
  assert.match(String(demo.stdout), /^set -eu$/m);
  assert.match(String(demo.stdout), /^docker build -t flask-redis-web /m);
  assert.match(String(demo.stdout), /^REDIS_HOST=redis docker run -d --name flask-redis-web-1 .* -p 8000:5000 flask-redis-web$/m);
});
