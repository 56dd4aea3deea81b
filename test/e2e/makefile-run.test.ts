import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execa } from 'execa';
import { berth, berthBin, fixturesDir } from '../helpers/berth.js';
import { docker, purgeProject } from '../helpers/docker.js';

// fixtures/makefile: `make up test down` drives berth; a failing one-off fails make.
const dir = path.join(fixturesDir, 'makefile');
const project = 'berth-makefile';
const BERTH = `${process.execPath} ${berthBin}`;

after(() => purgeProject(project));

test('make up test down: --wait, run --rm of a profiled checker, exit codes, no prompt, plain output', async () => {
  await purgeProject(project);
  const ok = await execa('make', ['up', 'test', 'down', `BERTH=${BERTH}`], { cwd: dir, reject: false, all: true, stdin: 'ignore' });
  assert.equal(ok.exitCode, 0, String(ok.all));
  assert.match(String(ok.all), /^tests passed$/m);
  assert.match(String(ok.all), /^ Container berth-makefile-web-1 {2}Healthy$/m);
  assert.doesNotMatch(String(ok.all), /\u001b\[/, 'no ANSI escapes off a TTY');
  assert.deepEqual((await docker(['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--format', '{{.Names}}'])), '');

  const failing = await execa('make', ['up', 'fail', `BERTH=${BERTH}`], { cwd: dir, reject: false, all: true, stdin: 'ignore' });
  assert.notEqual(failing.exitCode, 0);
  assert.match(String(failing.all), /Error 3/);
  await execa('make', ['down', `BERTH=${BERTH}`], { cwd: dir });
});

test('run: one-off name and labels, no published ports, exit code, -d, --rm', async () => {
  const run = (args: string[]) => berth(['-p', project, ...args], { cwd: dir });
  assert.equal((await run(['up', '-d'])).exitCode, 0);
  const detached = await run(['run', '-d', 'web', 'sleep', '300']);
  assert.equal(detached.exitCode, 0, detached.stderr);
  const id = detached.stdout.trim();
  const labels = JSON.parse(await docker(['inspect', '--format', '{{json .Config.Labels}}', id])) as Record<string, string>;
  assert.equal(labels['com.docker.compose.oneoff'], 'True');
  assert.match(labels['com.docker.compose.slug'] ?? '', /^[0-9a-f]{64}$/);
  assert.equal(labels['com.docker.compose.container-number'], undefined);
  const name = (await docker(['inspect', '--format', '{{.Name}}', id])).replace(/^\//, '');
  assert.match(name, new RegExp(`^${project}-web-run-[0-9a-f]{12}$`));
  assert.equal(await docker(['inspect', '--format', '{{json .HostConfig.PortBindings}}', id]), '{}');
  assert.equal(await docker(['inspect', '--format', '{{.HostConfig.RestartPolicy.Name}}', id]), 'no');
  const ps = await run(['ps']);
  assert.match(ps.stdout, new RegExp(`^${name}\\s`, 'm'));

  const code = await run(['run', '--rm', '-e', 'WHO=berth', 'web', 'sh', '-c', 'echo hi $WHO; exit 5']);
  assert.equal(code.exitCode, 5);
  assert.equal(code.stdout, 'hi berth');
  const leftovers = await docker(['ps', '-a', '--filter', `label=com.docker.compose.project=${project}`, '--filter', 'label=com.docker.compose.oneoff=True', '--format', '{{.Names}}']);
  assert.deepEqual(leftovers.split('\n').filter(Boolean), [name], '--rm removed its container');
  const published = await run(['run', '--rm', '-p', '18999:80', 'web', 'true']);
  assert.equal(published.exitCode, 0, published.stderr);
});
