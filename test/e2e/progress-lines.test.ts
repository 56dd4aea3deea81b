import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { berth } from '../helpers/berth.js';
import { purgeProject } from '../helpers/docker.js';

// Progress lines as docker compose prints them (--progress plain): one line per event, in order.
const project = 'berth-progress-lines';
const dir = mkdtempSync(path.join(tmpdir(), 'berth-progress-'));
after(async () => {
  await purgeProject(project);
  rmSync(dir, { recursive: true, force: true });
});

function write(webValue: string): void {
  writeFileSync(path.join(dir, 'compose.yaml'), `
services:
  web:
    image: berth-test/busybox:latest
    command: sleep 300
    stop_signal: SIGKILL
    environment: { VALUE: "${webValue}" }
  db:
    image: berth-test/busybox:latest
    command: sleep 300
    stop_signal: SIGKILL
  init:
    image: berth-test/busybox:latest
    command: sh -c "exit 3"
    profiles: [broken]
  after-init:
    image: berth-test/busybox:latest
    command: sleep 300
    stop_signal: SIGKILL
    profiles: [broken]
    networks: [default, back]
    depends_on:
      init: { condition: service_completed_successfully }
networks:
  back: {}
`);
}

const up = (...args: string[]) => berth(['-p', project, '--progress', 'plain', 'up', '-d', ...args], { cwd: dir });
const lines = (stderr: string): string[] => stderr.split('\n').filter((line) => line.startsWith(' '));

test('a no-op up -d prints each container as Running; a recreate is Recreate, Recreated with no Removed before', async () => {
  await purgeProject(project);
  write('1');
  const first = await up();
  assert.equal(first.exitCode, 0, first.stderr);

  const noop = await up();
  assert.equal(noop.exitCode, 0, noop.stderr);
  assert.deepEqual(lines(noop.stderr), [` Container ${project}-db-1  Running`, ` Container ${project}-web-1  Running`]);

  write('2');
  const changed = await up();
  assert.equal(changed.exitCode, 0, changed.stderr);
  assert.deepEqual(lines(changed.stderr), [
    ` Container ${project}-db-1  Running`,
    ` Container ${project}-web-1  Recreate`,
    ` Container ${project}-web-1  Recreated`,
    ` Container ${project}-web-1  Starting`,
    ` Container ${project}-web-1  Started`,
  ]);
});

test('a failed dependency gives one Skipped line per resource that waited for it', async () => {
  const broken = await berth(['-p', project, '--profile', 'broken', '--progress', 'plain', 'up', '-d'], { cwd: dir });
  assert.notEqual(broken.exitCode, 0);
  const skipped = lines(broken.stderr).filter((line) => line.includes('Skipped'));
  assert.deepEqual(skipped, [` Container ${project}-after-init-1  Skipped: a step it waits for failed`], broken.stderr);
  assert.match(broken.stderr, /didn't complete successfully: exit 3/);
  // Every event once, in order: no resource repeats the word it already shows.
  const events = lines(broken.stderr);
  for (let index = 1; index < events.length; index++) {
    const resource = (events[index] as string).replace(/ {2}.*$/, '');
    const previous = events.slice(0, index).filter((line) => line.startsWith(`${resource}  `)).pop();
    assert.notEqual(previous, events[index], `repeated line: ${events[index]}`);
  }
});
