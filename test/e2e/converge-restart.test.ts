import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { berth } from '../helpers/berth.js';
import { purgeProject } from '../helpers/docker.js';
import { inspect, stackDir } from '../helpers/converge.js';

// Seed 000's restart policies: on-failure restarts a container that exits 1, "no" does not.
const project = 'berth-c-restart';
const attachedProject = 'berth-c-restart-attached';
after(async () => {
  await purgeProject(project);
  await purgeProject(attachedProject);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('restart: on-failure restarts a container that exits 1; restart: "no" does not', async () => {
  const dir = stackDir(`services:
  worker:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "sleep 1; exit 1"]
    restart: on-failure
  oneshot:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "sleep 1; exit 1"]
    restart: "no"
  finisher:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "exit 0"]
    restart: on-failure
`);
  await purgeProject(project);
  const up = await berth(['-p', project, 'up', '-d'], { cwd: dir });
  assert.equal(up.exitCode, 0, up.stderr);
  await sleep(6000);
  assert.ok(Number(await inspect(`${project}-worker-1`, '{{.RestartCount}}')) >= 1, 'on-failure restarted the failing container');
  assert.equal(await inspect(`${project}-oneshot-1`, '{{.RestartCount}}'), '0');
  assert.equal(await inspect(`${project}-oneshot-1`, '{{.State.Status}} {{.State.ExitCode}}'), 'exited 1');
  assert.equal(await inspect(`${project}-finisher-1`, '{{.RestartCount}} {{.State.Status}}'), '0 exited', 'on-failure leaves a clean exit alone');
  await berth(['-p', project, 'down', '-t', '0'], { cwd: dir });
});

test('attached up keeps following a container its restart policy restarts', async () => {
  const dir = stackDir(`services:
  flaky:
    image: berth-test/busybox:latest
    command: ["sh", "-c", "echo run; sleep 1; exit 1"]
    restart: on-failure:2
`);
  await purgeProject(attachedProject);
  const up = await berth(['-p', attachedProject, 'up'], { cwd: dir });
  assert.equal(up.exitCode, 0, up.stderr);
  assert.match(up.stdout, /^Attaching to flaky-1$/m);
  assert.equal(up.stdout.match(/^flaky-1 \| run$/gm)?.length, 3, up.stdout);
  assert.match(up.stdout, /^flaky-1 exited with code 1 \(restarting\)$/m);
  assert.match(up.stdout, /^flaky-1 exited with code 1$/m);
  assert.equal(await inspect(`${attachedProject}-flaky-1`, '{{.RestartCount}}'), '2');
});
