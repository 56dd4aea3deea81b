import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pluginArgs } from '../../src/cli/plugin.js';
import { splitServicePath } from '../../src/cli/commands/cp.js';
import { resolveEnvFlags } from '../../src/cli/commands/exec.js';

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
  assert.deepEqual(resolveEnvFlags(['A=1', 'B', 'C'], { B: 'two' }), ['-e', { env: 'A', value: '1' }, '-e', { env: 'B', value: 'two' }]);
  assert.deepEqual(resolveEnvFlags(['DOCKER_HOST=x', 'A='], {}), ['--env-file', { envFile: ['DOCKER_HOST=x'] }, '-e', { env: 'A', value: '' }]);
});
