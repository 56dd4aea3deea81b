import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { berth, fixturesDir } from '../helpers/berth.js';
import { docker, httpGet, projectResources, purgeProject } from '../helpers/docker.js';

// The dry-run script is the plan: run with sh on the real engine it makes the project, after which
// berth plans no change. And printing it changes nothing, on the engine or on disk.

/**
 * Everything of this file's on the engine (other suites change the rest of it at the same time):
 * containers, networks and volumes named berth-k-*, and the images the fixtures use or build.
 */
async function engineSnapshot(): Promise<string> {
  const ours = (text: string): string => text.split('\n').filter((line) => /\bberth-(k|test)[-/]/.test(line)).map((line) => line.replace(/ Up .*$| Exited .*$/, '')).sort().join('\n');
  const [containers, networks, volumes, images] = await Promise.all([
    docker(['ps', '-a', '--no-trunc', '--format', '{{.ID}} {{.Names}} {{.State}} {{.Status}} {{.Mounts}}']),
    docker(['network', 'ls', '--no-trunc', '--format', '{{.ID}} {{.Name}}']),
    docker(['volume', 'ls', '--format', '{{.Name}}']),
    docker(['images', '-a', '--no-trunc', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}']),
  ]);
  return [ours(containers), ours(networks), ours(volumes), ours(images)].join('\n--\n');
}

interface RoundTrip {
  readonly project: string;
  readonly cwd: string;
  /** Extra global flags (-f ...). */
  readonly flags?: readonly string[];
  /** Variables for berth and the script (secrets from the environment, interpolation). */
  readonly env?: Record<string, string>;
  /** Checks on the made project. */
  readonly check?: () => Promise<void>;
}

const scratch = mkdtempSync(path.join(tmpdir(), 'berth-k-rt-'));
const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

async function roundTrip(trip: RoundTrip): Promise<void> {
  await purgeProject(trip.project);
  cleanups.push(() => purgeProject(trip.project));
  const args = ['-p', trip.project, ...(trip.flags ?? [])];
  const before = await engineSnapshot();
  const dry = await berth([...args, 'up', '-d', '--dry-run'], { cwd: trip.cwd, ...(trip.env === undefined ? {} : { env: trip.env }) });
  assert.equal(dry.exitCode, 0, dry.stderr);
  assert.equal(await engineSnapshot(), before, 'the dry-run changed the engine');
  assert.match(dry.stdout, /^#!\/bin\/sh\n#.*\nset -eu\n/);

  const script = await execa('sh', ['-c', dry.stdout], { reject: false, env: trip.env ?? {}, cwd: scratch });
  assert.equal(script.exitCode, 0, `${String(script.stderr)}\n--- script ---\n${dry.stdout}`);
  await trip.check?.();

  const replan = await berth([...args, 'up', '-d', '--dry-run'], { cwd: trip.cwd, ...(trip.env === undefined ? {} : { env: trip.env }) });
  assert.equal(replan.exitCode, 0, replan.stderr);
  assert.match(replan.stdout, /# nothing to do: the project is up to date/, replan.stdout);
  await purgeProject(trip.project);
}

test('flask-redis: the dry-run script builds and starts the counter; berth then has nothing to do', async () => {
  const override = path.join(scratch, 'ports.override.yaml');
  writeFileSync(override, 'services:\n  web:\n    ports: !override ["18160:5000"]\n');
  cleanups.push(async () => {
    await docker(['rmi', 'berth-k-rt-flask-web']).catch(() => undefined);
  });
  await roundTrip({
    project: 'berth-k-rt-flask',
    cwd: path.join(fixturesDir, 'flask-redis'),
    flags: ['-f', path.join(fixturesDir, 'flask-redis', 'compose.yaml'), '-f', override],
    // The first GET may be retried on a loaded machine after the server already counted it, so check
    // that the counter answers and that the next request counts one more.
    check: async () => {
      const first = /^Hi! I have been called (\d+) times\n$/.exec(await httpGet('http://localhost:18160/'));
      assert.ok(first, 'the counter did not answer as expected');
      assert.equal(await httpGet('http://localhost:18160/'), `Hi! I have been called ${Number(first[1]) + 1} times\n`);
    },
  });
});

test('every-key: the dry-run script (network connects, docker cp of secrets) makes what berth up makes', async () => {
  const prefix = 'berth-k-rt-every';
  const env = { BERTH_K_TOKEN: "script's token", EVERY_KEY_PREFIX: prefix, EVERY_KEY_NET: '10.251', EVERY_KEY_NET6: '251', EVERY_KEY_PORT_A: '18152', EVERY_KEY_PORT_B: '18153' };
  const removeExternals = async (): Promise<void> => {
    await docker(['rm', '-f', `${prefix}-extern`]).catch(() => undefined);
    await docker(['network', 'rm', `${prefix}-outside`]).catch(() => undefined);
    await docker(['volume', 'rm', '-f', `${prefix}-kept`]).catch(() => undefined);
  };
  await removeExternals();
  cleanups.push(removeExternals);
  await docker(['network', 'create', `${prefix}-outside`]);
  await docker(['volume', 'create', `${prefix}-kept`]);
  await docker(['run', '-d', '--name', `${prefix}-extern`, 'berth-test/busybox', 'sleep', '3600']);
  await roundTrip({
    project: prefix,
    cwd: path.join(fixturesDir, 'every-key'),
    env,
    check: async () => {
      const container = `${prefix}-app-1`;
      const read = (script: string): Promise<string> => docker(['exec', container, 'sh', '-c', script]);
      assert.equal(await read('cat /run/secrets/token; echo; stat -c "%a %u %g" /run/secrets/token'), "script's token\n400 1000 1000");
      assert.equal(await read('cat /etc/inline.ini; stat -c "%a %u %g" /etc/inline.ini'), "[inline]\nname = it's every-key\n440 0 0");
      const networks = JSON.parse(await docker(['inspect', '--format', '{{json .NetworkSettings.Networks}}', container])) as Record<string, { IPAMConfig: unknown }>;
      assert.deepEqual(Object.keys(networks).sort(), [`${prefix}-back`, `${prefix}-outside`, `${prefix}_front`]);
      assert.deepEqual(networks[`${prefix}-back`]?.IPAMConfig, { IPv4Address: '10.251.2.10', IPv6Address: 'fd00:251:2::10' });
    },
  });
});

for (const golden of ['keys-env', 'keys-secrets-configs']) {
  test(`golden ${golden}: its dry-run script runs with sh, then berth has nothing to do`, async () => {
    await roundTrip({
      project: `berth-k-rt-${golden}`,
      cwd: path.join(fixturesDir, 'golden', golden),
      env: { BERTH_API_TOKEN: 'golden-token' },
      check: async () => {
        if (golden !== 'keys-secrets-configs') return;
        const read = await docker(['exec', `berth-k-rt-${golden}-app-1`, 'sh', '-c', 'cat /run/secrets/token /run/secrets/db_password; stat -c "%a" /etc/app/settings.ini']);
        assert.equal(read, 'golden-tokens3cret\n440');
      },
    });
  });
}

test('a dry-run changes nothing: not the engine, and not a missing bind source on disk', async () => {
  const dir = mkdtempSync(path.join(scratch, 'bind-'));
  const missing = path.join(dir, 'not-yet');
  writeFileSync(path.join(dir, 'compose.yaml'), [
    'services:',
    '  app:',
    '    image: berth-test/busybox',
    '    command: ["sleep", "3600"]',
    '    volumes:',
    '      - ./not-yet:/data',
    '      - named:/named',
    '    secrets: [token]',
    '    configs: [{source: inline, target: /etc/inline}]',
    '    networks: [one, two]',
    'networks: {one: {}, two: {}}',
    'volumes: {named: {}}',
    'secrets: {token: {environment: BERTH_K_TOKEN}}',
    'configs: {inline: {content: "x"}}',
    '',
  ].join('\n'));
  const project = 'berth-k-rt-untouched';
  await purgeProject(project);
  const before = await engineSnapshot();
  const dry = await berth(['-p', project, 'up', '-d', '--dry-run'], { cwd: dir, env: { BERTH_K_TOKEN: 't' } });
  assert.equal(dry.exitCode, 0, dry.stderr);
  assert.match(dry.stdout, /docker network connect /);
  assert.match(dry.stdout, /\| docker cp - berth-k-rt-untouched-app-1:\/$/m);
  assert.equal(await engineSnapshot(), before, 'the dry-run changed the engine');
  assert.equal(existsSync(missing), false, 'the dry-run created the bind source');
  assert.deepEqual(await projectResources(project), { containers: [], networks: [], volumes: [] });
  const down = await berth(['-p', project, 'down', '-v', '--dry-run'], { cwd: dir });
  assert.equal(down.exitCode, 0, down.stderr);
  assert.equal(await engineSnapshot(), before, 'down --dry-run changed the engine');
});
