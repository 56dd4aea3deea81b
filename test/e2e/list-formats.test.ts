/**
 * ps, ls, images and volumes with --format Go templates, ps --no-trunc and --orphans, stats: on the
 * real engine, a stack of a service with a published port and a volume, a scaled one, and an orphan.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { berth } from '../helpers/berth.js';
import { docker, purgeProject } from '../helpers/docker.js';
import { stackDir } from '../helpers/converge.js';

const project = 'berth-e2e-formats';
const loop = `command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]`;
const base = `services:
  web:
    image: berth-test/busybox:latest
    ${loop}
    ports: ["127.0.0.1:18761:80"]
    volumes: [data:/data]
  worker:
    image: berth-test/busybox:latest
    ${loop}
    scale: 2
volumes:
  data: {}
`;
const dir = stackDir(base);
writeFileSync(path.join(dir, 'ghost.yaml'), `services:\n  ghost:\n    image: berth-test/busybox:latest\n    ${loop}\n`);
const run = (args: string[]) => berth(['-p', project, ...args], { cwd: dir });
const names = ['web-1', 'worker-1', 'worker-2'].map((name) => `${project}-${name}`);

before(async () => {
  await purgeProject(project);
  const up = await berth(['-p', project, '-f', 'compose.yaml', '-f', 'ghost.yaml', 'up', '-d'], { cwd: dir });
  assert.equal(up.exitCode, 0, up.stderr);
});
after(() => purgeProject(project));

test("ps --format '{{.Name}} {{.State}}' prints exactly that, a line per container", async () => {
  const ps = await run(['ps', '--format', '{{.Name}} {{.State}}']);
  assert.equal(ps.exitCode, 0, ps.stderr);
  assert.equal(ps.stdout, [`${project}-ghost-1`, ...names].map((name) => `${name} running`).join('\n'));
  const service = await run(['ps', '--format', '{{.Service}}:{{upper .State}}', 'web']);
  assert.equal(service.stdout, 'web:RUNNING');
});

test('ps --format table TEMPLATE: the header as docker prints it, columns aligned', async () => {
  const ps = await run(['ps', '--format', 'table {{.Service}}\\t{{.State}}', 'worker']);
  assert.equal(ps.stdout, 'SERVICE   STATE\nworker    running\nworker    running');
  const wide = await run(['ps', '--format', 'table {{.Name}}\\t{{.Ports}}', 'web']);
  assert.equal(wide.stdout, `NAME${' '.repeat(`${project}-web-1`.length + 3 - 'NAME'.length)}PORTS\n${project}-web-1   127.0.0.1:18761->80/tcp`);
});

test('ps {{json .}} and json: docker compose keys, publishers, mounts; IDs and commands cut unless --no-trunc', async () => {
  const [row] = (await run(['ps', '--format', '{{json .}}', 'web'])).stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.ok(row !== undefined);
  assert.deepEqual(Object.keys(row), ['Command', 'CreatedAt', 'ExitCode', 'Health', 'ID', 'Image', 'Labels', 'LocalVolumes', 'Mounts', 'Name', 'Names', 'Networks', 'Ports', 'Project', 'Publishers', 'RunningFor', 'Service', 'Size', 'State', 'Status']);
  assert.deepEqual(row['Publishers'], [{ URL: '127.0.0.1', TargetPort: 80, PublishedPort: 18761, Protocol: 'tcp' }]);
  assert.equal(row['LocalVolumes'], '1');
  assert.equal(row['Mounts'], `${project}_data`.slice(0, 14) + '…');
  assert.equal(row['Networks'], `${project}_default`);
  assert.match(String(row['Labels']), new RegExp(`com\\.docker\\.compose\\.service=web`));
  assert.match(String(row['ID']), /^[0-9a-f]{12}$/);
  assert.equal(row['Command'], '"sh -c \'trap \'exit 0…"');
  const json = (await run(['ps', '--format', 'json', 'web'])).stdout;
  assert.deepEqual(Object.keys(JSON.parse(json) as object), Object.keys(row));
  const full = JSON.parse((await run(['ps', '--no-trunc', '--format', 'json', 'web'])).stdout) as Record<string, string>;
  assert.equal(full['ID'], (await docker(['inspect', '--format', '{{.Id}}', `${project}-web-1`])).trim());
  assert.match(full['Command'] ?? '', /while :; do sleep 1; done/);
  assert.equal(full['Mounts'], `${project}_data`);
  const label = await run(['ps', '--format', '{{.Label "com.docker.compose.container-number"}}', 'worker']);
  assert.equal(label.stdout, '1\n2');
});

test("ps without --format follows the docker config's psFormat, as docker compose does", async () => {
  const config = path.join(dir, 'docker-config');
  mkdirSync(config, { recursive: true });
  writeFileSync(path.join(config, 'config.json'), JSON.stringify({ psFormat: '{{.Service}}/{{.State}}' }));
  const ps = await berth(['-p', project, 'ps', 'web'], { cwd: dir, env: { DOCKER_CONFIG: config } });
  assert.equal(ps.exitCode, 0, ps.stderr);
  assert.equal(ps.stdout, 'web/running');
  const explicit = await berth(['-p', project, 'ps', '--format', '{{.Name}}', 'web'], { cwd: dir, env: { DOCKER_CONFIG: config } });
  assert.equal(explicit.stdout, `${project}-web-1`);
});

test('ps --orphans=false hides containers of services the file does not declare', async () => {
  const all = await run(['ps', '--services']);
  assert.equal(all.stdout, 'ghost\nweb\nworker');
  const declared = await run(['ps', '--orphans=false', '--format', '{{.Service}}']);
  assert.equal(declared.exitCode, 0, declared.stderr);
  assert.equal(declared.stdout, 'web\nworker\nworker');
});

test('ls and images take templates too', async () => {
  const ls = await berth(['ls', '--filter', `name=${project}`, '--format', '{{.Name}} {{.Status}}']);
  assert.equal(ls.stdout, `${project} running(4)`);
  const lsTable = await berth(['ls', '--filter', `name=${project}`, '--format', 'table {{.Name}}\\t{{.Status}}']);
  assert.match(lsTable.stdout, new RegExp(`^NAME {16,}STATUS\n${project} +running\\(4\\)$`));
  const image = await run(['images', '--format', '{{.ContainerName}} {{.Repository}}:{{.Tag}} {{.ID}}', 'web']);
  const id = (await docker(['image', 'inspect', '--format', '{{.Id}}', 'berth-test/busybox:latest'])).trim();
  assert.equal(image.stdout, `${project}-web-1 berth-test/busybox:latest ${id.replace('sha256:', '').slice(0, 12)}`);
});

test('volumes lists the project volumes: table, -q, json, by service', async () => {
  const table = await run(['volumes']);
  assert.equal(table.exitCode, 0, table.stderr);
  assert.equal(table.stdout, `DRIVER    VOLUME NAME\nlocal     ${project}_data`);
  assert.equal((await run(['volumes', '-q'])).stdout, `${project}_data`);
  const json = JSON.parse((await run(['volumes', '--format', 'json'])).stdout) as Record<string, string>;
  assert.equal(json['Name'], `${project}_data`);
  assert.equal(json['Driver'], 'local');
  assert.equal((await run(['volumes', '--format', '{{.Name}} {{.Label "com.docker.compose.volume"}}', 'web'])).stdout, `${project}_data data`);
  assert.equal((await run(['volumes', '-q', 'worker'])).stdout, '');
  assert.equal((await run(['volumes', 'nosuch'])).stderr, 'no such service: nosuch');
});

test('stats --no-stream --format json reports every running container of the project', async () => {
  const stats = await run(['stats', '--no-stream', '--format', 'json']);
  assert.equal(stats.exitCode, 0, stats.stderr);
  const rows = stats.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, string>);
  assert.deepEqual(rows.map((row) => row['Name']).sort(), [`${project}-ghost-1`, ...names]);
  for (const row of rows) assert.match(row['MemUsage'] ?? '', /\d.* \/ \d/);
  const web = await run(['stats', '--no-stream', '--format', '{{.Name}}', 'web']);
  assert.equal(web.stdout, `${project}-web-1`);
  const table = await run(['stats', '--no-stream', 'worker']);
  assert.match(table.stdout, /^CONTAINER ID +NAME +CPU % +MEM USAGE \/ LIMIT +MEM % +NET I\/O +BLOCK I\/O +PIDS\n/);
  assert.equal(table.stdout.trim().split('\n').length, 3);
});

test('stats without -a skips stopped containers; with -a it shows them', async () => {
  await docker(['stop', '-t', '1', `${project}-ghost-1`]);
  const running = await run(['stats', '--no-stream', '--format', '{{.Name}}']);
  assert.deepEqual(running.stdout.trim().split('\n').sort(), names);
  const all = await run(['stats', '-a', '--no-stream', '--format', '{{.Name}}']);
  assert.deepEqual(all.stdout.trim().split('\n').sort(), [`${project}-ghost-1`, ...names]);
  const none = await berth(['-p', project, '-f', 'compose.yaml', '-f', 'ghost.yaml', 'stats', '--no-stream', 'ghost'], { cwd: dir });
  assert.equal(none.exitCode, 0, none.stderr);
  assert.equal(none.stdout, '');
});
