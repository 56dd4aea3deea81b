import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { berth } from '../helpers/berth.js';
import { docker, purgeProject } from '../helpers/docker.js';
import { containerIds, stackDir } from '../helpers/converge.js';

// Scaling with docker compose v2's numbering: scale-down removes the highest numbers, new replicas
// take max+1; a fixed host port cannot be scaled (seed 003) and says so.
const project = 'berth-c-scale';
after(() => purgeProject(project));

const dir = stackDir(`services:
  worker:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]
  web:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]
    ports:
      - "19110:80"
  named:
    image: berth-test/busybox:latest
    container_name: berth-c-scale-the-one
    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]
`);
const up = (...args: string[]) => berth(['-p', project, 'up', '-d', '-t', '1', ...args], { cwd: dir });
const workers = async (): Promise<string[]> => Object.keys(await containerIds(project)).filter((name) => name.includes('-worker-')).sort();
const names = (...numbers: number[]): string[] => numbers.map((number) => `${project}-worker-${number}`);

test('--scale up and down numbers replicas as compose v2 does', async () => {
  await purgeProject(project);
  const three = await up('--scale', 'worker=3');
  assert.equal(three.exitCode, 0, three.stderr);
  assert.deepEqual(await workers(), names(1, 2, 3));
  const kept = await containerIds(project);

  const one = await up('--scale', 'worker=1');
  assert.equal(one.exitCode, 0, one.stderr);
  assert.deepEqual(await workers(), names(1), 'scale down removed the highest numbers');
  assert.equal((await containerIds(project))[`${project}-worker-1`], kept[`${project}-worker-1`]);

  assert.equal((await up('--scale', 'worker=3')).exitCode, 0);
  await docker(['rm', '-f', `${project}-worker-2`]);
  const refill = await up('--scale', 'worker=3');
  assert.equal(refill.exitCode, 0, refill.stderr);
  assert.deepEqual(await workers(), names(1, 3, 4), 'a new replica takes the highest number + 1');
  assert.equal((await up('--scale', 'worker=2')).exitCode, 0);
  assert.deepEqual(await workers(), names(1, 3));
});

test('scaling a service with a fixed host port fails clearly, naming the container', async () => {
  const clash = await up('--scale', 'web=3');
  assert.equal(clash.exitCode, 1);
  assert.match(clash.stderr, /The "web" service specifies a port on the host/);
  assert.match(clash.stderr, /berth-c-scale-web-[23].*port is already allocated/);
  const running = (await docker(['ps', '--filter', `label=com.docker.compose.project=${project}`, '--filter', 'label=com.docker.compose.service=web', '--format', '{{.Names}}'])).trim();
  assert.equal(running, `${project}-web-1`, 'the first replica still runs');
});

test('container_name forbids more than one replica', async () => {
  const before = await containerIds(project);
  const named = await up('--scale', 'named=2');
  assert.equal(named.exitCode, 1);
  assert.match(named.stderr, /container_name "berth-c-scale-the-one".*can't be scaled/);
  assert.deepEqual(await containerIds(project), before, 'nothing changed');
});
