import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insertEndOfOptions, resolveShadowedFlags } from '../../src/cli/end-of-options.js';
import { pluginArgs } from '../../src/cli/plugin.js';
import { splitServicePath } from '../../src/cli/commands/cp.js';
import { resolveEnvFlags } from '../../src/cli/commands/exec.js';

const rewrite = (args: string[]): string[] => resolveShadowedFlags(insertEndOfOptions(args));

test('exec and run: flags stop at the service name', () => {
  assert.deepEqual(rewrite(['exec', 'web', 'ls', '-la']), ['exec', 'web', '--', 'ls', '-la']);
  assert.deepEqual(rewrite(['exec', '-T', '-u', 'root', '-e', 'A=1', 'web', 'sh', '-c', 'x']), ['exec', '-T', '-u', 'root', '-e', 'A=1', 'web', '--', 'sh', '-c', 'x']);
  assert.deepEqual(rewrite(['-f', 'a.yml', '-p', 'x', 'run', '--rm', 'app', 'tail', '-f']), ['-f', 'a.yml', '-p', 'x', 'run', '--rm', 'app', '--', 'tail', '-f']);
  assert.deepEqual(rewrite(['run', '-p', '80:80', 'app']), ['run', '--publish', '80:80', 'app', '--']);
  assert.deepEqual(rewrite(['up', '-d', 'web']), ['up', '-d', 'web'], 'other commands are untouched');
  assert.deepEqual(rewrite(['exec', 'web', '--', 'ls']), ['exec', 'web', '--', 'ls'], 'an explicit -- is kept');
});

test('a command short flag shadows the global one only after the command word', () => {
  assert.deepEqual(rewrite(['-f', 'x.yml', 'logs', '-f', 'web']), ['-f', 'x.yml', 'logs', '--follow', 'web']);
  assert.deepEqual(rewrite(['logs', '--tail', '5', '-f']), ['logs', '--tail', '5', '--follow']);
  assert.deepEqual(rewrite(['up', '-f']), ['up', '-f']);
});

test('the docker CLI plugin protocol', () => {
  const env = { BERTH_AS_DOCKER_PLUGIN: '1' };
  const metadata = pluginArgs(['docker-cli-plugin-metadata'], env);
  assert.ok('metadata' in metadata);
  assert.deepEqual(Object.keys(JSON.parse(metadata.metadata) as object), ['SchemaVersion', 'Vendor', 'Version', 'ShortDescription']);
  assert.deepEqual(pluginArgs(['compose', 'up', '-d'], env), { args: ['up', '-d'] });
  assert.deepEqual(pluginArgs(['compose', 'up'], {}), { args: ['compose', 'up'] }, 'only when run as the plugin');
});

test('cp: SERVICE:PATH or a local path', () => {
  assert.deepEqual(splitServicePath('web:/etc/hosts'), ['web', '/etc/hosts']);
  assert.equal(splitServicePath('./local/file'), undefined);
  assert.equal(splitServicePath('/abs/path:with-colon'), undefined);
  assert.equal(splitServicePath('-'), undefined);
});

test('exec -e KEY takes the value from the project environment, or is dropped', () => {
  assert.deepEqual(resolveEnvFlags(['A=1', 'B', 'C'], { B: 'two' }), ['-e', 'A=1', '-e', 'B=two']);
});
