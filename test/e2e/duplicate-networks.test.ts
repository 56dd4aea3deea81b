import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { berth } from '../helpers/berth.js';
import { docker, purgeProject } from '../helpers/docker.js';
import { stackDir } from '../helpers/converge.js';

// The engine accepts two networks of one name (racing creates, or another tool): berth handles them by ID.
const project = 'berth-dupnet';
const name = `${project}_default`;
after(() => purgeProject(project));

const sleeper = `    image: berth-test/busybox:latest\n    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]\n`;
const compose = `services:\n  a:\n${sleeper}  b:\n${sleeper}  c:\n${sleeper}`;

/**
 * `docker network create` as racing runs do it: through the API with CheckDuplicate off (the CLI
 * refuses a name it sees taken), with the project's labels.
 */
function createNetworkAnyway(): Promise<string> {
  const host = process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock';
  const target = host.startsWith('unix://') ? { socketPath: host.slice('unix://'.length) } : (() => { const url = new URL(host.replace(/^tcp:/, 'http:')); return { host: url.hostname, port: Number(url.port) }; })();
  const body = JSON.stringify({ Name: name, CheckDuplicate: false, Labels: { 'com.docker.compose.project': project, 'com.docker.compose.network': 'default' } });
  return new Promise((resolve, reject) => {
    const request = http.request({ ...target, method: 'POST', path: '/v1.41/networks/create', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => (response.statusCode === 201 ? resolve((JSON.parse(text) as { Id: string }).Id) : reject(new Error(text))));
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function networkIds(): Promise<string[]> {
  return (await docker(['network', 'ls', '-q', '--no-trunc', '--filter', `name=^${name}$`])).split('\n').filter(Boolean);
}

async function attachedTo(container: string): Promise<string> {
  return (await docker(['inspect', '--format', '{{range .NetworkSettings.Networks}}{{.NetworkID}}{{end}}', container])).trim();
}

test('two networks made by hand under the project\'s name: up -d keeps one and succeeds; down removes both', async () => {
  await purgeProject(project);
  const dir = stackDir(compose);
  await createNetworkAnyway();
  await createNetworkAnyway();
  assert.equal((await networkIds()).length, 2);
  const up = await berth(['-p', project, 'up', '-d'], { cwd: dir });
  assert.equal(up.exitCode, 0, up.stderr);
  const [kept] = await networkIds();
  assert.equal((await networkIds()).length, 1);
  for (const service of ['a', 'b', 'c']) assert.equal(await attachedTo(`${project}-${service}-1`), kept);
  assert.equal((await berth(['-p', project, 'up', '-d'], { cwd: dir })).exitCode, 0);

  // Containers split over two networks of the name (as two racing ups leave them): the one most use stays.
  const other = await createNetworkAnyway();
  await docker(['network', 'disconnect', kept as string, `${project}-c-1`]);
  await docker(['network', 'connect', other, `${project}-c-1`]);
  const repaired = await berth(['-p', project, 'up', '-d'], { cwd: dir });
  assert.equal(repaired.exitCode, 0, repaired.stderr);
  assert.deepEqual(await networkIds(), [kept]);
  for (const service of ['a', 'b', 'c']) assert.equal(await attachedTo(`${project}-${service}-1`), kept);
  assert.match(repaired.stderr, /Container berth-dupnet-c-1  Recreated/);
  // a and b stay as they are: at most shown as `Running`, never recreated, stopped or started.
  assert.doesNotMatch(repaired.stderr, /Container berth-dupnet-[ab]-1  (?!Running$)/m);

  await createNetworkAnyway();
  assert.equal((await networkIds()).length, 2);
  const down = await berth(['-p', project, 'down', '-v'], { cwd: dir });
  assert.equal(down.exitCode, 0, down.stderr);
  assert.deepEqual(await networkIds(), []);
});

test('a duplicated network whose definition also changed: up -d keeps one, recreates it and reattaches every container', async () => {
  await purgeProject(project);
  const dir = stackDir(compose);
  assert.equal((await berth(['-p', project, 'up', '-d'], { cwd: dir })).exitCode, 0);
  const [first] = await networkIds();
  await createNetworkAnyway();
  writeFileSync(path.join(dir, 'compose.yaml'), `${compose}networks:\n  default:\n    labels:\n      generation: "2"\n`);
  const up = await berth(['-p', project, 'up', '-d'], { cwd: dir });
  assert.equal(up.exitCode, 0, up.stderr);
  const ids = await networkIds();
  assert.equal(ids.length, 1);
  assert.notEqual(ids[0], first, 'recreated');
  assert.equal((await docker(['network', 'inspect', '--format', '{{index .Labels "generation"}}', ids[0] as string])).trim(), '2');
  for (const service of ['a', 'b', 'c']) assert.equal(await attachedTo(`${project}-${service}-1`), ids[0]);
  assert.equal((await berth(['-p', project, 'down'], { cwd: dir })).exitCode, 0);
});

test('down fails, naming it, when a network of the project stays (a container outside the project still uses it)', async () => {
  await purgeProject(project);
  const dir = stackDir(compose);
  assert.equal((await berth(['-p', project, 'up', '-d'], { cwd: dir })).exitCode, 0);
  await docker(['run', '-d', '--name', `${project}-foreign`, '--network', name, 'berth-test/busybox:latest', 'sleep', '3600']);
  try {
    const down = await berth(['-p', project, 'down'], { cwd: dir });
    assert.equal(down.exitCode, 1, down.stderr);
    assert.match(down.stderr, new RegExp(`down did not remove everything of project "${project}":\\n  Network ${name}: .*active endpoints`));
    assert.equal((await networkIds()).length, 1);
  } finally {
    await docker(['rm', '-f', `${project}-foreign`]);
  }
  const again = await berth(['-p', project, 'down'], { cwd: dir });
  assert.equal(again.exitCode, 0, again.stderr);
  assert.deepEqual(await networkIds(), []);
});
