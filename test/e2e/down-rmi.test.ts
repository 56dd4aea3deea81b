import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { berth } from '../helpers/berth.js';
import { docker, projectResources, purgeProject } from '../helpers/docker.js';
import { stackDir } from '../helpers/converge.js';

// `down --rmi local` removes the images berth built for the project (no image: key) and keeps pulled
// or named ones; without --rmi, down does not even look at images.
const project = 'berth-c-rmi';
const dir = stackDir(`services:
  built:
    build: ./app
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
  named:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
`);
mkdirSync(path.join(dir, 'app'));
writeFileSync(path.join(dir, 'app', 'Dockerfile'), 'FROM berth-test/busybox:latest\nLABEL berth.test=rmi\n');
const run = (args: string[]) => berth(['-p', project, ...args], { cwd: dir });
const imageExists = async (reference: string): Promise<boolean> => (await docker(['image', 'ls', '-q', reference])).trim() !== '';

after(async () => {
  await purgeProject(project);
  await docker(['image', 'rm', `${project}-built`]).catch(() => undefined);
});

test('down --rmi local removes the built image and keeps the named one', async () => {
  await purgeProject(project);
  const up = await run(['up', '-d']);
  assert.equal(up.exitCode, 0, up.stderr);
  assert.ok(await imageExists(`${project}-built`));
  const plain = await run(['down', '--dry-run']);
  assert.doesNotMatch(plain.stdout, /image rm/);
  const down = await run(['down', '--rmi', 'local']);
  assert.equal(down.exitCode, 0, down.stderr);
  assert.equal(await imageExists(`${project}-built`), false, 'the built image is gone');
  assert.ok(await imageExists('berth-test/busybox:latest'), 'the named image stays');
  assert.deepEqual(await projectResources(project), { containers: [], networks: [], volumes: [] });
});
