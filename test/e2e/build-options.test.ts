import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { berth, fixturesDir } from '../helpers/berth.js';
import { docker, engineSnapshot, purgeProject } from '../helpers/docker.js';

// build --push (to the local registry of scripts/start-registry.sh), --print and --check, through the real CLI.
const stack = path.join(fixturesDir, 'build-options');
const project = 'berth-e2e-build-options';
// Tags of this run's own: the registry keeps what earlier runs pushed.
const tag = `run-${process.pid}-${Date.now()}`;
const image = `127.0.0.1:5055/berth/build-push:${tag}`;
const run = (args: string[]) => berth(['-p', project, ...args], { cwd: stack, env: { TAG: tag } });

after(async () => {
  await purgeProject(project);
  await docker(['image', 'rm', '-f', image, `127.0.0.1:5055/berth/build-push:extra-${tag}`, `${project}-local.tool`]).catch(() => undefined);
});

async function registryTags(repository: string): Promise<string[]> {
  const response = await fetch(`http://127.0.0.1:5055/v2/${repository}/tags/list`);
  if (!response.ok) return [];
  return ((await response.json()) as { tags: string[] | null }).tags ?? [];
}

test('build --print prints the bake definition compose would use (--build-arg for every target), and runs nothing', async () => {
  const before = await engineSnapshot();
  const printed = await run(['build', '--print', '--build-arg', 'EXTRA=1', 'app']);
  assert.equal(printed.exitCode, 0, printed.stderr);
  assert.deepEqual(JSON.parse(printed.stdout), {
    group: { default: { targets: ['app'] } },
    target: {
      app: {
        context: stack,
        dockerfile: path.join(stack, 'Dockerfile'),
        args: { GREETING: 'hello from the build', EXTRA: '1' },
        labels: { team: 'berth' },
        tags: [`127.0.0.1:5055/berth/build-push:extra-${tag}`, image],
        'extra-hosts': { 'example.test': '10.0.0.1' },
        output: ['type=docker,load=true,push=false'],
      },
      local_tool: { context: stack, args: { EXTRA: '1' }, dockerfile: path.join(stack, 'Dockerfile'), tags: [`${project}-local.tool`], output: ['type=docker,load=true,push=false'] },
    },
  });
  const pushing = JSON.parse((await run(['build', '--print', '--push'])).stdout) as { group: { default: { targets: string[] } }; target: Record<string, { output: string[] }> };
  assert.deepEqual(pushing.group.default.targets, ['app', 'local_tool']);
  assert.deepEqual(pushing.target['app']?.output, ['type=docker,load=true,push=true'], 'a service with image: is pushed');
  assert.deepEqual(pushing.target['local_tool']?.output, ['type=docker,load=true,push=false'], 'one without is not');
  assert.equal(await engineSnapshot(), before);
});

test('build --push builds, then pushes the image and its build tags to the registry', async () => {
  const built = await run(['build', '--push', 'app']);
  assert.equal(built.exitCode, 0, built.stderr);
  assert.ok(built.stderr.includes(`Image ${image}  Pushed`), built.stderr);
  const tags = await registryTags('berth/build-push');
  assert.ok(tags.includes(tag) && tags.includes(`extra-${tag}`), `registry tags: ${tags.join(', ')}`);
  await docker(['image', 'rm', '-f', image]);
  await docker(['pull', '-q', image]);
  assert.equal((await docker(['run', '--rm', image, 'cat', '/greeting'])).trim(), 'hello from the build');
});

test('build --check runs BuildKit checks where buildx is, else stops before anything naming why', async () => {
  const buildx = await docker(['buildx', 'version']).then(() => true, () => false);
  const before = await engineSnapshot();
  const checked = await run(['build', '--check', 'app']);
  if (buildx) {
    assert.equal(checked.exitCode, 0, checked.stderr);
  } else {
    assert.equal(checked.exitCode, 1);
    assert.match(checked.stderr, /^build --check: needs BuildKit, and this docker CLI has no buildx plugin \(docker buildx version: .+\); install it \(Debian: docker-buildx\) or leave it out$/);
    assert.equal(await engineSnapshot(), before);
  }
});

const memoryStack = path.join(fixturesDir, 'build-memory');
const memoryProject = 'berth-e2e-build-memory';
const memoryImage = 'berth-e2e-build-memory/limited';
const buildMemory = (args: string[]) => berth(['-p', memoryProject, ...args], { cwd: memoryStack });

test('build -m gives the classic builder its memory limit: the RUN step sees it', async () => {
  try {
    const built = await buildMemory(['build', '-m', '64m']);
    assert.equal(built.exitCode, 0, built.stderr);
    assert.equal((await docker(['run', '--rm', memoryImage, 'cat', '/limit'])).trim(), String(64 * 1024 * 1024));
    const script = await buildMemory(['--dry-run', 'build', '--memory', '1g']);
    assert.match(script.stdout, / --memory 1073741824 /);
  } finally {
    await docker(['image', 'rm', '-f', memoryImage]).catch(() => undefined);
  }
});

test('build flags only buildx takes (--builder, --provenance, --sbom, --ssh) build with docker buildx, or stop naming them; a bad -m is refused', async () => {
  const script = await buildMemory(['--dry-run', 'build', '--ssh', 'default', '--provenance', 'mode=max', '--sbom', 'true', '--builder', 'mine']);
  assert.equal(script.exitCode, 0, script.stderr);
  assert.match(script.stdout, /docker buildx build --load .* --builder mine --provenance mode=max --sbom true --ssh default /);
  const before = await engineSnapshot();
  const buildx = await docker(['buildx', 'version']).then(() => true, () => false);
  if (!buildx) {
    const stopped = await buildMemory(['build', '--ssh', 'default']);
    assert.equal(stopped.exitCode, 1);
    assert.match(stopped.stderr, /^build --ssh: needs BuildKit, and this docker CLI has no buildx plugin/);
    const classicWithBuildx = await buildMemory(['build', '--sbom', 'true', '-m', '64m']);
    assert.equal(classicWithBuildx.exitCode, 1);
    assert.match(classicWithBuildx.stderr, /build --sbom: needs BuildKit/);
  }
  for (const bad of ['lots', '-5m', '']) {
    const refused = await buildMemory(['build', '-m', bad]);
    assert.equal(refused.exitCode, 1, bad);
    assert.match(refused.stderr, /-m, --memory/);
  }
  assert.equal(await engineSnapshot(), before);
});
