import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMountsLine } from '../../src/engine/observe.js';

test('mounts are read from the JSON of .Mounts: bind and tmpfs mounts have no Name on docker 20.10', () => {
  const line = JSON.stringify({
    id: 'c1',
    mounts: [
      { Type: 'bind', Source: '/srv/app', Destination: '/usr/src/app', Mode: '', RW: true, Propagation: 'rprivate' },
      { Type: 'volume', Name: 'a'.repeat(64), Source: '/var/lib/docker/volumes/x/_data', Destination: '/cache', Driver: 'local', Mode: 'z', RW: true, Propagation: '' },
      { Type: 'tmpfs', Source: '', Destination: '/run', Mode: '', RW: true, Propagation: '' },
    ],
  });
  assert.deepEqual(parseMountsLine(line), {
    id: 'c1',
    mounts: [
      { type: 'bind', name: '', source: '/srv/app', destination: '/usr/src/app' },
      { type: 'volume', name: 'a'.repeat(64), source: '/var/lib/docker/volumes/x/_data', destination: '/cache' },
      { type: 'tmpfs', name: '', source: '', destination: '/run' },
    ],
  });
  assert.deepEqual(parseMountsLine('{"id":"c2","mounts":null}'), { id: 'c2', mounts: [] });
});
