import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dockerErrorText } from '../../src/model/errors.js';

// docker's stderr as the engine printed it (docker.io 20.10), and the one line berth reports.
test('network rm: the daemon message, not the trailing "exit status 1"', () => {
  const stderr = 'Error response from daemon: error while removing network: network p_default id 7580b797 has active endpoints\nexit status 1\n';
  assert.equal(dockerErrorText(stderr), 'Error response from daemon: error while removing network: network p_default id 7580b797 has active endpoints');
});

test('run: the docker: prefix and the --help advertisement are dropped', () => {
  const stderr = "docker: Error response from daemon: Conflict. The container name \"/p-a-1\" is already in use.\nSee 'docker run --help'.\n";
  assert.equal(dockerErrorText(stderr), 'Error response from daemon: Conflict. The container name "/p-a-1" is already in use.');
});

test('start: the summary line after the daemon message is dropped', () => {
  const stderr = 'Error response from daemon: id already in use\nError: failed to start containers: p-a-1\n';
  assert.equal(dockerErrorText(stderr), 'Error response from daemon: id already in use');
});

test('build keeps its last lines; empty stderr gives nothing', () => {
  assert.equal(dockerErrorText('step 1\nstep 2\nfailed\n', 2), 'step 2\nfailed');
  assert.equal(dockerErrorText(''), '');
});
