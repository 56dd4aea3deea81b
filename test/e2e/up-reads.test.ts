import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { berth } from '../helpers/berth.js';
import { mutatingCalls, stackDir } from '../helpers/converge.js';
import { docker, purgeProject } from '../helpers/docker.js';

// The engine reads of `up -d`, counted with a DOCKER_BIN that logs each docker command (its argv,
// when it started and ended) and runs the real docker: a no-op up reads the containers (`ps`) and,
// in one `docker inspect` without --type, the networks, volumes and images, both at once, and changes
// nothing; a changed one adds only the mounts of the container it replaces. When a name the project
// uses is held by another kind of object, the one inspect cannot be trusted: each kind is read alone.
const project = 'berth-up-reads';
after(() => purgeProject(project));

/** The benchmark's stack (scripts/bench-noop-up.mjs): 10 busybox services, a named volume on every fourth, one on a second network. */
function compose(command: string): string {
  const lines = ['services:'];
  for (let i = 1; i <= 10; i++) {
    lines.push(`  s${i}:`, '    image: berth-test/busybox:latest', `    command: ["sh", "-c", ${JSON.stringify(i === 1 ? command : 'sleep 3600')}]`);
    if (i % 4 === 0) lines.push('    volumes:', `      - v${i}:/data`);
    if (i === 2) lines.push('    networks: [default, back]');
  }
  return `${lines.join('\n')}\nvolumes:\n  v4: {}\n  v8: {}\nnetworks:\n  back: {}\n`;
}

interface Call {
  readonly argv: string[];
  readonly started: number;
  readonly ended: number;
}

/**
 * The logging docker. A command of the first look (`first` of them are expected) waits, up to 10 s,
 * until all of them have started: if berth ran them one after another, the first one's wait runs out
 * and it ends before the next starts.
 */
function loggingDocker(first: number): { bin: string; calls: () => Call[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-reads-'));
  const log = path.join(dir, 'calls.log');
  const bin = path.join(dir, 'docker');
  writeFileSync(log, '');
  writeFileSync(bin, `#!/usr/bin/env node
const { appendFileSync, readFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const argv = process.argv.slice(2);
const started = Date.now();
appendFileSync(${JSON.stringify(log)}, JSON.stringify({ start: argv }) + '\\n');
const firstLook = argv[0] === 'ps' || (argv[0] === 'inspect' && !argv.includes('--type'));
while (firstLook && Date.now() - started < 10000 && readFileSync(${JSON.stringify(log)}, 'utf8').split('\\n').filter((line) => line.startsWith('{"start"')).length < ${first}) spawnSync('sleep', ['0.02']);
const result = spawnSync('docker', argv, { stdio: 'inherit' });
appendFileSync(${JSON.stringify(log)}, JSON.stringify({ argv, started, ended: Date.now() }) + '\\n');
process.exit(result.status === null ? 1 : result.status);
`);
  chmodSync(bin, 0o755);
  const calls = (): Call[] => readFileSync(log, 'utf8').split('\n').filter((line) => line.startsWith('{"argv"')).map((line) => JSON.parse(line) as Call);
  return { bin, calls };
}

/** A call's kind: its subcommand (`ps`), with its object for `network ls`, `image inspect`..., and inspect's --type (`inspect any` without). */
function kind(argv: readonly string[]): string {
  if (argv[0] === 'inspect') return `inspect ${argv.includes('--type') ? argv[argv.indexOf('--type') + 1] : 'any'}`;
  return ['network', 'volume', 'image', 'container'].includes(argv[0] ?? '') ? `${argv[0]} ${argv[1]}` : argv[0] ?? '';
}

test('a no-op up -d reads each kind of object once, all at once, and changes nothing; a changed one reads the mounts it needs once more', async () => {
  await purgeProject(project);
  const dir = stackDir(compose('sleep 3600'));
  const up = (env: Record<string, string> = {}) => berth(['-p', project, 'up', '-d'], { cwd: dir, env: { NO_COLOR: '1', ...env } });
  const first = await up();
  assert.equal(first.exitCode, 0, first.stderr);

  const noop = loggingDocker(2);
  const again = await up({ DOCKER_BIN: noop.bin });
  assert.equal(again.exitCode, 0, again.stderr);
  const calls = noop.calls();
  assert.deepEqual(calls.map((call) => kind(call.argv)).sort(), ['inspect any', 'ps']);
  const names = calls.find((call) => kind(call.argv) === 'inspect any')?.argv.slice(3).sort();
  assert.deepEqual(names, ['berth-test/busybox:latest', `${project}_back`, `${project}_default`, `${project}_v4`, `${project}_v8`]);
  assert.deepEqual(mutatingCalls(calls.map((call) => call.argv)), []);
  const lastStart = Math.max(...calls.map((call) => call.started));
  const firstEnd = Math.min(...calls.map((call) => call.ended));
  assert.ok(lastStart <= firstEnd, `every read started before any ended (concurrently): ${JSON.stringify(calls.map((call) => [kind(call.argv), call.started, call.ended]))}`);

  writeFileSync(path.join(dir, 'compose.yaml'), compose('sleep 3601'));
  const changed = loggingDocker(2);
  const recreate = await up({ DOCKER_BIN: changed.bin });
  assert.equal(recreate.exitCode, 0, recreate.stderr);
  const reads = changed.calls().map((call) => call.argv).filter((argv) => mutatingCalls([argv]).length === 0);
  assert.deepEqual(reads.map(kind).sort(), ['inspect any', 'inspect container', 'ps']);
  const mounts = reads.find((argv) => kind(argv) === 'inspect container');
  assert.equal(mounts?.filter((word) => /^[0-9a-f]{64}$/.test(word)).length, 1, 'the mounts of the one container replaced');
  assert.deepEqual(mutatingCalls(changed.calls().map((call) => call.argv)).map(kind), ['create', 'stop', 'rm', 'rename', 'start']);
});

test('a container holding a volume\'s name: the one inspect is not trusted, each kind is read alone, and nothing changes', async () => {
  await purgeProject(project);
  const dir = stackDir(compose('sleep 3600'));
  const up = (env: Record<string, string> = {}) => berth(['-p', project, 'up', '-d'], { cwd: dir, env: { NO_COLOR: '1', ...env } });
  assert.equal((await up()).exitCode, 0);
  // Not the project's (no labels): docker inspect without --type finds this container before the volume.
  await docker(['create', '--name', `${project}_v4`, 'berth-test/busybox:latest']);
  try {
    const logged = loggingDocker(2);
    const again = await up({ DOCKER_BIN: logged.bin });
    assert.equal(again.exitCode, 0, again.stderr);
    const calls = logged.calls().map((call) => call.argv);
    assert.deepEqual(calls.map(kind).sort(), ['image inspect', 'inspect any', 'network ls', 'ps', 'volume inspect']);
    assert.deepEqual(mutatingCalls(calls), [], 'the volume was found: nothing created or recreated');
  } finally {
    await docker(['rm', '-f', `${project}_v4`]);
  }
});
