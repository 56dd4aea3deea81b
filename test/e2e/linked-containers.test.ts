import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { berth } from '../helpers/berth.js';
import { docker, projectResources, purgeProject } from '../helpers/docker.js';
import { stackDir } from '../helpers/converge.js';

// Containers others link to on the default bridge are listed by docker ps under several names
// (`p-app-1/dbalias,p-db-1`): berth must still find, stop and remove each one the first time.
const project = 'berth-linked';
after(() => purgeProject(project));

const sleeper = `    image: berth-test/busybox:latest\n    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]\n    network_mode: bridge\n`;
const compose = `services:\n  db:\n${sleeper}  app:\n${sleeper}    links: ["db:dbalias"]\n  web:\n${sleeper}    links: ["app:appalias", "db"]\n`;
const names = [`${project}-app-1`, `${project}-db-1`, `${project}-web-1`];

async function states(): Promise<string[]> {
  return (await docker(['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.State}}'])).split('\n').filter(Boolean);
}

async function nothingLeft(): Promise<void> {
  assert.deepEqual((await projectResources(project)).containers, []);
}

test('up -d then down removes every linked container the first time', async () => {
  await purgeProject(project);
  const dir = stackDir(compose);
  assert.equal((await berth(['-p', project, 'up', '-d'], { cwd: dir })).exitCode, 0);
  // The engine does list them under their link aliases too.
  assert.match(await docker(['ps', '--no-trunc', '--format', '{{.Names}}']), /\//);
  const down = await berth(['-p', project, 'down'], { cwd: dir });
  assert.equal(down.exitCode, 0, down.stderr);
  await nothingLeft();
});

test('up --no-start then down removes every linked container, and says Removed only for what went', async () => {
  await purgeProject(project);
  const dir = stackDir(compose);
  assert.equal((await berth(['-p', project, 'up', '--no-start'], { cwd: dir })).exitCode, 0);
  assert.deepEqual(await states(), ['created', 'created', 'created']);
  const down = await berth(['-p', project, 'down'], { cwd: dir });
  assert.equal(down.exitCode, 0, down.stderr);
  for (const name of names) assert.match(down.stderr, new RegExp(`Container ${name}  Removed`));
  assert.doesNotMatch(down.stderr, /\//);
  await nothingLeft();
});

test('stop stops every linked container; ps shows their own names', async () => {
  await purgeProject(project);
  const dir = stackDir(compose);
  assert.equal((await berth(['-p', project, 'up', '-d'], { cwd: dir })).exitCode, 0);
  const table = await berth(['-p', project, 'ps'], { cwd: dir });
  assert.equal(table.exitCode, 0, table.stderr);
  assert.deepEqual(table.stdout.split('\n').slice(1).filter(Boolean).map((line) => line.split(/\s+/)[0]), names);
  const json = await berth(['-p', project, 'ps', '--format', 'json'], { cwd: dir });
  assert.deepEqual(json.stdout.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { Name: string; Names: string }).Names), names);
  const stop = await berth(['-p', project, 'stop'], { cwd: dir });
  assert.equal(stop.exitCode, 0, stop.stderr);
  assert.deepEqual(await states(), ['exited', 'exited', 'exited']);
  const start = await berth(['-p', project, 'start'], { cwd: dir });
  assert.equal(start.exitCode, 0, start.stderr);
  assert.deepEqual(await states(), ['running', 'running', 'running']);
  assert.equal((await berth(['-p', project, 'down'], { cwd: dir })).exitCode, 0);
  await nothingLeft();
});
