import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/model/errors.js';
import { loadVirtual } from '../helpers/load.js';

function loadError(files: Record<string, string>, environment: Record<string, string> = {}): ConfigError {
  try {
    loadVirtual(files, { environment });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  assert.fail('expected a ConfigError');
}

test('loader: project name from the directory, normalized', () => {
  const project = loadVirtual({ 'compose.yaml': 'services: {web: {image: x}}' }, { dir: '/srv/My_App.v2' });
  assert.equal(project.name, 'my_appv2');
});

test('loader: -p beats COMPOSE_PROJECT_NAME beats name: beats the directory', () => {
  const files = { 'compose.yaml': 'name: from-file\nservices: {web: {image: x}}' };
  assert.equal(loadVirtual(files).name, 'from-file');
  assert.equal(loadVirtual(files, { environment: { COMPOSE_PROJECT_NAME: 'from-env' } }).name, 'from-env');
  assert.equal(loadVirtual(files, { environment: { COMPOSE_PROJECT_NAME: 'from-env' }, projectName: 'flag' }).name, 'flag');
  assert.throws(() => loadVirtual(files, { projectName: 'Bad Name' }), /invalid project name "Bad Name"/);
});

test('loader: build string, environment list and map, ports long form', () => {
  const project = loadVirtual({
    'compose.yaml': `
services:
  web:
    build: ./app
    environment:
      - A=1
      - FROM_SHELL
    ports: ["8000:5000"]
  db:
    image: db
    environment:
      B: "2"
      C:
`,
  }, { environment: { FROM_SHELL: 'shell' } });
  const web = project.services['web'];
  assert.deepEqual(web?.build, { context: '/project/app/app', dockerfile: 'Dockerfile' });
  assert.deepEqual(web?.environment, { A: '1', FROM_SHELL: 'shell' });
  assert.deepEqual(web?.ports, [{ mode: 'ingress', target: 5000, published: '8000', protocol: 'tcp' }]);
  assert.deepEqual(project.services['db']?.environment, { B: '2', C: null });
  assert.deepEqual(Object.keys(project.networks), ['default']);
  assert.equal(project.networks['default']?.name, 'app_default');
});

test('loader: interpolation from the environment, with defaults', () => {
  const project = loadVirtual({ 'compose.yaml': 'services:\n  web:\n    image: "redis:${TAG:-alpine}"\n    command: echo $$HOME\n' });
  assert.equal(project.services['web']?.image, 'redis:alpine');
  assert.deepEqual(project.services['web']?.command, ['echo', '$HOME']);
});

test('loader: a later -f file overrides and merges', () => {
  const project = loadVirtual({
    'compose.yaml': 'services:\n  web:\n    image: a\n    environment: [X=1, Y=1]\n    ports: ["80:80"]\n',
    'compose.override.yaml': 'services:\n  web:\n    image: b\n    environment: {Y: "2"}\n    ports: ["81:81"]\n',
  });
  const web = project.services['web'];
  assert.equal(web?.image, 'b');
  assert.deepEqual(web?.environment, { X: '1', Y: '2' });
  assert.deepEqual(web?.ports?.map((port) => port.target), [80, 81]);
});

test('loader: YAML syntax errors name the file, line and column', () => {
  const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: x\n   ports: [\n' });
  assert.match(error.message, /^\/project\/app\/compose\.yaml:\d+:\d+: /);
  assert.ok(error.position?.line !== undefined && error.position.line >= 3);
});

test('loader: an unknown key is located and gets a suggestion', () => {
  const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: x\n    enviroment:\n      A: 1\n' });
  assert.equal(error.message, '/project/app/compose.yaml:4:5: services.web.enviroment: additional property "enviroment" is not allowed (did you mean "environment"?)');
});

test('loader: a bad port string is located at its list item', () => {
  const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: x\n    ports:\n      - "80:abc"\n' });
  assert.equal(error.message, '/project/app/compose.yaml:5:9: services.web.ports.0: invalid port "80:abc"');
});

test('loader: a missing required variable names the variable and where', () => {
  const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: "${IMAGE:?set IMAGE}"\n' });
  assert.equal(error.message, '/project/app/compose.yaml:3:5: services.web.image: required variable IMAGE is missing a value: set IMAGE');
});

test('loader: neither image nor build, undefined dependency, cycles', () => {
  assert.match(loadError({ 'compose.yaml': 'services:\n  web: {}\n' }).message, /service "web" has neither an image nor a build context specified/);
  assert.match(loadError({ 'compose.yaml': 'services:\n  web:\n    image: x\n    depends_on: [db]\n' }).message, /:4:5: services\.web\.depends_on\.db: service "web" depends on undefined service "db"/);
  assert.match(loadError({ 'compose.yaml': 'services:\n  a: {image: x, depends_on: [b]}\n  b: {image: x, depends_on: [a]}\n' }).message, /dependency cycle detected: a -> b -> a/);
});

test('loader: duplicate keys are rejected with their line', () => {
  const error = loadError({ 'compose.yaml': 'services:\n  web:\n    image: x\n    image: y\n' });
  assert.equal(error.message, '/project/app/compose.yaml:4:5: mapping key "image" already defined at line 3');
});

test('loader: profiles disable services unless active or named', () => {
  const files = { 'compose.yaml': 'services:\n  web: {image: x}\n  debug: {image: x, profiles: [dev]}\n' };
  assert.deepEqual(Object.keys(loadVirtual(files).services), ['web']);
  assert.deepEqual(Object.keys(loadVirtual(files, { profiles: ['dev'] }).services), ['web', 'debug']);
  assert.deepEqual(Object.keys(loadVirtual(files, { enabledServices: ['debug'] }).services), ['web', 'debug']);
});
