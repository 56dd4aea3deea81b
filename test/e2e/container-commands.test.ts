/** attach, export and commit on the real engine: the container picked by --index, flags reaching docker, the dry-run. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { berth, berthBin } from '../helpers/berth.js';
import { docker, purgeProject } from '../helpers/docker.js';
import { stackDir } from '../helpers/converge.js';

const project = 'berth-e2e-ctrcmds';
const dir = stackDir(`services:
  echo:
    image: berth-test/busybox:latest
    stdin_open: true
    command: ["sh", "-c", "while read line; do [ \\"$$line\\" = exit ] && exit 0; echo \\"got $$line\\"; done"]
  count:
    image: berth-test/busybox:latest
    scale: 2
    command: ["sh", "-c", "sleep 1; for i in 1 2 3 4 5 6 7 8; do echo \\"$$HOSTNAME $$i\\"; sleep 0.5; done; exit 4"]
  box:
    image: berth-test/busybox:latest
    scale: 2
    command: ["sh", "-c", "hostname > /marker; trap 'exit 0' TERM; while :; do sleep 1; done"]
`);
const run = (args: string[]) => berth(['-p', project, ...args], { cwd: dir });
const hostname = async (name: string): Promise<string> => (await docker(['inspect', '--format', '{{.Config.Hostname}}', `${project}-${name}`])).trim();
const images: string[] = [];

before(async () => {
  await purgeProject(project);
  const up = await run(['up', '-d']);
  assert.equal(up.exitCode, 0, up.stderr);
});
after(async () => {
  await purgeProject(project);
  if (images.length > 0) await docker(['rmi', '-f', ...images]);
});

test('attach connects stdin and the output of the service container, and ends with its exit', async () => {
  const attach = execa(process.execPath, [berthBin, '-p', project, 'attach', 'echo'], { cwd: dir, reject: false, env: { NO_COLOR: '1' } });
  let output = '';
  attach.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const answered = async (line: string): Promise<void> => {
    for (const deadline = Date.now() + 15_000; !output.includes(line) && Date.now() < deadline;) await new Promise((resolve) => setTimeout(resolve, 50));
  };
  // Each line waits for the container's answer: the stream stays open as on a terminal.
  attach.stdin?.write('hello\n');
  await answered('got hello\n');
  attach.stdin?.write('world\n');
  await answered('got world\n');
  attach.stdin?.end('exit\n');
  const result = await attach;
  assert.equal(result.exitCode, 0, String(result.stderr));
  assert.equal(output, 'got hello\ngot world\n');
  assert.equal((await docker(['inspect', '--format', '{{.State.Status}}', `${project}-echo-1`])).trim(), 'exited');
});

test('attach --index --no-stdin follows the chosen replica, exit status included', async () => {
  await docker(['restart', '-t', '0', `${project}-count-2`]);
  const attached = await run(['attach', '--index', '2', '--no-stdin', '--sig-proxy=false', 'count']);
  assert.equal(attached.exitCode, 4, attached.stderr);
  const lines = attached.stdout.split('\n');
  assert.ok(lines.length >= 3, attached.stdout);
  const second = await hostname('count-2');
  for (const line of lines) assert.match(line, new RegExp(`^${second} [1-8]$`));
});

test('attach --dry-run prints the docker command; a stopped or unknown service is refused', async () => {
  const dry = await run(['attach', '--dry-run', '--detach-keys', 'ctrl-x', 'box']);
  assert.equal(dry.exitCode, 0, dry.stderr);
  const id = (await docker(['inspect', '--format', '{{.Id}}', `${project}-box-1`])).trim();
  assert.match(dry.stdout, new RegExp(`^# Container ${project}-box-1: attach\ndocker attach --detach-keys ctrl-x ${id}$`, 'm'));
  assert.equal((await run(['attach', 'echo'])).stderr, 'service "echo" is not running');
  assert.equal((await run(['export', 'nosuch'])).stderr, 'no such service: nosuch');
  assert.equal((await run(['commit', '--index', '3', 'box'])).stderr, 'service "box" is not running container #3');
});

test('export -o writes the chosen container filesystem as a tar archive; without -o it goes to stdout', async () => {
  const file = path.join(dir, 'box-2.tar');
  const exported = await run(['export', '--index', '2', '-o', file, 'box']);
  assert.equal(exported.exitCode, 0, exported.stderr);
  assert.equal((await execa('tar', ['-xOf', file, 'marker'])).stdout, await hostname('box-2'));
  const piped = await execa(process.execPath, [berthBin, '-p', project, 'export', 'box'], { cwd: dir, encoding: 'buffer' });
  const listing = await execa('tar', ['-t'], { input: piped.stdout });
  assert.match(String(listing.stdout), /^marker$/m);
  const dry = await run(['export', '--dry-run', '-o', path.join(dir, 'never.tar'), 'box']);
  assert.match(dry.stdout, /^docker export -o '?\/.*never\.tar'? [0-9a-f]{64}$/m);
  assert.equal(existsSync(path.join(dir, 'never.tar')), false);
});

test('commit makes an image of the service container with -a, -c and -m; --index picks the replica; --dry-run changes nothing', async () => {
  const tag = 'berth-e2e-commit:snap';
  images.push(tag);
  const committed = await run(['commit', '-a', 'Ada L', '-m', 'a snapshot', '-c', 'ENV BERTH_COMMIT=yes', 'box', tag]);
  assert.equal(committed.exitCode, 0, committed.stderr);
  const meta = JSON.parse(await docker(['image', 'inspect', '--format', '{"author":{{json .Author}},"comment":{{json .Comment}},"env":{{json .Config.Env}}}', tag])) as { author: string; comment: string; env: string[] };
  assert.equal(meta.author, 'Ada L');
  assert.equal(meta.comment, 'a snapshot');
  assert.ok(meta.env.includes('BERTH_COMMIT=yes'), meta.env.join(' '));
  assert.equal((await docker(['run', '--rm', tag, 'cat', '/marker'])).trim(), await hostname('box-1'));
  const second = await run(['commit', '--index', '2', '-p=false', 'box']);
  assert.equal(second.exitCode, 0, second.stderr);
  const id = second.stdout.trim();
  images.push(id);
  assert.equal((await docker(['run', '--rm', id, 'cat', '/marker'])).trim(), await hostname('box-2'));
  const dry = await run(['commit', '--dry-run', '-m', "it's", 'box', 'berth-e2e-commit:never']);
  assert.match(dry.stdout, /^docker commit --message 'it'\\''s' [0-9a-f]{64} berth-e2e-commit:never$/m);
  const inspected = await execa('docker', ['image', 'inspect', 'berth-e2e-commit:never'], { reject: false });
  assert.notEqual(inspected.exitCode, 0);
});
