/**
 * `berth config`'s flags of issue 12 through the real CLI: --variables (table, json, yaml),
 * --environment, --no-normalize, --no-path-resolution, --no-env-resolution, --no-consistency,
 * --resolve-image-digests (against the local registry of scripts/start-registry.sh), and the flag
 * combinations refused before anything is read.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { berth } from '../helpers/berth.js';
import { docker, purgeProject } from '../helpers/docker.js';

const root = mkdtempSync(path.join(tmpdir(), 'berth-cfg-flags-'));
const pushed = '127.0.0.1:5055/berth/config-digest:1';
const project = 'berth-e2e-config-digest';
after(async () => {
  rmSync(root, { recursive: true, force: true });
  await purgeProject(project);
  await docker(['image', 'rm', '-f', pushed]).catch(() => undefined);
});

function tree(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

const VARIABLES_FILE = [
  'services:',
  '  web:',
  '    image: "busybox:${TAG:-latest}"',
  '    ports: ["${PORT:?port needed}:80"]',
  '    environment:',
  '      MODE: ${MODE+on}',
  '      NESTED: ${OUTER:-${INNER}}',
  '      LITERAL: $$NOT_A_VARIABLE',
  '    scale: ${REPLICAS}',
  'x-extra: $$ESCAPED ${TAG}',
  '',
].join('\n');

test('--variables lists every variable with REQUIRED, DEFAULT VALUE and ALTERNATE VALUE, even when a required one is unset', async () => {
  const dir = tree('variables', { 'compose.yaml': VARIABLES_FILE });
  const table = await berth(['config', '--variables'], { cwd: dir });
  assert.equal(table.exitCode, 0, table.stderr);
  assert.equal(table.stdout, [
    'NAME                REQUIRED            DEFAULT VALUE       ALTERNATE VALUE',
    'INNER               false',
    'MODE                false                                   on',
    'OUTER               false               ${INNER}',
    'PORT                true',
    'REPLICAS            false',
    'TAG                 false               latest',
  ].join('\n'));
  const json = JSON.parse((await berth(['config', '--variables', '--format', 'json'], { cwd: dir })).stdout) as Record<string, unknown>;
  assert.deepEqual(Object.keys(json), ['INNER', 'MODE', 'OUTER', 'PORT', 'REPLICAS', 'TAG']);
  assert.deepEqual(json['PORT'], { Name: 'PORT', DefaultValue: '', PresenceValue: '', Required: true });
  const yaml = await berth(['config', '--variables', '--format', 'yaml'], { cwd: dir });
  assert.match(yaml.stdout, /^TAG:\n {4}name: TAG\n {4}defaultvalue: latest\n {4}presencevalue: ""\n {4}required: false$/m);
  assert.match(yaml.stdout, /^MODE:\n {4}name: MODE\n {4}defaultvalue: ""\n {4}presencevalue: "on"\n/m, 'YAML 1.1 booleans are quoted, as yaml.v3 quotes them');
  // the model itself still needs PORT
  const model = await berth(['config'], { cwd: dir });
  assert.equal(model.exitCode, 1);
  assert.match(model.stderr, /required variable PORT is missing a value: port needed/);
});

test('--environment prints the interpolation environment: shell over .env, the project name, PWD, sorted KEY=VALUE lines', async () => {
  const dir = tree('environment', { 'compose.yaml': 'services:\n  web:\n    image: busybox\n', '.env': 'FROM_DOTENV=dot\nSHARED=dotenv\n' });
  const run = await berth(['config', '--environment'], { cwd: dir, env: { SHARED: 'shell', PWD: dir } });
  assert.equal(run.exitCode, 0, run.stderr);
  const lines = run.stdout.split('\n');
  for (const expected of ['FROM_DOTENV=dot', 'SHARED=shell', 'COMPOSE_PROJECT_NAME=environment', `PWD=${dir}`]) assert.ok(lines.includes(expected), `missing ${expected}`);
  assert.deepEqual(lines, [...lines].sort());
});

const MODEL_FILE = [
  'services:',
  '  web:',
  '    build: {context: ./app}',
  '    env_file: [./web.env]',
  '    environment: [FROM_SHELL]',
  '    volumes: ["./data:/data", "~/cache:/cache"]',
  '    links: [db]',
  '    secrets: [token]',
  '  db:',
  '    image: busybox',
  '    networks: [back]',
  'networks:',
  '  back: {}',
  'secrets:',
  '  token: {file: ./token.txt}',
  '',
].join('\n');

interface Model {
  services: Record<string, Record<string, unknown>>;
  networks?: Record<string, Record<string, unknown>>;
  secrets?: Record<string, Record<string, unknown>>;
}

async function model(dir: string, flags: readonly string[], env: Record<string, string> = {}): Promise<Model> {
  const run = await berth(['config', '--format', 'json', ...flags], { cwd: dir, env });
  assert.equal(run.exitCode, 0, run.stderr);
  return JSON.parse(run.stdout) as Model;
}

test('--no-normalize leaves out what normalization adds; --no-path-resolution keeps paths as written; --no-env-resolution keeps env_file', async () => {
  const dir = tree('model', { 'compose.yaml': MODEL_FILE, 'web.env': 'FROM_FILE=1\n', 'token.txt': 't\n' });
  const normal = await model(dir, [], { FROM_SHELL: 'sh' });
  assert.deepEqual(normal.services['web']?.['networks'], { default: null });
  assert.equal((normal.services['web']?.['build'] as Record<string, unknown>)['dockerfile'], 'Dockerfile');
  assert.ok('db' in (normal.services['web']?.['depends_on'] as object));
  assert.equal(normal.networks?.['back']?.['name'], 'model_back');
  assert.deepEqual(normal.services['web']?.['environment'], { FROM_FILE: '1', FROM_SHELL: 'sh' });

  const raw = await model(dir, ['--no-normalize'], { FROM_SHELL: 'sh' });
  assert.equal(raw.services['web']?.['networks'], undefined);
  assert.equal(raw.services['web']?.['depends_on'], undefined);
  assert.deepEqual(raw.services['web']?.['build'], { context: path.join(dir, 'app') });
  assert.deepEqual(raw.networks, { back: {} });
  assert.deepEqual(raw.secrets, { token: { file: path.join(dir, 'token.txt') } });
  assert.deepEqual(raw.services['db']?.['networks'], { back: null });

  const asWritten = await model(dir, ['--no-path-resolution']);
  assert.equal((asWritten.services['web']?.['build'] as Record<string, unknown>)['context'], './app');
  assert.deepEqual((asWritten.services['web']?.['volumes'] as Array<Record<string, unknown>>).map((volume) => volume['source']), ['./data', '~/cache']);
  assert.equal(asWritten.secrets?.['token']?.['file'], './token.txt');

  const unread = await model(dir, ['--no-env-resolution', '--no-path-resolution'], { FROM_SHELL: 'sh' });
  assert.deepEqual(unread.services['web']?.['env_file'], [{ path: './web.env', required: true }]);
  assert.deepEqual(unread.services['web']?.['environment'], { FROM_SHELL: 'sh' });
  const neither = await model(dir, ['--no-env-resolution', '--no-normalize'], { FROM_SHELL: 'sh' });
  assert.deepEqual(neither.services['web']?.['environment'], { FROM_SHELL: null });
});

test('--no-consistency renders (and lists) a model whose references are undefined', async () => {
  const dir = tree('inconsistent', { 'compose.yaml': 'services:\n  web:\n    image: busybox\n    networks: [missing]\n    depends_on: [ghost]\n' });
  const checked = await berth(['config'], { cwd: dir });
  assert.equal(checked.exitCode, 1);
  assert.match(checked.stderr, /compose\.yaml:4:5: services\.web\.networks\.missing: service "web" refers to undefined network missing$/);
  const unchecked = await model(dir, ['--no-consistency']);
  assert.deepEqual(unchecked.services['web']?.['networks'], { missing: null });
  assert.equal((await berth(['config', '--no-consistency', '--services'], { cwd: dir })).stdout, 'web');
});

test('flag combinations that would drop a flag are refused before anything is read', async () => {
  const dir = tree('combinations', {});
  const cases: Array<[string[], string]> = [
    [['--variables', '--environment'], '--variables and --environment are incompatible'],
    [['--services', '--images'], '--services and --images are incompatible'],
    [['--services', '--resolve-image-digests'], '--resolve-image-digests and --services are incompatible: --resolve-image-digests shapes the rendered model, which --services does not print'],
    [['--environment', '--no-normalize'], '--no-normalize and --environment are incompatible: --no-normalize shapes the rendered model, which --environment does not print'],
    [['--environment', '--format', 'json'], '--format and --environment are incompatible: --format applies to the model and to --variables'],
  ];
  for (const [flags, message] of cases) {
    // the directory has no compose file: refusing the flags comes first
    const run = await berth(['config', ...flags], { cwd: dir });
    assert.deepEqual([run.exitCode, run.stderr, run.stdout], [1, message, ''], flags.join(' '));
  }
  const unknown = await berth(['config', '--no-normalise'], { cwd: dir });
  assert.equal(unknown.exitCode, 1);
  assert.match(unknown.stderr, /^unknown flag: --no-normalise/);
});

test('--resolve-image-digests pins a pushed image to its registry digest, and the pinned model runs', async () => {
  await docker(['tag', 'berth-test/busybox:latest', pushed]);
  await docker(['push', '-q', pushed]);
  const response = await fetch('http://127.0.0.1:5055/v2/berth/config-digest/manifests/1', { method: 'HEAD', headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json' } });
  const registryDigest = response.headers.get('docker-content-digest');
  assert.match(registryDigest ?? '', /^sha256:[0-9a-f]{64}$/);
  const dir = tree('digests', { 'compose.yaml': `services:\n  app:\n    image: ${pushed}\n    command: ["sh", "-c", "sleep 30"]\n  built:\n    build: .\n    profiles: [never]\n` });
  const pinned = await berth(['-p', project, 'config', '--resolve-image-digests', '-o', 'pinned.yaml'], { cwd: dir });
  assert.equal(pinned.exitCode, 0, pinned.stderr);
  const images = await berth(['-p', project, '-f', 'pinned.yaml', 'config', '--images'], { cwd: dir });
  assert.equal(images.stdout, `${pushed}@${registryDigest}`);
  const up = await berth(['-p', project, '-f', 'pinned.yaml', 'up', '-d'], { cwd: dir });
  assert.equal(up.exitCode, 0, up.stderr);
  assert.equal(await docker(['inspect', '--format', '{{.Config.Image}}', `${project}-app-1`]), `${pushed}@${registryDigest}`);
  // --lock-image-digests: an override file of the pinned images only, which merged over the file pins it.
  const lock = await berth(['-p', project, 'config', '--lock-image-digests', '-o', 'lock.yaml'], { cwd: dir });
  assert.equal(lock.exitCode, 0, lock.stderr);
  assert.equal(readFileSync(path.join(dir, 'lock.yaml'), 'utf8'), `services:\n  app:\n    image: ${pushed}@${registryDigest}\n`);
  const merged = await berth(['-p', project, '-f', 'compose.yaml', '-f', 'lock.yaml', 'config', '--images'], { cwd: dir });
  assert.equal(merged.stdout, `${pushed}@${registryDigest}`);
});

test('--models lists the model of each top-level models entry, one per line', async () => {
  const dir = tree('models', { 'compose.yaml': 'services:\n  app:\n    image: busybox\nmodels:\n  llm:\n    model: ai/smollm2\n  embed:\n    model: ai/embeddinggemma\n' });
  const run = await berth(['config', '--models'], { cwd: dir });
  assert.deepEqual([run.exitCode, run.stdout], [0, 'ai/smollm2\nai/embeddinggemma']);
  const none = await berth(['config', '--models'], { cwd: tree('no-models', { 'compose.yaml': 'services:\n  app:\n    image: busybox\n' }) });
  assert.deepEqual([none.exitCode, none.stdout], [0, '']);
});

test('--no-interpolate prints the files as merged when a value parses only once interpolated (ports, scale), as compose', async () => {
  const dir = tree('no-interpolate', { 'compose.yaml': 'services:\n  web:\n    image: "nginx:${TAG:-1}"\n    ports: ["${PORT}:80"]\n    scale: ${N:-1}\n' });
  const run = await berth(['-p', 'raw', 'config', '--no-interpolate'], { cwd: dir });
  assert.equal(run.exitCode, 0, run.stderr);
  assert.equal(run.stdout, 'name: raw\nservices:\n  web:\n    image: nginx:${TAG:-1}\n    ports:\n      - ${PORT}:80\n    scale: ${N:-1}');
  assert.match(run.stderr, /services\.web\.(ports\.0|scale) holds a variable: printing the files as merged, without normalization/);
  const invalid = tree('no-interpolate-invalid', { 'compose.yaml': 'services:\n  web:\n    image: nginx\n    scale: many\n' });
  const refused = await berth(['config', '--no-interpolate'], { cwd: invalid });
  assert.equal(refused.exitCode, 1, 'a value with no variable in it is still refused');
});

test('--resolve-image-digests fails naming the image when there is no digest to pin, and prints nothing', async () => {
  const cases: Array<[string, string]> = [
    ['berth-test/busybox:latest', 'failed to resolve digest for docker.io/berth-test/busybox:latest: the local image has no repository digest (it was built or loaded here, never pulled from or pushed to a registry)'],
    ['berth-test/absent:2', 'failed to resolve digest for docker.io/berth-test/absent:2: no such image on this engine (berth pins the digest an image was pulled or pushed with: pull it first)'],
  ];
  for (const [image, message] of cases) {
    const dir = tree(`no-digest-${image.replace(/\W/g, '-')}`, { 'compose.yaml': `services:\n  app:\n    image: ${image}\n` });
    const run = await berth(['config', '--resolve-image-digests'], { cwd: dir });
    assert.deepEqual([run.exitCode, run.stderr, run.stdout], [1, message, ''], image);
  }
});
