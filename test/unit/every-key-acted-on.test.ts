/**
 * No key is dropped without a word: every service, network and volume key berth knows is set, one at
 * a time, on a small project, and must either change what berth runs (the up and down scripts), be
 * reported in a warning naming it, or be refused with an error naming it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { NETWORK_KEYS, VOLUME_KEYS } from '../../src/config/known-keys.js';
import { emptyState, type ObservedContainer, type ObservedState } from '../../src/model/observed.js';
import type { Project } from '../../src/model/project.js';
import { SERVICE_KEY_NAMES } from '../../src/keys/registry.js';
import { planDown } from '../../src/plan/down.js';
import { serviceConfigHash } from '../../src/plan/hash.js';
import { renderScript } from '../../src/plan/render-script.js';
import { planUp } from '../../src/plan/up.js';
import { loadVirtual } from '../helpers/load.js';

/** One valid value per service key (an image is in the base project, so `image` gives another). */
const SERVICE_SAMPLES: Record<string, unknown> = {
  annotations: { a: 'b' }, attach: false, blkio_config: { weight: 300 }, build: { context: '.' }, cap_add: ['NET_ADMIN'],
  cap_drop: ['MKNOD'], cgroup: 'private', cgroup_parent: 'parent', command: ['sleep', '1'], configs: ['c'], container_name: 'named',
  cpu_count: 1, cpu_percent: 50, cpu_period: 100000, cpu_quota: 50000, cpu_rt_period: 1000, cpu_rt_runtime: 1000, cpu_shares: 512,
  cpus: 0.5, cpuset: '0', credential_spec: { file: 'spec.json' }, depends_on: ['other'], deploy: { replicas: 2 },
  develop: { watch: [{ path: '.', action: 'rebuild' }] }, device_cgroup_rules: ['c 1:3 rwm'], devices: ['/dev/null:/dev/n'],
  dns: ['10.0.0.53'], dns_opt: ['ndots:2'], dns_search: ['example.test'], domainname: 'example.test', entrypoint: ['sh'],
  env_file: ['app.env'], environment: { A: '1' }, expose: ['80'], extends: { service: 'other' }, external_links: ['outside:alias'],
  extra_hosts: ['h:10.0.0.5'], gpus: 'all', group_add: ['100'], healthcheck: { test: 'true' }, hostname: 'h', image: 'alpine',
  init: true, ipc: 'host', isolation: 'default', label_file: ['app.labels'], labels: { a: 'b' }, links: ['other'],
  logging: { driver: 'none' }, mac_address: '02:42:ac:11:00:02', mem_limit: '64m', mem_reservation: '32m', mem_swappiness: 10,
  memswap_limit: '128m', models: {}, network_mode: 'host', networks: { front: { aliases: ['alias'] } }, oom_kill_disable: true, oom_score_adj: 100,
  pid: 'host', pids_limit: 10, platform: 'linux/amd64', ports: ['8080:80'], post_start: [{ command: 'true' }],
  pre_start: [{ command: 'true' }], pre_stop: [{ command: 'true' }], privileged: true, profiles: ['later'], provider: { type: 'cloud' },
  pull_policy: 'always', pull_refresh_after: '1h', read_only: true, restart: 'always', runtime: 'runc', scale: 2, secrets: ['s'],
  security_opt: ['no-new-privileges:true'], shm_size: '64m', stdin_open: true, stop_grace_period: '5s', stop_signal: 'SIGUSR1',
  storage_opt: { size: '1G' }, sysctls: { 'net.core.somaxconn': '1024' }, tmpfs: ['/run'], tty: true, ulimits: { nofile: 1024 },
  use_api_socket: true, user: '1000', userns_mode: 'host', uts: 'host', volumes: ['data:/elsewhere'], volumes_from: ['other'], working_dir: '/w',
};

const NETWORK_SAMPLES: Record<string, unknown> = {
  name: 'custom', driver: 'macvlan', driver_opts: { mtu: '1400' }, ipam: { config: [{ subnet: '10.9.0.0/24' }] }, external: true,
  internal: true, enable_ipv4: false, enable_ipv6: true, attachable: true, labels: { a: 'b' },
};
const VOLUME_SAMPLES: Record<string, unknown> = { name: 'custom', driver: 'other', driver_opts: { o: 'bind' }, external: true, labels: { a: 'b' } };

/** Other keys a sample needs changed: a service with `build` and no `image` is built. */
const WITH: Record<string, Record<string, unknown>> = { build: { image: undefined } };

/** Keys that act in another command than up and down, where their own tests cover them. */
const ACTED_ON_ELSEWHERE: Record<string, string> = {
  attach: 'which services an attached up follows (test/e2e/attached.test.ts)',
  develop: 'watch (develop.watch rules)',
};

const FILES: Record<string, string> = { 'app.env': 'FROM_FILE=1\n', 'app.labels': 'from.file=1\n', 's.txt': 'secret', 'c.txt': 'config' };
const load = (text: string): Project => loadVirtual({ 'compose.yaml': text }, { readFile: (file) => (file.endsWith('compose.yaml') ? text : FILES[path.posix.basename(file)]) });

function compose(service: Record<string, unknown>, network: Record<string, unknown> = {}, volume: Record<string, unknown> = {}): string {
  return [
    'services:',
    `  svc: ${JSON.stringify({ image: 'busybox', networks: ['front'], volumes: ['data:/data'], ...service })}`,
    `  other: ${JSON.stringify({ image: 'busybox', working_dir: '/from-other' })}`,
    `networks: {front: ${JSON.stringify(network)}}`,
    `volumes: {data: ${JSON.stringify(volume)}}`,
    'secrets: {s: {file: ./s.txt}}',
    'configs: {c: {file: ./c.txt}}',
    '',
  ].join('\n');
}

/** The project up from nothing (every image present), then down with each service's container running. */
function scripts(project: Project): { text: string; warnings: string[] } {
  const images = new Map(['busybox', 'alpine'].map((image) => [image, `sha256:${image}`]));
  // External resources (named as the samples name them) exist; the project's own do not yet.
  const external = <T>(name: string, entry: T): Map<string, T> => new Map([[name, entry]]);
  const up = planUp(project, {
    ...emptyState(project.name, true), images, apiVersion: '1.49',
    networks: external('front', { id: 'front', name: 'front', labels: {} }), volumes: external('data', { id: 'data', name: 'data', labels: {} }),
  });
  const running = Object.values(project.services).map((service, index): ObservedContainer => ({
    id: `id${index}`, name: `${project.name}-${service.name}-1`, service: service.name, number: 1, oneoff: false, state: 'running',
    status: 'Up', image: '', imageId: undefined, configHash: serviceConfigHash(service), createdAt: '', runningFor: '', ports: '', command: '',
  }));
  const state: ObservedState = { ...emptyState(project.name, true), containers: running };
  const down = planDown(project, state, { volumes: true });
  // Any change of the model changes the config hash: only what else changes counts.
  const text = `${renderScript(up, 'up')}${renderScript(down, 'down')}`.replace(/com\.docker\.compose\.config-hash=[0-9a-f]+/g, 'HASH');
  return { text, warnings: [...up.warnings, ...down.warnings] };
}

type Fate = 'translated' | 'warned' | 'refused' | 'dropped';

function fateOf(keyPath: string, text: string, baseline: string): Fate {
  let result: { text: string; warnings: string[] };
  try {
    result = scripts(load(text));
  } catch (error) {
    assert.ok((error as Error).message.includes(keyPath), `${keyPath} refused without naming it: ${(error as Error).message}`);
    return 'refused';
  }
  if (result.warnings.some((warning) => warning.includes(keyPath))) return 'warned';
  return result.text !== baseline ? 'translated' : 'dropped';
}

const baseline = scripts(load(compose({}))).text;

test('every service key is translated to docker flags, warned about, or refused', () => {
  assert.deepEqual(Object.keys(SERVICE_SAMPLES).sort(), [...SERVICE_KEY_NAMES], 'a sample for each key of the registry');
  const dropped = SERVICE_KEY_NAMES.filter((key) => fateOf(`services.svc.${key}`, compose({ [key]: SERVICE_SAMPLES[key], ...WITH[key] }), baseline) === 'dropped');
  assert.deepEqual(dropped, Object.keys(ACTED_ON_ELSEWHERE).sort());
});

test('every network and volume key is translated to docker flags, warned about, or refused', () => {
  assert.deepEqual(Object.keys(NETWORK_SAMPLES).sort(), [...NETWORK_KEYS].sort());
  assert.deepEqual(Object.keys(VOLUME_SAMPLES).sort(), [...VOLUME_KEYS].sort());
  const fates = [
    ...NETWORK_KEYS.map((key) => [`networks.${key}`, fateOf(`networks.front.${key}`, compose({}, { [key]: NETWORK_SAMPLES[key] }), baseline)]),
    ...VOLUME_KEYS.map((key) => [`volumes.${key}`, fateOf(`volumes.data.${key}`, compose({}, {}, { [key]: VOLUME_SAMPLES[key] }), baseline)]),
  ];
  assert.deepEqual(fates.filter(([, fate]) => fate === 'dropped'), []);
});
