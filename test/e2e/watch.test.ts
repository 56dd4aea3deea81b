/**
 * `berth watch` on the real engine, run as a child process and stopped with SIGINT: sync (new files,
 * edits and deletions reach the container within 2 s, timed by the container itself), ignore and
 * .dockerignore honoured, initial_sync, sync+restart, sync+exec, rebuild (a new container from a new image), and validation before anything runs.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { berth, berthBin } from '../helpers/berth.js';
import { docker, projectResources, purgeProject } from '../helpers/docker.js';

const project = 'berth-e2e-watch';
const upProject = 'berth-e2e-up-watch';
const dir = mkdtempSync(path.join(tmpdir(), 'berth-watch-'));
after(async () => {
  await purgeProject(project);
  await purgeProject(upProject);
  await docker(['image', 'rm', '-f', `${project}-app`]).catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

const COMPOSE = `services:
  web:
    image: berth-test/busybox:latest
    # Records, with the uptime, each change of /app/index.txt it sees (every 20 ms; sh builtins only).
    command: ["sh", "-c", 'last=; while :; do v=ABSENT; [ -f /app/index.txt ] && read -r v < /app/index.txt; if [ "$$v" != "$$last" ]; then read -r up _ < /proc/uptime; echo "$$up $$v" >> /tmp/seen; last=$$v; fi; usleep 20000; done']
    init: true
    develop:
      watch:
        - action: sync
          path: ./src
          target: /app
          ignore: ["*.tmp"]
          initial_sync: true
        - action: sync+exec
          path: ./cfg
          target: /cfg
          exec:
            command: sh -c 'cat /cfg/* > /tmp/exec-marker'
  restarter:
    image: berth-test/busybox:latest
    command: ["sleep", "3600"]
    init: true
    develop:
      watch:
        - action: sync+restart
          path: ./conf
          target: /conf
  app:
    build: ./app
    init: true
    develop:
      watch:
        - action: rebuild
          path: ./app/version
        - action: sync
          path: ./app/static
          target: /static
`;

function write(relative: string, text: string): void {
  const file = path.join(dir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** Polls `check` until it holds; fails once `ms` have passed with it still false. */
async function until(ms: number, what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what}: not seen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Seconds since boot, the clock the web container's watcher loop writes (same kernel: same clock). */
const uptime = (): number => Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);

/**
 * When the web container first saw /app/index.txt hold `value` (ABSENT: gone), in seconds after
 * `writtenAt`: its own loop records each change with the uptime, so the docker exec that reads the
 * record afterwards (0.2-0.7 s on a loaded machine) does not count.
 */
async function arrival(value: string, writtenAt: number): Promise<number> {
  let at: number | undefined;
  await until(30_000, `/app/index.txt = ${value}`, async () => {
    const lines = ((await read('web', '/tmp/seen')) ?? '').split('\n').map((line) => [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)]);
    at = lines.map(([time, seenValue]) => (seenValue === value ? Number(time) : NaN)).filter((time) => time >= writtenAt - 0.01).at(-1);
    return at !== undefined;
  });
  return (at as number) - writtenAt;
}

const read = (service: string, file: string, name = project): Promise<string | undefined> =>
  docker(['exec', `${name}-${service}-1`, 'cat', file]).then((text) => text, () => undefined);

/** Starts berth as a child process in `cwd`, collecting its stdout and stderr together. */
function startBerth(args: readonly string[], cwd: string) {
  const child = execa(process.execPath, ['--', berthBin, ...args], { cwd, reject: false, env: { NO_COLOR: '1' }, all: true });
  const seen = { output: '' };
  child.all?.setEncoding('utf8');
  child.all?.on('data', (chunk: string) => {
    seen.output += chunk;
  });
  return { child, seen };
}
const inspect = (service: string, format: string): Promise<string> => docker(['inspect', '--format', format, `${project}-${service}-1`]);

test('watch refuses a project with no develop.watch, or a bad rule, before anything runs', async () => {
  await purgeProject(project);
  const plain = path.join(dir, 'plain');
  mkdirSync(plain, { recursive: true });
  writeFileSync(path.join(plain, 'compose.yaml'), 'services:\n  a:\n    image: berth-test/busybox:latest\n');
  const none = await berth(['-p', project, 'watch'], { cwd: plain });
  assert.equal(none.exitCode, 1);
  assert.equal(none.stderr.trim(), "none of the selected services is configured for watch, consider setting a 'develop' section");
  writeFileSync(path.join(plain, 'compose.yaml'), 'services:\n  a:\n    image: berth-test/busybox:latest\n    develop:\n      watch:\n        - action: sync\n          path: ./src\n');
  const bad = await berth(['-p', project, 'watch'], { cwd: plain });
  assert.equal(bad.exitCode, 1);
  assert.match(bad.stderr.trim(), /compose\.yaml:6:11: services\.a\.develop\.watch\.0: target is required for the sync action$/);
  assert.deepEqual(await projectResources(project), { containers: [], networks: [], volumes: [] });
});

test('berth watch: sync, deletions, ignores, initial_sync, sync+restart, sync+exec and rebuild; Ctrl-C exits 130', { timeout: 300_000 }, async () => {
  await purgeProject(project);
  write('compose.yaml', COMPOSE);
  write('src/initial.txt', 'there before watch');
  write('cfg/.keep', '');
  write('conf/app.ini', 'v1');
  write('app/Dockerfile', 'FROM berth-test/busybox:latest\nCOPY version /version\nCMD ["sleep", "3600"]\n');
  write('app/.dockerignore', 'static/private*\n');
  write('app/version', 'one');
  write('app/static/.keep', '');
  const { child, seen } = startBerth(['-p', project, 'watch'], dir);
  try {
    await until(120_000, '"Watch enabled"', async () => seen.output.includes('Watch enabled'));
    assert.equal(await read('web', '/app/initial.txt'), 'there before watch', 'initial_sync copied the tree');

    // A new file, a file in a new directory, and an ignored file, in one burst: one batched sync.
    let writtenAt = uptime();
    write('src/index.txt', 'hello');
    write('src/deep/er/nested.txt', 'nested');
    write('src/scratch.tmp', 'ignored');
    const created = await arrival('hello', writtenAt);
    await until(10_000, 'a file in a new directory', async () => (await read('web', '/app/deep/er/nested.txt')) === 'nested');
    assert.match(seen.output, /^Syncing service "web" after \d+ changes were detected$/m);
    writtenAt = uptime();
    write('src/index.txt', 'hello again');
    const edited = await arrival('hello again', writtenAt);
    writtenAt = uptime();
    rmSync(path.join(dir, 'src/index.txt'));
    const deleted = await arrival('ABSENT', writtenAt);
    assert.equal(await read('web', '/app/scratch.tmp'), undefined, 'ignore: *.tmp is not synced');
    process.stderr.write(`watch sync latency, seen in the container: new ${created.toFixed(2)} s, edit ${edited.toFixed(2)} s, delete ${deleted.toFixed(2)} s\n`);
    for (const latency of [created, edited, deleted]) assert.ok(latency <= 2, `a change reached the container after ${latency.toFixed(2)} s (more than 2 s)`);

    // .dockerignore of the build context applies to the service's sync rules.
    write('app/static/private.txt', 'secret');
    write('app/static/public.txt', 'public');
    await until(10_000, 'a synced static file', async () => (await read('app', '/static/public.txt')) === 'public');
    assert.equal(await read('app', '/static/private.txt'), undefined, '.dockerignore is honoured');

    // sync+exec: the command runs after the copy.
    write('cfg/settings.conf', 'mode=dev');
    await until(10_000, 'the exec hook after sync', async () => (await read('web', '/tmp/exec-marker')) === 'mode=dev');
    assert.match(seen.output, /^Running sh -c 'cat \/cfg\/\* > \/tmp\/exec-marker' in service "web"$/m);

    // sync+restart: the file is there and the container started again.
    const startedBefore = await inspect('restarter', '{{.State.StartedAt}}');
    write('conf/app.ini', 'v2');
    await until(30_000, 'the restarted container', async () => (await inspect('restarter', '{{.State.StartedAt}}')) !== startedBefore && (await read('restarter', '/conf/app.ini')) === 'v2');
    await until(30_000, 'the restart line', async () => seen.output.includes('service(s) ["restarter"] restarted'));

    // rebuild: a new image, and a new container made from it.
    const [idBefore, imageBefore] = (await inspect('app', '{{.Id}} {{.Image}}')).split(' ');
    write('app/version', 'two');
    await until(120_000, 'the rebuilt container', async () => (await read('app', '/version')) === 'two');
    const [idAfter, imageAfter] = (await inspect('app', '{{.Id}} {{.Image}}')).split(' ');
    assert.notEqual(idAfter, idBefore);
    assert.notEqual(imageAfter, imageBefore);
    assert.match(seen.output, /^Rebuilding service\(s\) \["app"\] after changes were detected\.\.\.$/m);
    await until(60_000, 'the rebuild line', async () => seen.output.includes('service(s) ["app"] successfully built'));
    const dangling = await docker(['image', 'ls', '-q', '--filter', 'dangling=true', '--filter', `label=com.docker.compose.project=${project}`]);
    assert.equal(dangling, '', '--prune (the default) removed the replaced image');
  } finally {
    child.kill('SIGINT');
  }
  const result = await child;
  assert.equal(result.exitCode, 130, seen.output);
  assert.match(seen.output, /^Watch disabled$/m);
  assert.doesNotMatch(seen.output, /at .*\.(c?js|ts):\d+/, 'no stack trace');
  const states = await docker(['ps', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}}']);
  assert.equal(states.split('\n').filter(Boolean).length, 3, 'the containers keep running after watch');
});

test('up --watch: attached, syncs while it shows the logs; Ctrl-C stops the containers and the watch (exit 130)', { timeout: 120_000 }, async () => {
  await purgeProject(upProject);
  const upDir = path.join(dir, 'up-watch');
  mkdirSync(path.join(upDir, 'src'), { recursive: true });
  writeFileSync(path.join(upDir, 'compose.yaml'), 'services:\n  web:\n    image: berth-test/busybox:latest\n    command: ["sh", "-c", "echo web is up; exec sleep 3600"]\n    init: true\n    develop:\n      watch:\n        - action: sync\n          path: ./src\n          target: /app\n');
  const { child, seen } = startBerth(['-p', upProject, 'up', '--watch'], upDir);
  try {
    await until(60_000, 'the attached logs and "Watch enabled"', async () => seen.output.includes('web is up') && seen.output.includes('Watch enabled'));
    writeFileSync(path.join(upDir, 'src', 'page.html'), '<p>hi</p>');
    await until(10_000, 'a synced file', async () => (await read('web', '/app/page.html', upProject)) === '<p>hi</p>');
  } finally {
    child.kill('SIGINT');
  }
  const result = await child;
  assert.equal(result.exitCode, 130, seen.output);
  assert.match(seen.output, /^Attaching to web-1$/m);
  assert.match(seen.output, /^Syncing service "web" after 1 changes were detected$/m);
  assert.match(seen.output, /^Watch disabled$/m);
  assert.equal(await docker(['inspect', '--format', '{{.State.Status}}', `${upProject}-web-1`]), 'exited');
});
