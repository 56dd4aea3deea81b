import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { berthBin } from '../helpers/berth.js';
import { purgeProject } from '../helpers/docker.js';

// The live view in a real terminal: `up` of a 5-service stack under tmux, the screen captured while
// it runs and at the end, checked for what a person sees.
const project = 'berth-tty-view';
const dir = mkdtempSync(path.join(tmpdir(), 'berth-tty-'));
const socket = `berth-tty-${process.pid}`;
const tmux = (args: string[]) => execa('tmux', ['-L', socket, ...args], { reject: false });
after(async () => {
  await tmux(['kill-server']);
  await purgeProject(project);
  rmSync(dir, { recursive: true, force: true });
});

writeFileSync(path.join(dir, 'compose.yaml'), `
x-sleeper: &sleeper
  image: berth-test/busybox:latest
  command: sleep 300
  stop_signal: SIGKILL
services:
  db:
    <<: *sleeper
    healthcheck: { test: ["CMD-SHELL", "sleep 1"], interval: 1s, retries: 30 }
  cache: *sleeper
  api:
    <<: *sleeper
    depends_on: { db: { condition: service_healthy } }
  worker:
    <<: *sleeper
    depends_on: [api, cache]
  web:
    <<: *sleeper
    depends_on: [api]
`);
const containers = ['api', 'cache', 'db', 'web', 'worker'].map((service) => `Container ${project}-${service}-1`);
const resources = [`Network ${project}_default`, ...containers];
const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** Runs berth in a fresh tmux window (120x30) and returns captures: some while it runs, the last after it ended. */
async function runInTerminal(args: string[], env: Record<string, string>): Promise<{ during: string[]; final: string; finalEscapes: string; exitStatus: string }> {
  const variables = { ...env, ...(process.env['DOCKER_HOST'] === undefined ? {} : { DOCKER_HOST: process.env['DOCKER_HOST'] }) };
  const statusFile = path.join(dir, 'exit-status');
  rmSync(statusFile, { force: true });
  const command = `cd ${quote(dir)} && env ${Object.entries(variables).map(([key, value]) => quote(`${key}=${value}`)).join(' ')} ${quote(process.execPath)} -- ${quote(berthBin)} ${args.map(quote).join(' ')}; echo $? > ${quote(`${statusFile}.tmp`)}; mv ${quote(`${statusFile}.tmp`)} ${quote(statusFile)}; exec sleep 600`;
  await tmux(['kill-server']);
  const started = await tmux(['new-session', '-d', '-x', '120', '-y', '30', '-s', 'view', command]);
  assert.equal(started.exitCode, 0, String(started.stderr));
  const during: string[] = [];
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    // berth has ended when its exit status is written (the pane then sleeps: a dead pane's notice would scroll the screen).
    if (existsSync(statusFile)) break;
    during.push(String((await tmux(['capture-pane', '-p', '-t', 'view'])).stdout));
    await sleep(100);
  }
  await sleep(200);
  const final = String((await tmux(['capture-pane', '-p', '-t', 'view'])).stdout);
  const finalEscapes = String((await tmux(['capture-pane', '-p', '-e', '-t', 'view'])).stdout);
  const exitStatus = readFileSync(statusFile, 'utf8').trim();
  return { during, final, finalEscapes, exitStatus };
}

const screenLines = (screen: string): string[] => screen.split('\n').filter((line) => line.trim() !== '');

test('up under tmux: one line per resource while it runs, final states, no spinner or control sequences left; NO_COLOR: plain lines, no colour', async () => {
  await purgeProject(project);
  const cold = await runInTerminal(['-p', project, 'up', '-d'], { TERM: 'xterm-256color' });
  assert.equal(cold.exitStatus, '0', cold.final);
  // While it runs: a spinner on the lines still in progress, and never two lines for one resource.
  assert.ok(cold.during.some((screen) => SPINNER.test(screen)), `a spinner while it runs:\n${cold.during.join('\n---\n')}`);
  for (const screen of cold.during) {
    for (const resource of resources) {
      assert.ok(screen.split(`${resource}  `).length <= 2, `one line for ${resource}:\n${screen}`);
    }
  }
  // At the end: exactly one line per resource, each with its final state, and nothing else.
  assert.deepEqual(screenLines(cold.final).map((line) => line.trim()).sort(), [
    `✔ Container ${project}-api-1  Started`,
    `✔ Container ${project}-cache-1  Started`,
    `✔ Container ${project}-db-1  Healthy`,
    `✔ Container ${project}-web-1  Started`,
    `✔ Container ${project}-worker-1  Started`,
    `✔ Network ${project}_default  Created`,
  ].sort(), cold.final);
  assert.doesNotMatch(cold.final, SPINNER);
  assert.doesNotMatch(cold.final, /\x1b|\^\[|\[\?25|\[[0-9;]*[A-HJKm]/, 'no raw control sequences on the screen');
  assert.match(cold.finalEscapes, /\x1b\[[0-9;]*3[0-9]m/, 'in colour on a terminal');

  // NO_COLOR: as docker compose, ANSI is off, so the view is plain lines, without colour; a no-op
  // up shows every container Running.
  const again = await runInTerminal(['-p', project, 'up', '-d'], { TERM: 'xterm-256color', NO_COLOR: '1' });
  assert.equal(again.exitStatus, '0', again.final);
  assert.deepEqual(screenLines(again.final), containers.map((container) => ` ${container}  Running`), again.final);
  assert.doesNotMatch(again.finalEscapes, /\x1b\[[0-9;]*(3[0-9]|9[0-7]|38;[0-9;]+)m/, 'NO_COLOR: no colour');
  assert.doesNotMatch(again.final, SPINNER);
});
