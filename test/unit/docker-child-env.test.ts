import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { dockerCliReads } from '../../src/model/docker-cli-env.js';
import type { ArgPart, Plan } from '../../src/model/plan.js';
import { withPreparedCommand } from '../../src/engine/child-env.js';
import { buildArgFlags, environmentFlags } from '../../src/plan/flags/environment.js';
import { renderDockerLine, renderScript } from '../../src/plan/render-script.js';

const environment = {
  PLAIN: 'v', EMPTY: '', UNSET: null, 'my.key': 'dotted', LINES: 'one\ntwo', QUOTES: `it's "x" $HOME`,
  DOCKER_HOST: 'tcp://service-setting:1', http_proxy: 'http://user:pw@proxy:3128', PATH_LIKE: 'p',
};

test('docker CLI keys: DOCKER_*, proxies in any case, PATH, HOME, loader and shell start-up variables', () => {
  for (const key of ['DOCKER_HOST', 'DOCKER_CONFIG', 'DOCKER_CLI_HINTS', 'HTTPS_PROXY', 'https_proxy', 'No_Proxy', 'PATH', 'HOME', 'LD_PRELOAD', 'BASH_ENV', 'BUILDKIT_PROGRESS']) assert.ok(dockerCliReads(key), key);
  for (const key of ['PLAIN', 'PATH_LIKE', 'MY_PROXY', 'docker_host', 'GOOGLE_APPLICATION_CREDENTIALS', 'SSH_PRIVATE_KEY']) assert.ok(!dockerCliReads(key), key);
});

test('environment flags: keys only on argv, values beside them; docker CLI keys in one env file; null stays bare', () => {
  const warnings: string[] = [];
  const flags = environmentFlags(environment, 'services.app.environment', (message) => warnings.push(message));
  assert.deepEqual(flags, [
    '--env-file', { envFile: ['DOCKER_HOST=tcp://service-setting:1', 'http_proxy=http://user:pw@proxy:3128', 'my.key=dotted'] },
    '-e', { env: 'EMPTY', value: '' }, '-e', { env: 'LINES', value: 'one\ntwo' }, '-e', { env: 'PATH_LIKE', value: 'p' },
    '-e', { env: 'PLAIN', value: 'v' }, '-e', { env: 'QUOTES', value: `it's "x" $HOME` }, '-e', { env: 'UNSET', value: null },
  ]);
  assert.deepEqual(warnings, []);
});

test('a docker CLI key whose value has a line break goes on argv, with a warning naming it', () => {
  const warnings: string[] = [];
  assert.deepEqual(environmentFlags({ HOME: 'a\nb', DOCKER_CONFIG: null }, 'services.app.environment', (message) => warnings.push(message)), ['-e', 'DOCKER_CONFIG', '-e', 'HOME=a\nb']);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0] ?? '', /services\.app\.environment\.HOME goes on docker's command line .*line break/);
});

test('build args: --build-arg KEY with the value beside it; null left out; a docker CLI key on argv with a warning', () => {
  const warnings: string[] = [];
  assert.deepEqual(buildArgFlags({ TOKEN: 's3cret', NONE: null, HTTP_PROXY: 'http://p' }, 'services.app.build.args', (message) => warnings.push(message)),
    ['--build-arg', 'HTTP_PROXY=http://p', '--build-arg', { env: 'TOKEN', value: 's3cret' }]);
  assert.match(warnings.join('\n'), /services\.app\.build\.args\.HTTP_PROXY goes on docker's command line/);
});

test('prepared command: values in its environment, a 0600 env file in a 0700 directory that is gone afterwards', async () => {
  let seen = '';
  await withPreparedCommand(['run', ...environmentFlags(environment, 'x', () => undefined), 'image'], () => undefined, async ({ argv, env }) => {
    const path = argv[argv.indexOf('--env-file') + 1] ?? '';
    seen = path;
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(dirname(path)).mode & 0o777, 0o700);
    assert.equal(readFileSync(path, 'utf8'), 'DOCKER_HOST=tcp://service-setting:1\nhttp_proxy=http://user:pw@proxy:3128\nmy.key=dotted\n');
    assert.ok(!argv.some((word) => word.includes('dotted') || word.includes('one\ntwo') || word.includes('=')), argv.join(' '));
    assert.deepEqual(env, { EMPTY: '', LINES: 'one\ntwo', PATH_LIKE: 'p', PLAIN: 'v', QUOTES: `it's "x" $HOME`, UNSET: null });
  });
  assert.ok(seen !== '' && !existsSync(dirname(seen)));
  await assert.rejects(withPreparedCommand(['--env-file', { envFile: ['A=1'] }], () => undefined, async ({ argv }) => {
    seen = argv[1] ?? '';
    throw new Error('docker failed');
  }), /docker failed/);
  assert.ok(!existsSync(dirname(seen)), 'removed after a failure too');
});

/** A fake docker on PATH (node, so any variable name survives) printing its argv, the variables named on it, and its env files. */
function fakeDocker(): string {
  const dir = mkdtempSync(join(tmpdir(), 'berth-fake-docker-'));
  const path = join(dir, 'docker');
  writeFileSync(path, `#!${process.execPath}
const { readFileSync, statSync } = require('node:fs');
const { dirname } = require('node:path');
const argv = process.argv.slice(2);
for (const word of argv) console.log('arg ' + word);
argv.forEach((word, index) => {
  const next = argv[index + 1];
  if (word === '-e' || word === '--build-arg') console.log('env ' + next + '=' + (process.env[next] ?? '(unset)'));
  if (word === '--env-file') console.log('file ' + readFileSync(next, 'utf8') + (statSync(dirname(next)).mode & 0o777).toString(8));
});
`);
  chmodSync(path, 0o755);
  return dir;
}

test('dry-run: the script gives docker the same argv and the same values as berth does', () => {
  const argv: ArgPart[] = ['run', ...environmentFlags(environment, 'x', () => undefined), 'image'];
  const plan: Plan = { steps: [{ id: 'c', kind: 'container.run', resource: { type: 'Container', name: 'c' }, cause: 'not found', argv, dependsOn: [], doing: '', done: '' }], warnings: [] };
  const script = renderScript(plan, 'test');
  assert.match(renderDockerLine(argv), /^EMPTY='' LINES='one\ntwo' PATH_LIKE=p PLAIN=v QUOTES='it'\\''s "x" \$HOME' docker run --env-file "\$\(berth_env_file /);
  assert.match(renderDockerLine(['exec', '-e', { env: 'a-b', value: 'x\ny' }]), /^env 'a-b=x\ny' docker exec -e a-b$/);
  const bin = fakeDocker();
  const output = execFileSync('sh', ['-c', script], { env: { PATH: `${bin}:${process.env['PATH'] ?? ''}`, DOCKER_HOST: 'unix:///own.sock' } }).toString();
  assert.match(output, /^arg run\narg --env-file\narg \/.*\/env\.\w+\narg -e\narg EMPTY\n/);
  assert.ok(output.includes('env PLAIN=v\n') && output.includes('env EMPTY=\n') && output.includes('env LINES=one\ntwo\n') && output.includes(`env QUOTES=it's "x" $HOME\n`) && output.includes('my.key=dotted\n700'), output);
  assert.ok(output.includes('env UNSET=(unset)\n'), output);
  assert.ok(output.includes('file DOCKER_HOST=tcp://service-setting:1\nhttp_proxy=http://user:pw@proxy:3128\nmy.key=dotted\n700'), output);
  const file = /^arg (\/.*\/env\.\w+)$/m.exec(output)?.[1] ?? '';
  assert.ok(file !== '' && !existsSync(file), 'the script removes its env files on exit');
});
