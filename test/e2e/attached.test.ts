import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execa } from 'execa';
import { berthBin, fixturesDir } from '../helpers/berth.js';
import { docker, projectResources, purgeProject } from '../helpers/docker.js';

const stack = path.join(fixturesDir, 'attached');
const project = 'berth-e2e-attached';

after(() => purgeProject(project));

test('attached up multiplexes prefixed logs and Ctrl-C stops the containers (exit 130)', async () => {
  await purgeProject(project);
  const child = execa(process.execPath, [berthBin, '-p', project, 'up'], { cwd: stack, reject: false, env: { NO_COLOR: '1' }, all: true });
  let output = '';
  child.all?.setEncoding('utf8');
  child.all?.on('data', (chunk: string) => {
    output += chunk;
  });
  const deadline = Date.now() + 30_000;
  while (!(output.includes('alpha says hello') && output.includes('beta says hello') && output.includes('exited with code 3'))) {
    if (Date.now() > deadline) assert.fail(`no log lines in time:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGINT');
  const result = await child;
  assert.equal(result.exitCode, 130, output);
  assert.match(output, /^Attaching to alpha-1, beta-1, gamma-1$/m);
  assert.match(output, /^alpha-1 \| alpha says hello$/m);
  assert.match(output, /^beta-1  \| beta says hello$/m);
  assert.match(output, /^gamma-1 \| gamma is done$/m);
  assert.match(output, /^gamma-1 exited with code 3$/m);
  assert.match(output, /^Gracefully Stopping\.\.\. press Ctrl\+C again to force$/m);
  const states = await docker(['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}} {{.State}}']);
  assert.deepEqual(states.split('\n').sort(), [`${project}-alpha-1 exited`, `${project}-beta-1 exited`, `${project}-gamma-1 exited`]);
  assert.equal((await projectResources(project)).networks.length, 1);
});
