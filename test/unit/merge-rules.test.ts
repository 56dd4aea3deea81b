/** The merge rules of several -f files (compose-spec 13-merge.md, compose-go override/merge.go), one by one. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadVirtual } from '../helpers/load.js';
import type { ServiceConfig } from '../../src/model/project.js';

/** Loads compose.yaml then compose.override.yaml and returns service `web`. */
function mergedWeb(base: string, override: string, extraTopLevel = ''): ServiceConfig {
  const project = loadVirtual({
    'compose.yaml': `services:\n  web:\n    image: x\n${base}${extraTopLevel}`,
    'compose.override.yaml': `services:\n  web:\n${override}`,
  });
  return project.services['web'] as ServiceConfig;
}

test('merge: scalars are replaced', () => {
  assert.equal(mergedWeb('    user: a\n', '    user: b\n').user, 'b');
});

test('merge: command, entrypoint and healthcheck.test are replaced, not appended', () => {
  const web = mergedWeb('    command: [a, b]\n    entrypoint: [x]\n    healthcheck:\n      test: [CMD, one]\n      retries: 3\n', '    command: c\n    entrypoint: [y, z]\n    healthcheck:\n      test: [CMD, two]\n');
  assert.deepEqual(web.command, ['c']);
  assert.deepEqual(web.entrypoint, ['y', 'z']);
  assert.deepEqual(web.healthcheck, { test: ['CMD', 'two'], retries: 3 });
});

test('merge: environment and labels merge by key across list and map forms', () => {
  const web = mergedWeb('    environment: [A=1, B=1]\n    labels: {x: "1"}\n', '    environment: {B: "2", C: "3"}\n    labels: [y=2, x=3]\n');
  assert.deepEqual(web.environment, { A: '1', B: '2', C: '3' });
  assert.deepEqual(web.labels, { x: '3', y: '2' });
});

test('merge: ports are unique by host ip, published port, target and protocol', () => {
  const web = mergedWeb('    ports: ["80:80", "81:81"]\n', '    ports: ["81:81", "82:82"]\n');
  assert.deepEqual(web.ports?.map((port) => port.published), ['80', '81', '82']);
});

test('merge: volumes are unique by target, the later one wins in place', () => {
  const web = mergedWeb('    volumes: ["./a:/data", "/cache"]\n', '    volumes: ["./b:/data"]\n');
  assert.deepEqual(web.volumes?.map((volume) => `${volume.source ?? ''}:${volume.target}`), ['/project/app/b:/data', ':/cache']);
});

test('merge: depends_on and networks lists become mappings and merge per key', () => {
  const web = mergedWeb('    depends_on: {db: {condition: service_healthy}}\n    networks: [front]\n', '    depends_on: [cache]\n    networks: {back: {aliases: [w]}}\n', '  db: {image: x}\n  cache: {image: x}\nnetworks:\n  front:\n  back:\n');
  assert.deepEqual(Object.keys(web.depends_on ?? {}), ['db', 'cache']);
  assert.equal(web.depends_on?.['db']?.condition, 'service_healthy');
  assert.deepEqual(web.networks, { front: null, back: { aliases: ['w'] } });
});

test('merge: build as a string merges with a build mapping; args merge by key', () => {
  const web = mergedWeb('    build: ./app\n', '    build:\n      dockerfile: Dev.Dockerfile\n      args: [X=1]\n');
  assert.deepEqual(web.build, { context: '/project/app/app', dockerfile: 'Dev.Dockerfile', args: { X: '1' } });
});

test('merge: dns, cap_add and expose are appended without duplicates', () => {
  const web = mergedWeb('    dns: 1.1.1.1\n    cap_add: [NET_ADMIN]\n    expose: ["80"]\n', '    dns: [1.1.1.1, 8.8.8.8]\n    cap_add: [NET_ADMIN, SYS_TIME]\n    expose: ["80", "81"]\n');
  assert.deepEqual(web['dns'], ['1.1.1.1', '8.8.8.8']);
  assert.deepEqual(web['cap_add'], ['NET_ADMIN', 'SYS_TIME']);
  assert.deepEqual(web.expose, ['80', '81']);
});

test('merge: logging options merge only when the driver is the same', () => {
  const same = mergedWeb('    logging: {driver: json-file, options: {max-size: 1m}}\n', '    logging: {options: {max-file: "3"}}\n');
  assert.deepEqual(same['logging'], { driver: 'json-file', options: { 'max-size': '1m', 'max-file': '3' } });
  const other = mergedWeb('    logging: {driver: json-file, options: {max-size: 1m}}\n', '    logging: {driver: syslog}\n');
  assert.deepEqual(other['logging'], { driver: 'syslog' });
});

test('merge: !reset removes an inherited value, !override replaces it whole', () => {
  const web = mergedWeb('    ports: ["80:80"]\n    environment: {A: "1", B: "2"}\n', '    ports: !reset []\n    environment: !override {C: "3"}\n');
  assert.equal(web.ports, undefined);
  assert.deepEqual(web.environment, { C: '3' });
});

test('merge: top-level networks merge ipam.config per subnet and labels by key', () => {
  const project = loadVirtual({
    'compose.yaml': 'services:\n  web: {image: x, networks: [n]}\nnetworks:\n  n:\n    labels: [a=1]\n    ipam:\n      config:\n        - subnet: 10.1.0.0/16\n          gateway: 10.1.0.1\n',
    'compose.override.yaml': 'networks:\n  n:\n    labels: {b: "2"}\n    ipam:\n      config:\n        - subnet: 10.1.0.0/16\n          gateway: 10.1.0.254\n        - subnet: 10.2.0.0/16\n',
  });
  const network = project.networks['n'];
  assert.deepEqual(network?.labels, { a: '1', b: '2' });
  assert.deepEqual(network?.ipam?.config, [{ subnet: '10.1.0.0/16', gateway: '10.1.0.254' }, { subnet: '10.2.0.0/16' }]);
});

test('merge: YAML anchors, aliases, << merge keys and x- extensions', () => {
  const project = loadVirtual({
    'compose.yaml': 'x-common: &common\n  image: base\n  environment: {A: "1"}\nservices:\n  web:\n    <<: *common\n    environment: {B: "2"}\n  worker: *common\n',
  });
  assert.equal(project.services['web']?.image, 'base');
  assert.deepEqual(project.services['web']?.environment, { B: '2' });
  assert.deepEqual(project.services['worker']?.environment, { A: '1' });
});
