import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { berth, berthBin } from '../helpers/berth.js';
import { projectResources, purgeProject } from '../helpers/docker.js';

// Ctrl-C or SIGTERM during a plan: nothing new starts, running docker commands get 10 s at most,
// the steps not done are named, exit 130 (docker compose's status for an interrupted command).
const project = 'berth-e2e-interrupt';
const dir = mkdtempSync(path.join(tmpdir(), 'berth-interrupt-'));
after(async () => {
  await purgeProject(project);
  rmSync(dir, { recursive: true, force: true });
});

writeFileSync(path.join(dir, 'compose.yaml'), `
services:
  db:
    image: berth-test/busybox:latest
    # Never healthy, and deaf to SIGTERM: its stop takes the whole grace period.
    command: sh -c "trap '' TERM; while true; do sleep 1; done"
    stop_grace_period: 60s
    healthcheck: { test: ["CMD", "false"], interval: 1s, retries: 1000 }
  web:
    image: berth-test/busybox:latest
    command: sleep 300
    stop_signal: SIGKILL
    depends_on:
      db: { condition: service_healthy }
`);

/** Runs berth, sends `signal` once stderr shows `until`, and returns how it ended and how long it took after the signal. */
async function interruptWhen(args: readonly string[], until: RegExp, signal: NodeJS.Signals) {
  const child = execa(process.execPath, [berthBin, '-p', project, '--progress', 'plain', ...args], { cwd: dir, reject: false, env: { NO_COLOR: '1' }, forceKillAfterDelay: false });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const deadline = Date.now() + 60_000;
  while (!until.test(stderr)) {
    if (Date.now() > deadline) assert.fail(`never saw ${until}:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const sent = Date.now();
  child.kill(signal);
  const result = await child;
  return { exitCode: result.exitCode, stderr, seconds: (Date.now() - sent) / 1000 };
}

test('Ctrl-C during a wait for a healthy dependency: the wait ends at once, what waits is Not started, exit 130', async () => {
  await purgeProject(project);
  const run = await interruptWhen(['up', '-d'], new RegExp(` Container ${project}-db-1  Waiting`), 'SIGINT');
  assert.equal(run.exitCode, 130, run.stderr);
  assert.ok(run.seconds < 8, `a wait changes nothing and ends at once (${run.seconds} s)`);
  assert.match(run.stderr, /berth: interrupted: starting nothing new/);
  assert.match(run.stderr, new RegExp(` Container ${project}-web-1  Not started: interrupted`));
  assert.match(run.stderr, new RegExp(`interrupted: \\d+ steps? not done:\\n(  .*\\n)*  Container ${project}-web-1: `));
});

test('SIGTERM during a stop that would take a minute: the docker command gets the 10 s grace period, then berth ends (exit 130)', async () => {
  const run = await interruptWhen(['down'], new RegExp(` Container ${project}-db-1  Stopping`), 'SIGTERM');
  assert.equal(run.exitCode, 130, run.stderr);
  assert.ok(run.seconds >= 9 && run.seconds < 30, `ended by the grace period (${run.seconds} s)`);
  assert.match(run.stderr, /berth: terminated: starting nothing new, waiting for the docker commands already running \(10 s at most/);
  assert.match(run.stderr, new RegExp(` Container ${project}-db-1  Interrupted`));
  assert.match(run.stderr, new RegExp(`  Container ${project}-db-1: stopping \\(`));
});

test('after the interruptions, a plain down removes everything', async () => {
  const down = await berth(['-p', project, 'down', '-t', '0'], { cwd: dir });
  assert.equal(down.exitCode, 0, down.stderr);
  assert.deepEqual((await projectResources(project)).containers, []);
});
