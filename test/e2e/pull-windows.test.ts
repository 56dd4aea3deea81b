import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { berth } from '../helpers/berth.js';
import { docker, purgeProject } from '../helpers/docker.js';
import { stackDir } from '../helpers/converge.js';

// pull_policy windows against the local registry (scripts/start-registry.sh): the last-pull time is
// the engine's own (the image's LastTagTime, as compose reads it), so berth keeps no state of its own.
const project = 'berth-e2e-pull-window';
const image = '127.0.0.1:5055/berth/window:1';
const stack = (policy: string): string => stackDir(`services:\n  app:\n    image: ${image}\n    command: sleep 3600\n    pull_policy: ${policy}\n`);

after(async () => {
  await purgeProject(project);
  await docker(['image', 'rm', '-f', image]).catch(() => undefined);
});

test('daily pulls a missing image, then not again within the day; every_1s pulls once a second has passed', async () => {
  await purgeProject(project);
  await docker(['tag', 'berth-test/busybox', image]);
  await docker(['push', image]);
  await docker(['image', 'rm', image]);

  const daily = stack('daily');
  const up = await berth(['-p', project, 'up', '-d', '--progress', 'plain'], { cwd: daily });
  assert.equal(up.exitCode, 0, up.stderr);
  assert.match(up.stderr, /Image 127\.0\.0\.1:5055\/berth\/window:1 {2}Pulled/);
  const again = await berth(['-p', project, 'up', '-d', '--dry-run'], { cwd: daily });
  assert.doesNotMatch(again.stdout, /docker pull/);

  await new Promise((resolve) => setTimeout(resolve, 1500));
  const due = await berth(['-p', project, 'up', '-d', '--dry-run'], { cwd: stack('every_1s') });
  assert.match(due.stdout, /# Image 127\.0\.0\.1:5055\/berth\/window:1 \(service app\): pull_policy every_1s: last pulled \d{4}-\d\d-\d\dT[\d:.]+Z\ndocker pull 127\.0\.0\.1:5055\/berth\/window:1\n/);
});
