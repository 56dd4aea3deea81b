import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { berth } from '../helpers/berth.js';
import { docker, purgeProject } from '../helpers/docker.js';
import { containerIds, stackDir } from '../helpers/converge.js';

// Recreating containers with binds, tmpfs, named and anonymous volumes: the mounts of the new
// container are exactly those the file declares (plus the anonymous volumes it still declares, taken over).
const project = 'berth-c-mounts';
const container = `${project}-app-1`;
const loop = `["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done", "gen"]`;

function compose(command: string, volumes: string[]): string {
  return `services:
  app:
    image: berth-test/busybox:latest
    command: ${command}
    tmpfs: [/scratch]
    volumes:
${volumes.map((volume) => `      - ${volume}`).join('\n')}
volumes:
  data: {}
`;
}

const dir = stackDir(compose(loop, ['./src:/src', 'data:/named', '/anon', '{ type: tmpfs, target: /fast }']));
mkdirSync(path.join(dir, 'src'));
writeFileSync(path.join(dir, 'src', 'hello.txt'), 'from the host\n');
const run = (args: string[]) => berth(['-p', project, ...args], { cwd: dir });
const write = (volumes: string[], command = loop) => writeFileSync(path.join(dir, 'compose.yaml'), compose(command, volumes));

/** destination → type:name-or-source of the container's mounts. */
async function mounts(): Promise<Record<string, string>> {
  const rows = JSON.parse(await docker(['inspect', '--format', '{{json .Mounts}}', container])) as Array<{ Type: string; Name?: string; Source: string; Destination: string }>;
  return Object.fromEntries(rows.map((row) => [row.Destination, `${row.Type}:${row.Type === 'volume' ? row.Name ?? '' : row.Source}`]));
}

async function anonymousVolumes(): Promise<string[]> {
  return (await docker(['volume', 'ls', '--format', '{{.Name}}'])).split('\n').filter((name) => /^[0-9a-f]{64}$/.test(name));
}

before(() => purgeProject(project));
after(() => purgeProject(project));

test('a service with bind and tmpfs mounts is recreated when its command changes, mounts intact', async () => {
  const up = await run(['up', '-d']);
  assert.equal(up.exitCode, 0, up.stderr);
  const first = await mounts();
  const anon = first['/anon'];
  await docker(['exec', container, 'sh', '-c', 'echo kept > /anon/file; echo kept > /named/file']);
  const before = (await containerIds(project))[container];

  write(['./src:/src', 'data:/named', '/anon', '{ type: tmpfs, target: /fast }'], `["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 2; done", "gen2"]`);
  const recreated = await run(['up', '-d']);
  assert.equal(recreated.exitCode, 0, recreated.stderr);
  assert.doesNotMatch(recreated.stderr, /template parsing error/);
  assert.notEqual((await containerIds(project))[container], before, 'the changed command recreated the container');
  const second = await mounts();
  assert.deepEqual(second, first, 'same bind, named volume, anonymous volume taken over');
  assert.equal(second['/src'], `bind:${path.join(dir, 'src')}`);
  assert.equal(second['/fast'], 'tmpfs:');
  assert.equal(anon?.startsWith('volume:'), true);
  assert.equal((await docker(['exec', container, 'cat', '/src/hello.txt', '/anon/file', '/named/file'])).trim(), 'from the host\nkept\nkept');
  assert.match(await docker(['exec', container, 'sh', '-c', 'grep " /scratch " /proc/mounts']), /^tmpfs \/scratch tmpfs/);
});

test('a named or anonymous volume removed from the service is no longer mounted after the recreate', async () => {
  write(['./src:/src']);
  const up = await run(['up', '-d']);
  assert.equal(up.exitCode, 0, up.stderr);
  const now = await mounts();
  assert.deepEqual(Object.keys(now), ['/src'], 'only the bind is left (the tmpfs key is not in .Mounts)');
  // Declared again as anonymous: a fresh anonymous volume, as a fresh up would mount.
  write(['./src:/src', '/anon']);
  assert.equal((await run(['up', '-d'])).exitCode, 0);
  assert.equal((await docker(['exec', container, 'sh', '-c', 'cat /anon/file 2>/dev/null || echo fresh'])).trim(), 'fresh');
});

test('down -v leaves no anonymous volume behind after a recreate', async () => {
  const volumesBefore = await anonymousVolumes();
  write(['./src:/src', 'data:/named', '/anon']);
  assert.equal((await run(['up', '-d'])).exitCode, 0);
  const anon = (await mounts())['/anon']?.slice('volume:'.length) ?? '';
  write(['./src:/src', 'data:/named', '/anon'], `["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 3; done", "gen3"]`);
  assert.equal((await run(['up', '-d'])).exitCode, 0);
  assert.equal((await mounts())['/anon'], `volume:${anon}`, 'the recreate took the anonymous volume over');
  const down = await run(['down', '-v']);
  assert.equal(down.exitCode, 0, down.stderr);
  const left = await anonymousVolumes();
  assert.ok(!left.includes(anon), 'the carried-over anonymous volume is removed');
  assert.deepEqual(left.filter((name) => !volumesBefore.includes(name)), [], 'no anonymous volume of the project is left');
});

test('an image VOLUME is carried over by a recreate, as compose does', async () => {
  await docker(['build', '-q', '-t', 'berth-test/volume-image:latest', '-'], 'FROM berth-test/busybox:latest\nVOLUME /imgvol\n');
  const imageCompose = (generation: number): string => `services:\n  app:\n    image: berth-test/volume-image:latest\n    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done", "gen${generation}"]\n`;
  writeFileSync(path.join(dir, 'compose.yaml'), imageCompose(1));
  assert.equal((await run(['up', '-d'])).exitCode, 0);
  await docker(['exec', container, 'sh', '-c', 'echo kept > /imgvol/file']);
  writeFileSync(path.join(dir, 'compose.yaml'), imageCompose(2));
  const recreated = await run(['up', '-d']);
  assert.equal(recreated.exitCode, 0, recreated.stderr);
  assert.match(recreated.stderr, /Recreated/);
  assert.equal((await docker(['exec', container, 'cat', '/imgvol/file'])).trim(), 'kept');
  assert.equal((await run(['down', '-v'])).exitCode, 0);
});
