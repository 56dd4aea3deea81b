/**
 * On the real engine: a command line with a usage error changes nothing, even for the commands that
 * used to act first and complain after (down, stop, scale).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { berth } from '../helpers/berth.js';
import { stackDir } from '../helpers/converge.js';
import { engineSnapshot, projectResources, purgeProject } from '../helpers/docker.js';

const project = 'berth-e2e-usage';
const dir = stackDir('services:\n  one:\n    image: berth-test/busybox:latest\n    command: sleep 600\n    init: true\n  two:\n    image: berth-test/busybox:latest\n    command: sleep 600\n    init: true\n');
const run = (args: string[]) => berth(['-p', project, ...args], { cwd: dir });

before(async () => {
  await purgeProject(project);
  const up = await run(['up', '-d']);
  assert.equal(up.exitCode, 0, up.stderr);
});
after(() => purgeProject(project));

for (const args of [['down', '--timout', '1'], ['stop', '--bogus'], ['rm', '-sf', '--volume'], ['kill', '-s'], ['up', '-d', '--wiat'], ['restart', '-t', 'x']]) {
  test(`${args.join(' ')} exits 1 and leaves the project as it was`, async () => {
    const before = await engineSnapshot();
    const result = await run(args);
    assert.equal(result.exitCode, 1, result.stdout);
    assert.match(result.stderr, new RegExp(`\n\nUsage:  berth ${args[0] as string} \\[OPTIONS\\]`));
    assert.equal(await engineSnapshot(), before);
    const { containers } = await projectResources(project);
    assert.deepEqual(containers, [`${project}-one-1`, `${project}-two-1`]);
  });
}

test('scale with no argument creates nothing', async () => {
  const other = 'berth-e2e-usage-scale';
  await purgeProject(other);
  const result = await berth(['-p', other, 'scale'], { cwd: dir });
  assert.equal(result.exitCode, 1);
  assert.match(result.stderr, /^"berth scale" requires at least 1 argument\n/);
  assert.deepEqual(await projectResources(other), { containers: [], networks: [], volumes: [] });
});
