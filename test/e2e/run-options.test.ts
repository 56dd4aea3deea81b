import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { berth } from '../helpers/berth.js';
import { docker, engineSnapshot, purgeProject } from '../helpers/docker.js';
import { stackDir } from '../helpers/converge.js';

// run --env-from-file, -q/--quiet, --quiet-pull, and the one-off's post_start hooks, on the real engine.
const project = 'berth-e2e-run-options';
const pulled = '127.0.0.1:5055/berth/run-quiet:1';
const compose = (postStart: string) => `
services:
  app:
    image: berth-test/busybox
    environment: {A: service, KEEP: svc}
    depends_on: [db]
    post_start:
      - command: ${postStart}
        environment: {WHO: "the hook"}
  db:
    image: berth-test/busybox
    command: sleep 3600
    stop_grace_period: 1s
  remote:
    image: ${pulled}
    profiles: [remote]
`;
const dir = stackDir(compose(`sh -c 'echo "written by $$WHO" > /tmp/hook'`));
writeFileSync(path.join(dir, 'a.env'), 'A=from-a\nSHARED=a\nREF=${FLAG}-ref\n');
writeFileSync(path.join(dir, 'b.env'), 'SHARED=b\nB=from-b\nONLY_B=b\n');
const run = (args: string[], cwd = dir) => berth(['-p', project, ...args], { cwd });

after(async () => {
  await purgeProject(project);
  await docker(['image', 'rm', '-f', pulled]).catch(() => undefined);
});

test('--env-from-file: files over the service environment, -e over the files, the first file over later ones; values off argv', async () => {
  const args = ['run', '--rm', '-T', '--no-deps', '--env-from-file', 'a.env', '--env-from-file', 'b.env', '-e', 'FLAG=x', '-e', 'B=flag', 'app'];
  const result = await run([...args, 'env']);
  assert.equal(result.exitCode, 0, result.stderr);
  const env = Object.fromEntries(result.stdout.split('\n').filter((line) => line.includes('=')).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  assert.deepEqual({ A: env['A'], B: env['B'], SHARED: env['SHARED'], REF: env['REF'], ONLY_B: env['ONLY_B'], KEEP: env['KEEP'] }, { A: 'from-a', B: 'flag', SHARED: 'a', REF: 'x-ref', ONLY_B: 'b', KEEP: 'svc' });
  // The docker command takes `-e KEY` only: the value travels in its environment.
  const dry = await run(['--dry-run', ...args, 'env']);
  const line = dry.stdout.split('\n').find((text) => text.includes('docker run')) ?? '';
  assert.match(line, / -e ONLY_B /);
  assert.doesNotMatch(line.slice(line.indexOf('docker run')), /from-a|ONLY_B=b/);
});

test('--env-from-file with a missing or malformed file fails before any docker command', async () => {
  writeFileSync(path.join(dir, 'bad.env'), 'GOOD=1\nB!=2\n');
  const before = await engineSnapshot();
  const missing = await run(['run', '--rm', '--env-from-file', 'nope.env', 'app', 'true']);
  assert.equal(missing.exitCode, 1);
  assert.equal(missing.stderr.trim(), '--env-from-file nope.env: no such file');
  const malformed = await run(['run', '--rm', '--env-from-file', 'bad.env', 'app', 'true']);
  assert.equal(malformed.exitCode, 1);
  assert.match(malformed.stderr.trim(), /^--env-from-file bad\.env: line 2: unexpected character "!" in variable name$/);
  assert.equal(await engineSnapshot(), before);
});

test('post_start of the one-off runs once it has started: attached, detached, and a failing hook fails run', async () => {
  const attached = await run(['run', '--rm', '-T', 'app', 'sh', '-c', 'for i in 1 2 3 4 5 6 7 8 9 10; do [ -f /tmp/hook ] && break; sleep 0.5; done; cat /tmp/hook']);
  assert.equal(attached.exitCode, 0, attached.stderr);
  assert.equal(attached.stdout.trim(), 'written by the hook');

  const detached = await run(['run', '-d', 'app', 'sleep', '30']);
  assert.equal(detached.exitCode, 0, detached.stderr);
  const id = detached.stdout.trim();
  assert.match(id, /^[0-9a-f]{64}$/);
  assert.equal((await docker(['exec', id, 'cat', '/tmp/hook'])).trim(), 'written by the hook');
  await docker(['rm', '-f', id]);

  const failing = stackDir(compose(`sh -c 'exit 3'`));
  const failed = await run(['run', '--rm', '-T', 'app', 'sh', '-c', 'sleep 2; echo finished'], failing);
  assert.equal(failed.stdout.trim(), 'finished');
  assert.equal(failed.exitCode, 1);
  assert.match(failed.stderr, /post_start\[0\] hook of service "app" exited with status 3/);
  // The container's own exit status wins over the hook's.
  const exited = await run(['run', '--rm', '-T', 'app', 'sh', '-c', 'sleep 2; exit 5'], failing);
  assert.equal(exited.exitCode, 5);
});

test('-q prints no progress, --quiet-pull pulls with docker pull --quiet', async () => {
  await docker(['tag', 'berth-test/busybox', pulled]);
  await docker(['push', '-q', pulled]);
  await docker(['image', 'rm', pulled]);
  await run(['down']);
  const quiet = await run(['--profile', 'remote', 'run', '-q', '--rm', '-T', 'remote', 'echo', 'hi']);
  assert.equal(quiet.exitCode, 0, quiet.stderr);
  assert.equal(quiet.stdout, 'hi');
  assert.equal(quiet.stderr, '');
  assert.match(await docker(['image', 'inspect', '--format', '{{.Id}}', pulled]), /^sha256:/);

  await docker(['image', 'rm', pulled]);
  const dry = await run(['--profile', 'remote', 'run', '--dry-run', '--quiet-pull', '--rm', 'remote', 'true']);
  assert.match(dry.stdout, /\ndocker pull --quiet 127\.0\.0\.1:5055\/berth\/run-quiet:1\n|\ndocker pull -q 127\.0\.0\.1:5055\/berth\/run-quiet:1\n/);
  const loud = await run(['--profile', 'remote', 'run', '--rm', '-T', 'remote', 'echo', 'hi']);
  assert.match(loud.stderr, /Image 127\.0\.0\.1:5055\/berth\/run-quiet:1 {2}Pulled/);
});
