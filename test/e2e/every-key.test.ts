import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { berth, fixturesDir } from '../helpers/berth.js';
import { docker, projectResources, purgeProject } from '../helpers/docker.js';

// fixtures/every-key uses every single-engine key berth translates; each value is read back from the engine.
const stack = path.join(fixturesDir, 'every-key');
const project = 'berth-k-every';
const env = { BERTH_K_TOKEN: 'tok-en value' };
const external = { network: 'berth-k-every-outside', volume: 'berth-k-every-kept', container: 'berth-k-every-extern' };

type Json = Record<string, unknown>;

async function inspect(kind: 'container' | 'network' | 'volume', name: string): Promise<Json> {
  const list = JSON.parse(await docker([kind === 'container' ? 'inspect' : kind, ...(kind === 'container' ? ['--type', 'container'] : ['inspect']), name])) as Json[];
  return list[0] as Json;
}

function field(object: Json, ...keys: string[]): unknown {
  let node: unknown = object;
  for (const key of keys) node = (node as Json | undefined)?.[key];
  return node;
}

async function removeExternals(): Promise<void> {
  await docker(['rm', '-f', external.container]).catch(() => undefined);
  await docker(['network', 'rm', external.network]).catch(() => undefined);
  await docker(['volume', 'rm', '-f', external.volume]).catch(() => undefined);
}

before(async () => {
  await purgeProject(project);
  await removeExternals();
  await docker(['network', 'create', external.network]);
  await docker(['volume', 'create', external.volume]);
  await docker(['run', '-d', '--name', external.container, '--network', external.network, 'berth-test/busybox', 'sleep', '3600']);
});

after(async () => {
  await purgeProject(project);
  await removeExternals();
});

test('every key of fixtures/every-key reaches the engine as the file asked', async () => {
  const up = await berth(['-p', project, 'up', '-d'], { cwd: stack, env });
  assert.equal(up.exitCode, 0, up.stderr);
  // The one key this engine (API 1.41) cannot take is reported, not dropped silently.
  assert.match(up.stderr, /ignored: services\.app\.networks\.front\.mac_address: --mac-address needs engine API 1\.44, this engine speaks 1\.41/);

  const app = await inspect('container', `${project}-app-1`);
  const host = (key: string): unknown => field(app, 'HostConfig', key);
  const config = (key: string): unknown => field(app, 'Config', key);
  assert.equal(config('Hostname'), 'app-host');
  assert.equal(config('Domainname'), 'example.test');
  assert.equal(config('User'), '0:0');
  assert.equal(config('WorkingDir'), '/tmp');
  assert.equal(config('Tty'), true);
  assert.equal(config('OpenStdin'), true);
  assert.equal(config('StopSignal'), 'SIGUSR1');
  assert.equal(config('StopTimeout'), 15);
  assert.deepEqual(config('Cmd'), ['sleep', '3600']);
  assert.equal(field(app, 'Config', 'Labels', 'com.example.team'), 'platform');
  assert.equal(field(app, 'Config', 'Labels', 'com.example.from-file'), 'yes');
  const environment = config('Env') as string[];
  for (const entry of ['FROM_FILE=file value', 'FROM_FILE_OVERRIDDEN=from-environment', 'SPACED=two words', 'UNSET_ME']) assert.ok(environment.includes(entry), `${entry} in ${environment.join(' ')}`);
  assert.deepEqual(Object.keys(config('ExposedPorts') as Json).sort(), ['8080/tcp', '8081/udp', '9000/tcp']);
  assert.deepEqual(config('Healthcheck'), { Test: ['CMD-SHELL', "sh -c 'test -d /tmp'"], Interval: 2e9, Timeout: 3e9, StartPeriod: 1e9, Retries: 4 });
  assert.deepEqual(host('PortBindings'), { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '18150' }], '8081/udp': [{ HostIp: '', HostPort: '18151' }] });
  assert.deepEqual(host('RestartPolicy'), { Name: 'unless-stopped', MaximumRetryCount: 0 });
  assert.equal(host('Init'), true);
  assert.equal(host('Runtime'), 'runc');
  assert.deepEqual(host('CapAdd'), ['CAP_NET_ADMIN']);
  assert.deepEqual(host('CapDrop'), ['CAP_MKNOD']);
  assert.deepEqual(host('SecurityOpt'), ['no-new-privileges:true']);
  assert.deepEqual(host('Devices'), [{ PathOnHost: '/dev/null', PathInContainer: '/dev/berth-null', CgroupPermissions: 'rwm' }]);
  assert.deepEqual(host('GroupAdd'), ['100']);
  assert.deepEqual(host('Ulimits'), [{ Name: 'nofile', Soft: 2048, Hard: 4096 }, { Name: 'nproc', Soft: 4096, Hard: 4096 }]);
  assert.deepEqual(host('Sysctls'), { 'net.core.somaxconn': '1024' });
  assert.deepEqual(host('ExtraHosts'), ['somehost:10.250.9.9', 'otherhost:10.250.9.10']);
  assert.deepEqual([host('Dns'), host('DnsSearch'), host('DnsOptions')], [['10.250.9.53'], ['example.test'], ['ndots:2']]);
  assert.equal(host('ShmSize'), 32 * 1024 * 1024);
  assert.deepEqual(host('Tmpfs'), { '/run/scratch': 'size=1m,mode=0700' });
  assert.equal(host('OomScoreAdj'), 200);
  assert.deepEqual([host('Memory'), host('MemorySwap'), host('MemoryReservation')], [64 * 1024 ** 2, 128 * 1024 ** 2, 32 * 1024 ** 2]);
  assert.deepEqual([host('NanoCpus'), host('CpuShares'), host('CpusetCpus'), host('PidsLimit')], [5e8, 512, '0', 100]);
  assert.deepEqual(host('LogConfig'), { Type: 'json-file', Config: { 'max-file': '2', 'max-size': '1m' } });

  // Networks: the primary by priority at create, the others connected before start, each with its aliases and addresses.
  const networks = field(app, 'NetworkSettings', 'Networks') as Record<string, Json>;
  assert.deepEqual(Object.keys(networks).sort(), ['berth-k-every-back', 'berth-k-every-outside', 'berth-k-every_front']);
  assert.equal(host('NetworkMode'), 'berth-k-every_front');
  assert.deepEqual(field(networks, 'berth-k-every_front', 'IPAMConfig'), { IPv4Address: '10.250.1.10' });
  assert.ok((field(networks, 'berth-k-every_front', 'Aliases') as string[]).includes('www'));
  assert.deepEqual(field(networks, 'berth-k-every-back', 'IPAMConfig'), { IPv4Address: '10.250.2.10', IPv6Address: 'fd00:250:2::10' });
  assert.ok((field(networks, 'berth-k-every-back', 'Aliases') as string[]).includes('api'));
  assert.ok((field(networks, 'berth-k-every-outside', 'Aliases') as string[]).includes('app'));

  // Mounts: named (and nocopy), binds (short :ro and long without create_host_path), anonymous, tmpfs, external volume, file secrets/configs.
  const binds = host('Binds') as string[];
  assert.ok(binds.includes(`${project}_data:/data:rw`), binds.join(' '));
  assert.ok(binds.includes(`${project}_data:/data-nocopy:rw,nocopy`), binds.join(' '));
  assert.ok(binds.includes(`${path.join(stack, 'config')}:/etc/app:ro`), binds.join(' '));
  assert.ok(binds.includes(`${external.volume}:/kept:rw`), binds.join(' '));
  const mounts = host('Mounts') as Json[];
  const mountAt = (target: string): Json | undefined => mounts.find((mount) => mount['Target'] === target);
  assert.deepEqual(mountAt('/strict'), { Type: 'bind', Source: path.join(stack, 'config'), Target: '/strict', ReadOnly: true });
  assert.deepEqual(mountAt('/scratch'), { Type: 'tmpfs', Target: '/scratch', TmpfsOptions: { SizeBytes: 2 * 1024 * 1024, Mode: 0o1777 } });
  assert.deepEqual(mountAt('/run/secrets/file_secret'), { Type: 'bind', Source: path.join(stack, 'secret.txt'), Target: '/run/secrets/file_secret', ReadOnly: true });
  assert.deepEqual(mountAt('/file_config'), { Type: 'bind', Source: path.join(stack, 'config', 'app.ini'), Target: '/file_config', ReadOnly: true });
  const anonymous = (field(app, 'Mounts') as Json[]).find((mount) => mount['Destination'] === '/anonymous');
  assert.equal(anonymous?.['Type'], 'volume');
  assert.match(String(anonymous?.['Name']), /^[0-9a-f]{64}$/);

  // Secrets and configs: file contents, and the copied ones with their mode and owner.
  const exec = (script: string): Promise<string> => docker(['exec', `${project}-app-1`, 'sh', '-c', script]);
  assert.equal(await exec('cat /run/secrets/file_secret'), 'file-secret-value');
  assert.equal(await exec('cat /file_config'), '[app]\nmode = strict');
  assert.equal(await exec('cat /run/secrets/token; echo; stat -c "%a %u %g" /run/secrets/token'), 'tok-en value\n400 1000 1000');
  assert.equal(await exec('cat /etc/inline.ini; stat -c "%a %u %g" /etc/inline.ini'), "[inline]\nname = it's every-key\n440 0 0");

  // limited: read-only root, OOM, cgroup parent, namespaces, deploy.resources and deploy.restart_policy.
  const limited = await inspect('container', `${project}-limited-1`);
  const limitedHost = (key: string): unknown => field(limited, 'HostConfig', key);
  assert.deepEqual(
    ['ReadonlyRootfs', 'OomKillDisable', 'CgroupParent', 'UsernsMode', 'PidMode', 'IpcMode', 'NanoCpus', 'Memory', 'PidsLimit', 'MemoryReservation', 'Privileged'].map(limitedHost),
    [true, true, 'berth-k-parent', 'host', 'host', 'shareable', 2.5e8, 48 * 1024 ** 2, 50, 16 * 1024 ** 2, false],
  );
  assert.deepEqual(limitedHost('RestartPolicy'), { Name: 'on-failure', MaximumRetryCount: 3 });
  assert.deepEqual([field(limited, 'Config', 'Entrypoint'), field(limited, 'Config', 'Cmd'), field(limited, 'Config', 'Healthcheck')], [['/usr/bin/env'], ['--', 'sleep', '3600'], { Test: ['NONE'] }]);

  // network_mode and service: references resolve to the first container of that service.
  const idOf = async (name: string): Promise<string> => String(field(await inspect('container', name), 'Id'));
  const sidecar = await inspect('container', `${project}-sidecar-1`);
  assert.equal(field(sidecar, 'HostConfig', 'NetworkMode'), `container:${await idOf(`${project}-app-1`)}`);
  assert.equal(field(sidecar, 'HostConfig', 'IpcMode'), `container:${await idOf(`${project}-limited-1`)}`);
  assert.deepEqual(field(sidecar, 'HostConfig', 'VolumesFrom'), [`${project}-limited-1:ro`]);
  assert.equal(field(await inspect('container', `${project}-hostnet-1`), 'HostConfig', 'NetworkMode'), 'host');
  const isolated = await inspect('container', `${project}-isolated-1`);
  assert.deepEqual(['NetworkMode', 'CgroupnsMode', 'UTSMode', 'MemorySwappiness', 'DeviceCgroupRules'].map((key) => field(isolated, 'HostConfig', key)), ['none', 'private', 'host', 10, ['c 1:3 rwm']]);
  const linker = await inspect('container', `${project}-linker-1`);
  assert.deepEqual([field(linker, 'HostConfig', 'CpuPeriod'), field(linker, 'HostConfig', 'CpuQuota')], [100000, 50000]);
  assert.deepEqual(field(linker, 'NetworkSettings', 'Networks', 'berth-k-every-back', 'Links'), [`${project}-app-1:application`, `${external.container}:legacy`]);

  // Top-level networks and volumes.
  const front = await inspect('network', `${project}_front`);
  assert.deepEqual([front['Driver'], front['Options'], front['Internal']], ['bridge', { 'com.docker.network.driver.mtu': '1400' }, false]);
  assert.deepEqual(field(front, 'IPAM', 'Config'), [{ Subnet: '10.250.1.0/24', IPRange: '10.250.1.0/25', Gateway: '10.250.1.254', AuxiliaryAddresses: { reserved: '10.250.1.200' } }]);
  assert.equal(field(front, 'Labels', 'com.example.tier'), 'front');
  const back = await inspect('network', 'berth-k-every-back');
  assert.deepEqual([back['Internal'], back['Attachable'], back['EnableIPv6']], [true, true, true]);
  assert.deepEqual(field(back, 'IPAM', 'Config'), [{ Subnet: '10.250.2.0/24' }, { Subnet: 'fd00:250:2::/64' }]);
  const data = await inspect('volume', `${project}_data`);
  assert.deepEqual([data['Driver'], data['Options'], field(data, 'Labels', 'com.example.purpose')], ['local', { device: 'tmpfs', o: 'size=8m', type: 'tmpfs' }, 'cache']);

  // Converged: nothing left to do; down removes everything but the external resources.
  const again = await berth(['-p', project, 'up', '-d', '--dry-run'], { cwd: stack, env });
  assert.match(again.stdout, /nothing to do: the project is up to date/, again.stdout);
  const down = await berth(['-p', project, 'down', '-v'], { cwd: stack, env });
  assert.equal(down.exitCode, 0, down.stderr);
  assert.deepEqual(await projectResources(project), { containers: [], networks: [], volumes: [] });
  assert.equal((await docker(['volume', 'ls', '-q', '--filter', `name=^${external.volume}$`])).trim(), external.volume);
});

test('a secret from an unset variable fails up with the message compose gives, naming the variable', async () => {
  const result = await berth(['-p', project, 'up', '-d'], { cwd: stack });
  assert.notEqual(result.exitCode, 0);
  assert.match(result.stderr, /environment variable "BERTH_K_TOKEN" required by secret "env_secret" is not set/);
  await purgeProject(project);
});
