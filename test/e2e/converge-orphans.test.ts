import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { berth } from '../helpers/berth.js';
import { purgeProject } from '../helpers/docker.js';
import { containerIds, stackDir } from '../helpers/converge.js';

// A service removed from the file leaves an orphan: warned about, removed only with --remove-orphans.
const project = 'berth-c-orphans';
after(() => purgeProject(project));
const service = (name: string): string => `  ${name}:\n    image: berth-test/busybox:latest\n    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]\n`;

test('orphans are warned about, then removed with --remove-orphans', async () => {
  await purgeProject(project);
  const dir = stackDir(`services:\n${service('kept')}${service('dropped')}`);
  assert.equal((await berth(['-p', project, 'up', '-d'], { cwd: dir })).exitCode, 0);
  writeFileSync(path.join(dir, 'compose.yaml'), `services:\n${service('kept')}`);
  const warned = await berth(['-p', project, 'up', '-d'], { cwd: dir });
  assert.equal(warned.exitCode, 0, warned.stderr);
  assert.match(warned.stderr, /Found orphan containers \(\[berth-c-orphans-dropped-1\]\) for this project/);
  assert.ok(`${project}-dropped-1` in (await containerIds(project)));
  const quiet = await berth(['-p', project, 'up', '-d'], { cwd: dir, env: { COMPOSE_IGNORE_ORPHANS: 'true' } });
  assert.doesNotMatch(quiet.stderr, /Found orphan containers/);
  const removed = await berth(['-p', project, 'up', '-d', '--remove-orphans'], { cwd: dir });
  assert.equal(removed.exitCode, 0, removed.stderr);
  assert.deepEqual(Object.keys(await containerIds(project)), [`${project}-kept-1`]);
  assert.equal((await berth(['-p', project, 'down'], { cwd: dir })).exitCode, 0);
});
