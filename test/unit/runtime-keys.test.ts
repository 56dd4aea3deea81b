import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/model/errors.js';
import { runtimeOf } from '../../src/model/service-runtime.js';
import { durationSeconds } from '../../src/plan/flags/duration.js';
import { gpusValue } from '../../src/plan/flags/resources.js';
import { loadVirtual } from '../helpers/load.js';

function appOf(service: string, top = ''): ReturnType<typeof runtimeOf> {
  const project = loadVirtual({ 'compose.yaml': `services:\n  app:\n    image: x\n${service}\n${top}` });
  return runtimeOf(project.services['app'] as never);
}

test('runtime keys: sizes in bytes, ulimits as soft/hard, extra_hosts as host=ip, devices long form', () => {
  const app = appOf(`    mem_limit: 1.5g
    shm_size: 64M
    memswap_limit: -1
    ulimits: {nproc: 10, nofile: {soft: 1, hard: 2}}
    extra_hosts: ["a:1.2.3.4", "b=5.6.7.8", "c:::1"]
    devices: ["/dev/a", "/dev/b:/dev/c:r", {source: /dev/d, target: /dev/e, permissions: rw}]
    dns: 1.1.1.1
    tmpfs: /run`);
  assert.equal(app.mem_limit, 1.5 * 1024 ** 3);
  assert.equal(app.shm_size, 64 * 1024 ** 2);
  assert.equal(app.memswap_limit, -1);
  assert.deepEqual(app.ulimits, { nproc: { soft: 10, hard: 10 }, nofile: { soft: 1, hard: 2 } });
  assert.deepEqual(app.extra_hosts, ['a=1.2.3.4', 'b=5.6.7.8', 'c=::1']);
  assert.deepEqual(app.devices, [{ source: '/dev/a', target: '/dev/a' }, { source: '/dev/b', target: '/dev/c', permissions: 'r' }, { source: '/dev/d', target: '/dev/e', permissions: 'rw' }]);
  assert.deepEqual([app.dns, app.tmpfs], [['1.1.1.1'], ['/run']]);
});

test('runtime keys: secrets and configs get their default targets; relative secret targets go under /run/secrets', () => {
  const app = appOf(`    secrets: [a, {source: b, target: t, mode: 0o440, uid: "1"}]
    configs: [c, {source: d, target: /etc/d, mode: "0644"}]`, 'secrets: {a: {file: ./a}, b: {file: ./b}}\nconfigs: {c: {content: x}, d: {content: y}}\n');
  assert.deepEqual(app.secrets, [{ source: 'a', target: '/run/secrets/a' }, { source: 'b', target: '/run/secrets/t', uid: '1', mode: 0o440 }]);
  assert.deepEqual(app.configs?.map((config) => config.target), ['/c', '/etc/d']);
});

test('runtime keys: deploy resources in canonical units, gpus: all, and disagreeing limits are an error at file:line', () => {
  const app = appOf(`    gpus: all
    deploy:
      replicas: 2
      resources: {limits: {cpus: "0.5", memory: 50M}, reservations: {devices: [{capabilities: [gpu]}]}}`);
  assert.deepEqual(app.deploy?.resources?.limits, { cpus: 0.5, memory: 50 * 1024 ** 2 });
  assert.deepEqual(app.deploy?.resources?.reservations?.devices, [{ count: 'all', capabilities: ['gpu'] }]);
  assert.equal(app.deploy?.replicas, 2);
  assert.deepEqual(app.gpus, [{ count: 'all', capabilities: ['gpu'] }]);
  assert.throws(() => appOf('    cpus: 1\n    deploy: {resources: {limits: {cpus: 2}}}'), (error: unknown) => error instanceof ConfigError && /can't set distinct values on 'cpus' and 'deploy.resources.limits.cpus'/.test(error.message) && /compose\.yaml:4:5/.test(error.message));
  assert.throws(() => appOf('    mem_limit: lots'), /invalid size "lots"/);
});

test('translator helpers: Go durations to whole seconds, --gpus values', () => {
  assert.deepEqual(['1m30s', '10s', '1.9s', '500ms', '1h', '90', 'soon'].map(durationSeconds), [90, 10, 1, 0, 3600, 90, undefined]);
  assert.equal(gpusValue({ count: 'all', capabilities: ['gpu'] }), 'all');
  assert.equal(gpusValue({ driver: 'nvidia', device_ids: ['0', '1'], capabilities: ['gpu', 'utility'] }), 'driver=nvidia,"device=0,1","capabilities=gpu,utility"');
  assert.equal(gpusValue({ count: 2, capabilities: ['gpu'] }), 'count=2,capabilities=gpu');
});
