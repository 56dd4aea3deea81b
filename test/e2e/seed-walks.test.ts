import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { berth, fixturesDir } from '../helpers/berth.js';
import { docker, httpGet, purgeProject } from '../helpers/docker.js';
import { containerIds } from '../helpers/converge.js';

// The multi-file steps of seeds 003 and 004 walked as written, on local images: each next `up`
// recreates containers that have bind mounts.
const seed003 = 'berth-walk-003';
const seed004 = 'berth-walk-004';
before(async () => { await purgeProject(seed003); await purgeProject(seed004); });
after(async () => { await purgeProject(seed003); await purgeProject(seed004); });

/** A seed's compose file with its registry images swapped for the local test images. */
function localised(file: string, swaps: Array<[string, string]>): string {
  return swaps.reduce((text, [from, to]) => text.split(from).join(to), readFileSync(file, 'utf8'));
}

const inspect = async (container: string, format: string): Promise<string> => (await docker(['inspect', '--format', format, container])).trim();

test('seed 003: docker-compose.yml with the development override (.:/usr/src/app), then an env_file change', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-seed003-'));
  for (const file of ['Dockerfile', 'app.py', 'requirements.txt']) cpSync(path.join(fixturesDir, 'students', file), path.join(dir, file));
  writeFileSync(path.join(dir, 'docker-compose.yml'), localised(path.join(fixturesDir, 'seeds', '003-06', 'docker-compose.yml'), [
    ['takacsmark/flask-redis:1.0', 'berth-test/flask-redis:1.0'], ['3.7.0-alpine3.8', 'bookworm'], ['redis:4.0.11-alpine', 'berth-test/redis:latest'], ['80:5000', '5003:5000'],
  ]));
  cpSync(path.join(fixturesDir, 'seeds', '003-06', '.env.txt'), path.join(dir, '.env.txt'));
  writeFileSync(path.join(dir, 'docker-compose.override.yml'), "version: '3'\nservices:\n  app:\n    volumes:\n      - .:/usr/src/app\n");
  const run = (args: string[]) => berth(['-p', seed003, ...args], { cwd: dir });
  const app = `${seed003}-app-1`;

  const up = await run(['up', '-d', '--build']);
  assert.equal(up.exitCode, 0, up.stderr);
  await httpGet('http://127.0.0.1:5003/');
  assert.equal(await inspect(app, '{{range .Mounts}}{{.Type}} {{.Source}} {{.Destination}}{{end}}'), `bind ${dir} /usr/src/app`);
  const first = (await containerIds(seed003))[app];

  writeFileSync(path.join(dir, '.env.txt'), 'FLASK_ENV=production\n');
  const next = await run(['up', '-d']);
  assert.equal(next.exitCode, 0, next.stderr);
  assert.notEqual((await containerIds(seed003))[app], first, 'the env_file change recreated the app');
  assert.match(await inspect(app, '{{json .Config.Env}}'), /"FLASK_ENV=production"/);
  writeFileSync(path.join(dir, 'live.txt'), 'edited on the host\n');
  assert.equal((await docker(['exec', app, 'cat', '/usr/src/app/live.txt'])).trim(), 'edited on the host', 'the bind mount is intact');
  await httpGet('http://127.0.0.1:5003/');
  const again = await run(['up', '-d']);
  assert.equal(again.exitCode, 0, again.stderr);
  assert.doesNotMatch(again.stderr, /Recreate|Creat/);
  assert.equal((await run(['down', '-v'])).exitCode, 0);
});

test('seed 004: the base file, then base + docker-compose.prod.yml', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-seed004-'));
  const swaps: Array<[string, string]> = [['postgres:13', 'berth-test/redis:latest']];
  for (const file of ['docker-compose.yml', 'docker-compose.prod.yml']) writeFileSync(path.join(dir, file), localised(path.join(fixturesDir, 'seeds', '004-15', file), swaps));
  mkdirSync(path.join(dir, 'app'));
  mkdirSync(path.join(dir, 'postgres-config'));
  writeFileSync(path.join(dir, 'postgres-config', 'extra.conf'), 'max_connections = 20\n');
  // ./app builds an image whose `npm` just keeps running, standing in for the seed's Node app.
  writeFileSync(path.join(dir, 'app', 'Dockerfile'), "FROM berth-test/busybox:latest\nRUN printf '#!/bin/sh\\ntrap \"exit 0\" TERM\\nwhile :; do sleep 1; done\\n' > /bin/npm && chmod +x /bin/npm\nWORKDIR /usr/src/app\nCMD [\"npm\", \"run\", \"dev\"]\n");
  const run = (args: string[]) => berth(['-p', seed004, ...args], { cwd: dir });
  const app = `${seed004}-app-1`;
  const database = `${seed004}-database-1`;

  const base = await run(['up', '-d']);
  assert.equal(base.exitCode, 0, base.stderr);
  const first = await containerIds(seed004);

  const prod = await run(['-f', 'docker-compose.yml', '-f', 'docker-compose.prod.yml', 'up', '-d']);
  assert.equal(prod.exitCode, 0, prod.stderr);
  const second = await containerIds(seed004);
  assert.notEqual(second[app], first[app]);
  assert.notEqual(second[database], first[database]);
  assert.equal(await inspect(app, '{{json .Config.Cmd}} {{.HostConfig.RestartPolicy.Name}} {{.HostConfig.Memory}} {{.State.Status}}'), '["npm","start"] unless-stopped 536870912 running');
  assert.equal(await inspect(app, '{{range .Mounts}}{{.Type}} {{.Source}} {{.Destination}}{{end}}'), `bind ${path.join(dir, 'app')} /usr/src/app`, '`volumes: []` merges: the bind stays');
  assert.equal((await docker(['exec', database, 'cat', '/etc/postgresql/conf.d/extra.conf'])).trim(), 'max_connections = 20');
  assert.equal(await inspect(database, '{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.Memory}} {{.HostConfig.MemoryReservation}}'), 'unless-stopped 2147483648 1073741824');

  const back = await run(['up', '-d']);
  assert.equal(back.exitCode, 0, back.stderr);
  assert.equal(await inspect(app, '{{json .Config.Cmd}} {{.HostConfig.RestartPolicy.Name}}'), '["npm","run","dev"] no', 'back to the base file: the image CMD, no restart policy');
  assert.equal((await run(['down', '-v'])).exitCode, 0);
});
