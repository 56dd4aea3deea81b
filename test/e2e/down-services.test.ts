import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { berth, fixturesDir } from '../helpers/berth.js';
import { projectResources, purgeProject } from '../helpers/docker.js';

// `down SERVICE...` takes down those services and what depends on them, and leaves the rest (and the network).
const stack = path.join(fixturesDir, 'golden', 'depends-on-healthy');
const project = 'berth-e2e-down';
const run = (args: string[]) => berth(['-p', project, ...args], { cwd: stack });

after(() => purgeProject(project));

test('down SERVICE removes the service and its dependents only; down removes the rest', async () => {
  await purgeProject(project);
  assert.equal((await run(['up', '-d'])).exitCode, 0);
  const partial = await run(['down', 'migrate']);
  assert.equal(partial.exitCode, 0, partial.stderr);
  assert.deepEqual(await projectResources(project), { containers: [`${project}-db-1`], networks: [`${project}_default`], volumes: [] });
  const unknown = await run(['down', 'nosuch']);
  assert.equal(unknown.exitCode, 1);
  assert.equal(unknown.stderr, 'no such service: nosuch');
  assert.equal((await run(['down'])).exitCode, 0);
  assert.deepEqual(await projectResources(project), { containers: [], networks: [], volumes: [] });
});
