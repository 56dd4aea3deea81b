import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { berth, fixturesDir } from '../helpers/berth.js';
import { docker, purgeProject } from '../helpers/docker.js';

// Attached up's abort flags and exit codes (compose v2: the exiting container's code; 143 for one the abort stopped).
const stack = path.join(fixturesDir, 'attached');
const project = 'berth-c-attach';
after(() => purgeProject(project));

const states = async (): Promise<string[]> =>
  (await docker(['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}} {{.State}}'])).split('\n').filter(Boolean).sort();

test('--abort-on-container-exit stops everything when gamma exits and returns its code', async () => {
  await purgeProject(project);
  const up = await berth(['-p', project, 'up', '--abort-on-container-exit'], { cwd: stack });
  assert.equal(up.exitCode, 3, up.stderr);
  assert.match(up.stdout, /^gamma-1 exited with code 3$/m);
  assert.match(up.stdout, /^Aborting on container exit\.\.\.$/m);
  assert.deepEqual(await states(), [`${project}-alpha-1 exited`, `${project}-beta-1 exited`, `${project}-gamma-1 exited`]);
});

test('--exit-code-from names whose exit code counts; --attach limits the logs', async () => {
  const up = await berth(['-p', project, 'up', '--exit-code-from', 'gamma', '--attach', 'gamma', '--attach', 'alpha'], { cwd: stack });
  assert.equal(up.exitCode, 3, up.stderr);
  assert.match(up.stdout, /^Attaching to alpha-1, gamma-1$/m);
  assert.doesNotMatch(up.stdout, /beta says hello/);
});

test('--timestamps starts each log line with the time docker recorded it', async () => {
  await purgeProject(project);
  const up = await berth(['-p', project, 'up', '--exit-code-from', 'gamma', '--attach', 'gamma', '--timestamps'], { cwd: stack });
  assert.equal(up.exitCode, 3, up.stderr);
  assert.match(up.stdout, /^gamma-1 +\| \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z gamma is done$/m);
});

test('flag rules: -d with an abort flag, --wait with --attach, both abort flags are refused before anything runs', async () => {
  for (const args of [['-d', '--abort-on-container-exit'], ['--wait', '--attach', 'alpha'], ['--abort-on-container-exit', '--abort-on-container-failure'], ['--no-recreate', '-V'], ['--attach', 'nope']]) {
    await purgeProject(project);
    const up = await berth(['-p', project, 'up', ...args], { cwd: stack });
    assert.equal(up.exitCode, 1, `${args.join(' ')}: ${up.stderr}`);
    assert.match(up.stderr, /incompatible|cannot combine|not included in up/);
    assert.deepEqual(await states(), [], `${args.join(' ')} changed nothing`);
  }
});
