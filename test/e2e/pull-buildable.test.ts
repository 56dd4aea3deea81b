import { test } from 'node:test';
import assert from 'node:assert/strict';
import { berth } from '../helpers/berth.js';
import { stackDir } from '../helpers/converge.js';

// compose: an image that cannot be pulled but can be built is skipped with a warning (exit 0);
// one that can be neither pulled nor built fails the pull.
const unreachable = '127.0.0.1:9/berth-test/never-pushed:1';

test('pull of a service with build: whose image cannot be pulled says so, and that it can be built', async () => {
  const dir = stackDir(`services:\n  app:\n    image: ${unreachable}\n    build:\n      context: .\n      dockerfile_inline: "FROM berth-test/busybox:latest\\n"\n`);
  const pull = await berth(['-p', 'berth-pull-buildable', 'pull'], { cwd: dir });
  assert.equal(pull.exitCode, 0, pull.stderr);
  assert.match(pull.stderr, new RegExp(`Image ${unreachable}  Skipped: pull failed, can be built`));
  assert.match(pull.stderr, /Some service image\(s\) must be built from source by running:\n {4}berth build app/);
  assert.doesNotMatch(pull.stderr, /Resource is still in use|Pulled/);
});

test('pull of an image that can be neither pulled nor built fails', async () => {
  const dir = stackDir(`services:\n  app:\n    image: ${unreachable}\n`);
  const pull = await berth(['-p', 'berth-pull-buildable', 'pull'], { cwd: dir });
  assert.equal(pull.exitCode, 1);
  assert.match(pull.stderr, new RegExp(`Image ${unreachable}: `));
  const ignored = await berth(['-p', 'berth-pull-buildable', 'pull', '--ignore-pull-failures'], { cwd: dir });
  assert.equal(ignored.exitCode, 0, ignored.stderr);
  assert.match(ignored.stderr, new RegExp(`Image ${unreachable}  Error`));
});
