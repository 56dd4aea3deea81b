import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { berth, berthBin } from '../helpers/berth.js';
import { stackDir } from '../helpers/converge.js';
import { docker, purgeProject } from '../helpers/docker.js';

// A build's output is shown while it runs, as docker compose shows it: each line under the image's
// resource with --progress plain (and json), the latest line under the image's row of the live view
// on a terminal; --quiet-build hides it.
const project = 'berth-build-output';
const socket = `berth-build-output-${process.pid}`;
const tmux = (args: string[]) => execa('tmux', ['-L', socket, ...args], { reject: false });
after(async () => {
  await tmux(['kill-server']);
  await purgeProject(project);
  await docker(['image', 'rm', '-f', `${project}-app`]).catch(() => undefined);
});

const dir = stackDir(`services:\n  app:\n    build: .\n    command: ["sleep", "3600"]\n`);
// Each marker is new, so that its RUN step is never taken from the build cache.
const setMarker = (marker: string, pause = 0) => writeFileSync(path.join(dir, 'Dockerfile'), `FROM berth-test/busybox:latest\nRUN echo ${marker}-${RUN}${pause > 0 ? ` && sleep ${pause}` : ''}\n`);
const image = `Image ${project}-app`;
const RUN = Date.now().toString(36);

test('--progress plain and json show each build line under the image; --quiet-build hides them', async () => {
  await purgeProject(project);
  setMarker('plain-marker-1');
  const plain = await berth(['-p', project, '--progress', 'plain', 'up', '-d', '--build'], { cwd: dir });
  assert.equal(plain.exitCode, 0, plain.stderr);
  assert.match(plain.stderr, new RegExp(`^ ${image}  Step 1/\\d+ : FROM berth-test/busybox:latest$`, 'm'));
  assert.match(plain.stderr, new RegExp(`^ ${image}  plain-marker-1-${RUN}$`, 'm'));
  assert.match(plain.stderr, new RegExp(`^ ${image}  Built$`, 'm'));

  setMarker('json-marker-2');
  const json = await berth(['-p', project, '--progress', 'json', 'up', '-d', '--build'], { cwd: dir });
  assert.equal(json.exitCode, 0, json.stderr);
  const events = json.stderr.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { id: string; status: string; text: string });
  assert.ok(events.some((event) => event.id === image && event.status === 'Building' && event.text === `json-marker-2-${RUN}`), json.stderr);

  setMarker('quiet-marker-3');
  const quiet = await berth(['-p', project, '--progress', 'plain', 'up', '-d', '--build', '--quiet-build'], { cwd: dir });
  assert.equal(quiet.exitCode, 0, quiet.stderr);
  assert.doesNotMatch(quiet.stderr, /quiet-marker-3|Step 1\//);
  assert.match(quiet.stderr, new RegExp(`^ ${image}  Built$`, 'm'));
  assert.equal((await docker(['run', '--rm', `${project}-app`, 'true'])).trim(), '', 'the image was built');
});

test('on a terminal, the build\'s latest line shows under the image\'s row while it runs', async () => {
  await purgeProject(project);
  setMarker('tty-marker-4', 6);
  const status = path.join(dir, 'exit-status');
  const env = process.env['DOCKER_HOST'] === undefined ? '' : `DOCKER_HOST='${process.env['DOCKER_HOST']}' `;
  const command = `cd '${dir}' && ${env}'${process.execPath}' -- '${berthBin}' -p ${project} up -d --build; echo $? > '${status}'; exec sleep 600`;
  await tmux(['kill-server']);
  assert.equal((await tmux(['new-session', '-d', '-x', '120', '-y', '30', '-s', 'build', command])).exitCode, 0);
  let seen = '';
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && !existsSync(status)) {
    const screen = String((await tmux(['capture-pane', '-p', '-t', 'build'])).stdout);
    if (/tty-marker-4/.test(screen)) {
      seen = screen;
      break;
    }
    await sleep(200);
  }
  assert.match(seen, new RegExp(`${image}  Building\\n.*tty-marker-4`), `the marker under the image's row while building:\n${seen}`);
  while (Date.now() < deadline && !existsSync(status)) await sleep(200);
  assert.equal(readFileSync(status, 'utf8').trim(), '0');
});
