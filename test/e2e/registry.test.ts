import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { berth, fixturesDir } from '../helpers/berth.js';
import { docker, purgeProject } from '../helpers/docker.js';

// push and pull against a real registry on loopback (scripts/start-registry.sh), never an outside one.
const stack = path.join(fixturesDir, 'registry');
const project = 'berth-e2e-registry';
const image = '127.0.0.1:5055/berth/pushed:1.0';

after(async () => {
  await purgeProject(project);
  await docker(['image', 'rm', '-f', image]).catch(() => undefined);
});

async function registryTags(repository: string): Promise<string[]> {
  const response = await fetch(`http://127.0.0.1:5055/v2/${repository}/tags/list`);
  if (!response.ok) return [];
  return ((await response.json()) as { tags: string[] | null }).tags ?? [];
}

test('build, push to the local registry, remove the image, pull it back', async () => {
  const build = await berth(['-p', project, 'build'], { cwd: stack });
  assert.equal(build.exitCode, 0, build.stderr);
  assert.match(await docker(['run', '--rm', image]), /pushed by berth/);

  const push = await berth(['-p', project, 'push'], { cwd: stack });
  assert.equal(push.exitCode, 0, push.stderr);
  assert.ok((await registryTags('berth/pushed')).includes('1.0'), 'the registry does not list the pushed tag');

  await docker(['image', 'rm', '-f', image]);
  const pull = await berth(['-p', project, 'pull', 'base'], { cwd: stack });
  assert.equal(pull.exitCode, 0, pull.stderr);
  assert.match(await docker(['image', 'inspect', '--format', '{{.Id}}', image]), /^sha256:/);
});

test('pull honours pull_policy: never, and --ignore-pull-failures', async () => {
  const dry = await berth(['-p', project, 'pull', '--dry-run'], { cwd: stack });
  assert.doesNotMatch(dry.stdout, /never-pulled/);
  const failing = await berth(['-p', project, '--profile', 'broken', 'pull', 'missing'], { cwd: stack });
  assert.equal(failing.exitCode, 1);
  assert.match(failing.stderr, /does-not-exist/);
  const ignored = await berth(['-p', project, '--profile', 'broken', 'pull', '--ignore-pull-failures', 'missing'], { cwd: stack });
  assert.equal(ignored.exitCode, 0, ignored.stderr);
});
