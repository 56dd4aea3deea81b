import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildKeyFlags, buildKitKeys, BUILD_KEY_ENTRIES } from '../../src/keys/build-keys.js';
import { loadProject } from '../../src/config/load.js';
import { buildInvocation, type BuildingService } from '../../src/plan/container-args.js';

// The build: keys declared once (src/keys/build-keys.ts) and what each becomes: classic docker build
// flags, or `docker buildx build` flags for the keys only BuildKit knows (docker buildx cannot run on
// this machine: these argv are checked against docker's reference, the classic ones end to end in
// test/e2e/build-keys.test.ts).

function load(build: string) {
  const text = `services:\n  app:\n    image: app:1\n    build:\n${build}\nsecrets:\n  token:\n    file: ./token.txt\n  fromenv:\n    environment: TOKEN\n`;
  const { project } = loadProject({ workingDir: '/p', files: [{ path: '/p/compose.yaml', text }], environment: { TOKEN: 'x' }, readFile: () => undefined });
  return project;
}

test('every BuildKit-only key becomes its buildx flag, and the build uses docker buildx build --load', () => {
  const project = load(`      context: .
      secrets: [token, {source: fromenv, target: npmrc}]
      ssh: [default, "git=/home/me/.ssh/id"]
      additional_contexts: {base: ../base, alpine: "docker-image://alpine:3"}
      cache_to: ["type=local,dest=/tmp/cache"]
      entitlements: [network.host]
      privileged: true
      provenance: mode=max
      sbom: true
      no_cache_filter: deps
      platforms: [linux/amd64, linux/arm64]`);
  const service = project.services['app']!;
  assert.deepEqual(buildKitKeys(service.build!), ['platforms', 'secrets', 'ssh', 'additional_contexts', 'cache_to', 'entitlements', 'privileged', 'provenance', 'sbom', 'no_cache_filter']);
  const invocation = buildInvocation(project, service as BuildingService);
  assert.deepEqual(invocation.argv.slice(0, 3), ['buildx', 'build', '--load']);
  assert.deepEqual(invocation.needsBuildx, ['platforms', 'secrets', 'ssh', 'additional_contexts', 'cache_to', 'entitlements', 'privileged', 'provenance', 'sbom', 'no_cache_filter'].map((key) => `services.app.build.${key}`));
  const flagged = buildInvocation(project, service as BuildingService, { check: true, builderFlags: { ssh: 'default', builder: 'b' } });
  assert.deepEqual(flagged.argv.slice(0, 3), ['buildx', 'build', '--check']);
  assert.deepEqual(flagged.needsBuildx?.slice(-3), ['build --check', 'build --builder', 'build --ssh']);
  const keyFlags = buildKeyFlags(service.build!, { secrets: project.secrets }, true);
  assert.deepEqual(keyFlags, [
    '--platform', 'linux/amd64,linux/arm64',
    '--secret', 'id=token,src=/p/token.txt', '--secret', 'id=npmrc,env=TOKEN',
    '--ssh', 'default', '--ssh', 'git=/home/me/.ssh/id',
    '--build-context', 'alpine=docker-image://alpine:3', '--build-context', 'base=../base',
    '--cache-to', 'type=local,dest=/tmp/cache',
    '--allow', 'network.host', '--allow', 'security.insecure',
    '--provenance=mode=max', '--sbom=true',
    '--no-cache-filter', 'deps',
  ]);
});

test('classic keys stay on docker build; provenance: false, privileged: false and one platform need no BuildKit', () => {
  const project = load(`      context: .
      cache_from: [app:cache]
      network: host
      extra_hosts: {db: 10.0.0.2}
      shm_size: 1g
      ulimits: {nproc: 65535, nofile: {soft: 1024, hard: 2048}}
      isolation: default
      no_cache: true
      pull: true
      platforms: [linux/amd64]
      provenance: false
      privileged: false`);
  const service = project.services['app']!;
  assert.deepEqual(buildKitKeys(service.build!), []);
  const invocation = buildInvocation(project, service as BuildingService, { noCache: true, pull: true, builderFlags: { memory: 1024 } });
  assert.equal(invocation.needsBuildx, undefined);
  assert.deepEqual(invocation.argv, [
    'build', '-t', 'app:1', '-f', '/p/Dockerfile',
    '--label', 'com.docker.compose.project=p', '--label', 'com.docker.compose.service=app', '--label', 'com.docker.compose.version=0.1.0',
    '--cache-from', 'app:cache', '--network', 'host', '--add-host', 'db:10.0.0.2', '--shm-size', '1073741824',
    '--ulimit', 'nofile=1024:2048', '--ulimit', 'nproc=65535', '--isolation', 'default', '--no-cache', '--pull', '--platform', 'linux/amd64', '--memory', '1024',
    '/p',
  ]);
});

test('a bad value in a build key is a located error at load', () => {
  assert.throws(() => load('      context: .\n      shm_size: lots'), { message: /^\/p\/compose\.yaml:6:7: services\.app\.build\.shm_size: invalid size "lots"/ });
  assert.ok(BUILD_KEY_ENTRIES.every((entry) => entry.flags !== undefined || entry.buildKit !== undefined), 'every build key has flags');
});
