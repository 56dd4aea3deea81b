/** The key registry (src/keys) declares each service key once; what config/ and plan/ derive from it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FlagView } from '../../src/keys/entry.js';
import { FLAG_FAMILIES, SERVICE_KEY_CASTS, SERVICE_KEY_ENTRIES, SERVICE_KEY_NAMES, swarmFlags } from '../../src/keys/registry.js';
import { runtimeOf } from '../../src/model/service-runtime.js';
import { loadVirtual } from '../helpers/load.js';
import { repoRoot } from '../helpers/berth.js';

test('registry: each key declared once, and each one rendered, reported as ignored, or handled by named code', () => {
  assert.equal(new Set(SERVICE_KEY_NAMES).size, SERVICE_KEY_ENTRIES.length);
  for (const entry of SERVICE_KEY_ENTRIES) {
    assert.ok(entry.docker !== undefined || entry.ignored !== undefined || entry.handledBy !== undefined, `${entry.key} is neither rendered, ignored nor handled`);
  }
  const rendered = Object.values(FLAG_FAMILIES).flat();
  assert.equal(new Set(rendered.map((entry) => entry.key)).size, rendered.length, 'a key in two flag families');
});

test('registry: a key the service does not set renders no flags unless the service has a deploy section (familyFlags skips it)', () => {
  const calls: string[] = [];
  const view: FlagView = {
    service: { name: 'app' } as FlagView['service'],
    runtime: {} as FlagView['runtime'],
    workingDir: '/project',
    resolveServiceMode: (mode) => { calls.push(`resolveServiceMode ${mode}`); return mode; },
    firstContainerOf: (service) => { calls.push(`firstContainerOf ${service}`); return service; },
    needsApi: (keyPath) => { calls.push(`needsApi ${keyPath}`); return true; },
    ignore: (keyPath) => { calls.push(`ignore ${keyPath}`); },
  };
  for (const entry of Object.values(FLAG_FAMILIES).flat()) {
    assert.deepEqual(entry.docker?.(undefined, view) ?? [], [], `${entry.key} renders flags when unset`);
  }
  assert.deepEqual(calls, [], 'a renderer of an unset key reported or resolved something');
});

test('registry: the casts are compose-go\'s interpolateTypeCastMapping for services', () => {
  const expected = [
    'attach bool', 'configs.[].mode int', 'cpu_count int', 'cpu_percent float', 'cpu_period int', 'cpu_quota int', 'cpu_rt_period int',
    'cpu_rt_runtime int', 'cpu_shares int', 'cpus float', 'depends_on.*.required bool', 'depends_on.*.restart bool',
    'deploy.placement.max_replicas_per_node int', 'deploy.replicas int', 'deploy.restart_policy.max_attempts int',
    'deploy.rollback_config.max_failure_ratio float', 'deploy.rollback_config.parallelism int', 'deploy.update_config.max_failure_ratio float',
    'deploy.update_config.parallelism int', 'healthcheck.disable bool', 'healthcheck.retries int', 'init bool', 'oom_kill_disable bool',
    'oom_score_adj int', 'pids_limit int', 'ports.[].target int', 'privileged bool', 'read_only bool', 'scale int', 'secrets.[].mode int',
    'stdin_open bool', 'tty bool', 'ulimits.* int', 'ulimits.*.hard int', 'ulimits.*.soft int', 'use_api_socket bool',
    'volumes.[].read_only bool', 'volumes.[].volume.nocopy bool',
  ];
  assert.deepEqual(SERVICE_KEY_CASTS.map(([path, cast]) => `${path} ${cast}`).sort(), expected.sort());
});

test('registry: the Swarm mapping renders docker service create flags from the same entries', () => {
  const project = loadVirtual({
    'compose.yaml': [
      'services:', '  app:', '    image: busybox', '    user: "1000"', '    working_dir: /srv', '    init: true', '    read_only: true',
      '    cap_add: [NET_ADMIN]', '    dns: [10.0.0.53]', '    extra_hosts: ["db:10.0.0.5"]', '    stop_grace_period: 1m30s',
      '    ulimits: {nofile: {soft: 10, hard: 20}}', '    sysctls: {net.core.somaxconn: "1024"}', '    cpu_shares: 512',
      '    deploy: {replicas: 3, resources: {limits: {cpus: "0.5", memory: 64m, pids: 50}, reservations: {memory: 32m}}}', '',
    ].join('\n'),
  });
  const service = project.services['app'];
  assert.ok(service !== undefined);
  const view: FlagView = {
    service, runtime: runtimeOf(service), workingDir: project.workingDir, resolveServiceMode: (mode) => mode, firstContainerOf: (name) => name,
    needsApi: () => true, ignore: () => undefined,
  };
  assert.deepEqual(swarmFlags(view), [
    '--dns', '10.0.0.53', '--host', 'db:10.0.0.5',
    '--workdir', '/srv', '--user', '1000', '--init', '--stop-grace-period', '1m30s',
    '--read-only', '--cap-add', 'NET_ADMIN', '--sysctl', 'net.core.somaxconn=1024',
    '--limit-memory', '67108864', '--reserve-memory', '33554432', '--limit-cpu', '0.5', '--limit-pids', '50',
    '--ulimit', 'nofile=10:20', '--replicas', '3',
  ]);
});

test('registry: src/keys imports only itself and model/ types (config/ and plan/ both read it, it reads neither)', () => {
  const dir = path.join(repoRoot, 'src', 'keys');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const [, target = ''] of text.matchAll(/from '([^']+)'/g)) {
      const resolved = path.relative(path.join(repoRoot, 'src'), path.resolve(path.dirname(path.join(dir, file)), target));
      assert.ok(target.startsWith('node:') || /^(keys|model)\//.test(resolved), `src/keys/${file} imports ${target}`);
    }
  }
});
