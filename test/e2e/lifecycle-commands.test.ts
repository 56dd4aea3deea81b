import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execa } from 'execa';
import { berth, berthBin, fixturesDir } from '../helpers/berth.js';
import { docker, purgeProject } from '../helpers/docker.js';

// wait, events and ls on a small busybox stack (alpha and beta run, gamma exits 3).
const stack = path.join(fixturesDir, 'attached');
const project = 'berth-e2e-cmds';
const run = (args: string[]) => berth(['-p', project, ...args], { cwd: stack });

before(async () => {
  await purgeProject(project);
  const up = await run(['up', '-d']);
  assert.equal(up.exitCode, 0, up.stderr);
});
after(() => purgeProject(project));

test('wait blocks until the service stops and exits with its code', async () => {
  const result = await run(['wait', 'gamma']);
  assert.equal(result.exitCode, 3);
  assert.equal(result.stdout, `${project}-gamma-1 exited with code 3`);
});

test('events --json streams the project container events', async () => {
  const events = execa(process.execPath, [berthBin, '-p', project, 'events', '--json'], { cwd: stack, reject: false });
  let output = '';
  events.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await docker(['restart', '-t', '1', `${project}-alpha-1`]);
  const deadline = Date.now() + 15_000;
  while (!output.includes('"action":"start"') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  events.kill('SIGINT');
  await events;
  const lines = output.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  const start = lines.find((line) => line['action'] === 'start');
  assert.ok(start, output);
  assert.equal(start['service'], 'alpha');
  assert.equal(start['type'], 'container');
  assert.match(String(start['time']), /^\d{4}-\d\d-\d\dT/);
  assert.equal((start['attributes'] as Record<string, string>)['name'], `${project}-alpha-1`);
});

test('--progress json prints one JSON event per line, and errors as JSON', async () => {
  const restart = await run(['--progress', 'json', 'restart', 'alpha']);
  assert.equal(restart.exitCode, 0, restart.stderr);
  const events = restart.stderr.split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.ok(events.every((event) => event['dry-run'] === false && typeof event['status'] === 'string' && event['text'] === event['status']));
  assert.ok(events.some((event) => event['id'] === `Container ${project}-alpha-1`), restart.stderr);
  const failure = await run(['--progress', 'json', 'restart', 'nosuch']);
  assert.equal(failure.exitCode, 1);
  assert.deepEqual(JSON.parse(failure.stderr), { error: true, message: 'no such service: nosuch' });
});

test('ls shows the project with its state counts; -a and --filter', async () => {
  const table = await berth(['ls', '--filter', `name=${project}`]);
  assert.match(table.stdout, new RegExp(`^${project}\\s+exited\\(1\\), running\\(2\\)\\s+${path.join(stack, 'compose.yaml').replace(/[/.]/g, '\\$&')}$`, 'm'));
  const quiet = await berth(['ls', '-q', '--filter', `name=${project}`]);
  assert.equal(quiet.stdout, project);
  await docker(['stop', '-t', '1', `${project}-alpha-1`, `${project}-beta-1`]);
  assert.equal((await berth(['ls', '-q', '--filter', `name=${project}`])).stdout, '');
  assert.equal((await berth(['ls', '-a', '-q', '--filter', `name=${project}`])).stdout, project);
});
