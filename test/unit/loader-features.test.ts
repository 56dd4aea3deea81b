/** extends, include, profiles, type casts, canonical forms and the project name in the environment. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/model/errors.js';
import { loadVirtual } from '../helpers/load.js';

function loadError(files: Record<string, string>, options: Parameters<typeof loadVirtual>[1] = {}): string {
  try {
    loadVirtual(files, options);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  assert.fail('expected a ConfigError');
}

/** loadVirtual with files addressed by absolute virtual paths (for other directories than the project's). */
function loadTree(files: Record<string, string>, main = '/project/app/compose.yaml', environment: Record<string, string> = {}) {
  return loadVirtual({ 'compose.yaml': files[main] as string }, {
    environment,
    readFile: (absolute) => files[absolute],
  });
}

test('extends: a service of the same file, recursively, child keys merged over the base', () => {
  const project = loadVirtual({
    'compose.yaml': 'services:\n  base:\n    image: x\n    environment: {A: "1"}\n  mid:\n    extends: base\n    environment: {B: "2"}\n  web:\n    extends:\n      service: mid\n    ports: ["80:80"]\n',
  });
  assert.deepEqual(project.services['web']?.environment, { A: '1', B: '2' });
  assert.equal(project.services['web']?.image, 'x');
  assert.equal(project.services['web']?.['extends'], undefined);
});

test('extends: another file; its relative paths resolve against its own directory', () => {
  const project = loadTree({
    '/project/app/compose.yaml': 'services:\n  web:\n    extends:\n      file: ../common/base.yaml\n      service: app\n    image: y\n',
    '/project/common/base.yaml': 'services:\n  app:\n    build: ./src\n    volumes: ["./data:/data"]\n    env_file: ./app.env\n',
    '/project/common/app.env': 'FROM_FILE=1\n',
  });
  const web = project.services['web'];
  assert.equal(web?.build?.context, '/project/common/src');
  assert.equal(web?.volumes?.[0]?.source, '/project/common/data');
  assert.deepEqual(web?.environment, { FROM_FILE: '1' });
  assert.equal(web?.image, 'y');
});

test('extends: cycles and missing services are located errors', () => {
  assert.match(loadError({ 'compose.yaml': 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n' }), /Circular reference:\n {2}a in \/project\/app\/compose\.yaml\n {2}extends b in .*\n {2}extends a in /);
  assert.equal(loadError({ 'compose.yaml': 'services:\n  a:\n    image: x\n    extends: nope\n' }), '/project/app/compose.yaml:4:5: services.a.extends: cannot extend service "a" in /project/app/compose.yaml: service "nope" not found');
});

test('include: resources join the project; paths and .env are the included project\'s own', () => {
  const project = loadTree({
    '/project/app/compose.yaml': 'include:\n  - ../db/compose.yaml\nservices:\n  web:\n    image: web\n    depends_on: [db]\n',
    '/project/db/compose.yaml': 'services:\n  db:\n    image: "postgres:${PG_TAG}"\n    volumes: ["./init:/docker-entrypoint-initdb.d"]\n    environment: [SHARED]\nvolumes:\n  pgdata:\n',
    '/project/db/.env': 'PG_TAG=16\nSHARED=from-include\n',
  }, undefined, { SHARED: 'from-parent' });
  assert.equal(project.services['db']?.image, 'postgres:16');
  assert.equal(project.services['db']?.volumes?.[0]?.source, '/project/db/init');
  assert.deepEqual(project.services['db']?.environment, { SHARED: 'from-parent' });
  assert.equal(project.volumes['pgdata']?.name, 'app_pgdata');
});

test('include: long form with project_directory and env_file; the including file overrides', () => {
  const project = loadTree({
    '/project/app/compose.yaml': 'include:\n  - path: ../lib/c.yaml\n    project_directory: ../lib/root\n    env_file: ../lib/vars.env\nservices:\n  cache:\n    environment: {B: "2"}\n',
    '/project/lib/c.yaml': 'services:\n  cache:\n    image: "redis:${TAG}"\n    build: ./ctx\n',
    '/project/lib/vars.env': 'TAG=7\n',
  });
  const cache = project.services['cache'];
  assert.equal(cache?.image, 'redis:7');
  assert.equal(cache?.build?.context, '/project/lib/root/ctx');
  assert.deepEqual(cache?.environment, { B: '2' });
});

test('include: a cycle is detected', () => {
  const message = (() => {
    try {
      loadTree({
        '/project/app/compose.yaml': 'include: [a.yaml]\nservices: {}\n',
        '/project/app/a.yaml': 'include: [compose.yaml]\n',
      });
    } catch (error) {
      return (error as Error).message;
    }
    return '';
  })();
  assert.match(message, /include cycle detected:\n\/project\/app\/compose\.yaml\ninclude \/project\/app\/a\.yaml\ninclude \/project\/app\/compose\.yaml/);
});

test('profiles: * enables all; a named service enables its profiles, not its siblings', () => {
  const files = { 'compose.yaml': 'services:\n  web: {image: x}\n  a: {image: x, profiles: [p]}\n  b: {image: x, profiles: [p]}\n  c: {image: x, profiles: [q]}\n' };
  assert.deepEqual(Object.keys(loadVirtual(files, { profiles: ['*'] }).services), ['web', 'a', 'b', 'c']);
  assert.deepEqual(Object.keys(loadVirtual(files, { enabledServices: ['c'] }).services), ['web', 'c']);
  assert.deepEqual(Object.keys(loadVirtual(files, { enabledServices: ['c'] }).disabledServices), ['a', 'b']);
});

test('interpolation: values at typed paths are cast after substitution', () => {
  const project = loadVirtual({ 'compose.yaml': 'services:\n  web:\n    image: x\n    init: "${INIT}"\n    scale: ${N}\n    ports:\n      - target: "${PORT}"\n        published: "8080"\n' }, { environment: { INIT: 'true', N: '2', PORT: '80' } });
  const web = project.services['web'];
  assert.equal(web?.['init'], true);
  assert.equal(web?.scale, 2);
  assert.equal(web?.ports?.[0]?.target, 80);
  assert.equal(loadError({ 'compose.yaml': 'services:\n  web:\n    image: x\n    tty: "${T}"\n' }, { environment: { T: 'sometimes' } }), '/project/app/compose.yaml:4:5: services.web.tty: failed to cast to expected type: invalid boolean: sometimes');
});

test('interpolation: ${COMPOSE_PROJECT_NAME} is the resolved project name, also from name:', () => {
  const fromName = loadVirtual({ 'compose.yaml': 'name: shop\nservices:\n  web:\n    image: x\n    container_name: ${COMPOSE_PROJECT_NAME}-web\n' });
  assert.equal(fromName.services['web']?.container_name, 'shop-web');
  const fromFlag = loadVirtual({ 'compose.yaml': 'services:\n  web:\n    image: x\n    hostname: ${COMPOSE_PROJECT_NAME}\n' }, { projectName: 'flag' });
  assert.equal(fromFlag.services['web']?.['hostname'], 'flag');
});

test('ports: ranges expand per container port; host ip, IPv6 and protocol', () => {
  const web = loadVirtual({ 'compose.yaml': 'services:\n  web:\n    image: x\n    ports:\n      - "127.0.0.1:8000-8001:80-81/udp"\n      - "[::1]:9000:90"\n      - "7000-7010:70"\n      - 5000\n' }).services['web'];
  assert.deepEqual(web?.ports, [
    { mode: 'ingress', target: 80, protocol: 'udp', host_ip: '127.0.0.1', published: '8000' },
    { mode: 'ingress', target: 81, protocol: 'udp', host_ip: '127.0.0.1', published: '8001' },
    { mode: 'ingress', target: 90, protocol: 'tcp', host_ip: '::1', published: '9000' },
    { mode: 'ingress', target: 70, protocol: 'tcp', published: '7000-7010' },
    { mode: 'ingress', target: 5000, protocol: 'tcp' },
  ]);
});

test('volumes: bind (relative, ~), named, anonymous and tmpfs long forms', () => {
  const web = loadVirtual({ 'compose.yaml': 'services:\n  web:\n    image: x\n    volumes:\n      - ./src:/app:ro\n      - ~/cache:/cache\n      - data:/data:nocopy\n      - /anon\n      - type: tmpfs\n        target: /tmp\n        tmpfs: {size: 64m}\nvolumes:\n  data:\n' }, { homeDir: '/home/me' }).services['web'];
  assert.deepEqual(web?.volumes, [
    { type: 'bind', source: '/project/app/src', target: '/app', read_only: true, bind: { create_host_path: true } },
    { type: 'bind', source: '/home/me/cache', target: '/cache', bind: { create_host_path: true } },
    { type: 'volume', source: 'data', target: '/data', volume: { nocopy: true } },
    { type: 'volume', target: '/anon' },
    { type: 'tmpfs', target: '/tmp', tmpfs: { size: 67108864 } },
  ]);
});

test('healthcheck: durations take Go\'s printed form, a string test becomes CMD-SHELL', () => {
  const web = loadVirtual({ 'compose.yaml': 'services:\n  web:\n    image: x\n    healthcheck:\n      test: curl -f localhost\n      interval: 90s\n      timeout: 1m\n      start_period: 1500ms\n' }).services['web'];
  assert.deepEqual(web?.healthcheck, { test: ['CMD-SHELL', 'curl -f localhost'], interval: '1m30s', timeout: '1m0s', start_period: '1.5s' });
});

test('env_file: optional files are skipped, format raw is literal, environment wins', () => {
  const project = loadTree({
    '/project/app/compose.yaml': 'services:\n  web:\n    image: x\n    env_file:\n      - path: ./missing.env\n        required: false\n      - path: ./raw.env\n        format: raw\n      - ./app.env\n    environment: {C: from-compose}\n',
    '/project/app/raw.env': 'A="kept quotes"\n',
    '/project/app/app.env': 'B=${A:-unset}\nC=from-file\n',
  });
  assert.deepEqual(project.services['web']?.environment, { A: '"kept quotes"', B: 'unset', C: 'from-compose' });
});

test('yaml: a plain 0440 is octal as go-yaml reads it; 0o440 and 440 keep their meaning', () => {
  const project = loadVirtual({ 'compose.yaml': 'services:\n  web:\n    image: x\n    labels: {a: 0440, b: 0o440, c: 440, d: "0440"}\n' });
  assert.deepEqual(project.services['web']?.labels, { a: '288', b: '288', c: '440', d: '0440' });
});

test('depends_on: links, service: namespaces and volumes_from add implicit dependencies', () => {
  const project = loadVirtual({ 'compose.yaml': 'services:\n  web:\n    image: x\n    links: ["db:database"]\n    network_mode: "service:vpn"\n    volumes_from: ["data:ro", "container:other"]\n    depends_on:\n      db: {condition: service_healthy}\n  db: {image: x}\n  vpn: {image: x}\n  data: {image: x}\n' });
  assert.deepEqual(project.services['web']?.depends_on, {
    db: { condition: 'service_healthy', required: true },
    vpn: { condition: 'service_started', restart: true, required: true },
    data: { condition: 'service_started', required: true },
  });
});

test('yaml: several documents in one file are loaded in sequence', () => {
  const project = loadVirtual({ 'compose.yaml': 'services:\n  web:\n    image: a\n    environment: {A: "1"}\n---\nservices:\n  web:\n    image: b\n    environment: {B: "2"}\n' });
  assert.equal(project.services['web']?.image, 'b');
  assert.deepEqual(project.services['web']?.environment, { A: '1', B: '2' });
});
