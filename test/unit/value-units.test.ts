/** Sizes and durations are read as docker compose reads them (go-units RAMInBytes, Go time.ParseDuration). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGoDuration } from '../../src/config/canonical/duration.js';
import { asBytes, parseRamSize } from '../../src/config/canonical/units.js';
import { ModelError } from '../../src/config/model-error.js';
import { loadVirtual } from '../helpers/load.js';

const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

test('sizes: go-units RAMInBytes spellings, all binary, truncated to whole bytes', () => {
  const cases: Array<[string, number]> = [
    ['0', 0], ['1024', 1024], ['1b', 1], ['1B', 1], ['1k', KiB], ['1K', KiB], ['1kb', KiB], ['1KiB', KiB], ['1kib', KiB],
    ['512m', 512 * MiB], ['512M', 512 * MiB], ['512MB', 512 * MiB], ['512MiB', 512 * MiB], ['512mib', 512 * MiB],
    ['1g', GiB], ['1GB', GiB], ['1GiB', GiB], ['1.5GB', 1.5 * GiB], ['1.5g', 1.5 * GiB], ['0.5k', 512], ['.5k', 512],
    ['1.3b', 1], ['2t', 2 * 1024 ** 4], ['1p', 1024 ** 5], ['10 MB', 10 * MiB], ['1e3', 1000], ['+5m', 5 * MiB], ['1.', 1],
  ];
  for (const [text, bytes] of cases) assert.equal(parseRamSize(text), bytes, text);
});

test('sizes: what go-units refuses is refused', () => {
  for (const text of ['', 'm', '1x', '1mm', '1mbb', '1kibb', '1 kib ', ' 1g', '1  g', '1.5.5g', 'abc', '1gb2', '1bi', '1mi', 'Inf', '0x10']) {
    assert.equal(parseRamSize(text), undefined, JSON.stringify(text));
  }
  assert.equal(parseRamSize('-1'), -1, 'negatives parse; asBytes refuses them');
});

test('sizes: asBytes refuses negatives except unlimited swap, fractions of a byte as numbers, and overflow', () => {
  const error = (value: unknown, options = {}): string => {
    try {
      asBytes(value, ['services', 'web', 'mem_limit'], options);
      return 'accepted';
    } catch (caught) {
      return (caught as ModelError).detail;
    }
  };
  assert.equal(asBytes('512MiB', []), 512 * MiB);
  assert.equal(asBytes(1073741824, []), GiB);
  assert.equal(error('-512m'), 'invalid size "-512m": must not be negative');
  assert.equal(error(-1), 'invalid size -1: must not be negative');
  assert.equal(asBytes(-1, [], { unlimited: -1 }), -1);
  assert.equal(asBytes('-1', [], { unlimited: -1 }), -1);
  assert.equal(error(-2, { unlimited: -1 }), 'invalid size -2: must not be negative');
  assert.equal(error(1.5), 'invalid size 1.5: expected a number of bytes or a size like 512m, 1.5GB or 512MiB');
  assert.equal(error('99999999p'), 'invalid size "99999999p": too large');
});

test('sizes: mem_limit 512MiB loads as docker compose loads it, and reaches --memory in bytes', () => {
  const project = loadVirtual({ 'compose.yaml': 'services:\n  web:\n    image: busybox\n    mem_limit: 512MiB\n    shm_size: 1.5GB\n    memswap_limit: -1\n' });
  const web = project.services['web'] as Record<string, unknown>;
  assert.equal(web['mem_limit'], 512 * MiB);
  assert.equal(web['shm_size'], 1.5 * GiB);
  assert.equal(web['memswap_limit'], -1);
});

test('durations: Go time.ParseDuration spellings', () => {
  const cases: Array<[string, number]> = [
    ['0', 0], ['+0', 0], ['-0', 0], ['0s', 0], ['1ns', 1], ['1us', 1e3], ['1µs', 1e3], ['1μs', 1e3], ['1ms', 1e6], ['1s', 1e9],
    ['1m', 60e9], ['1h', 3600e9], ['1h30m', 5400e9], ['1m30s', 90e9], ['1.5s', 1.5e9], ['.5s', 0.5e9], ['1.s', 1e9],
    ['-1.5h', -5400e9], ['+3s', 3e9], ['1h1m1s1ms1us1ns', 3661001001001], ['2562047h', 2562047 * 3600e9],
  ];
  for (const [text, ns] of cases) assert.equal(parseGoDuration(text), ns, text);
});

test('durations: what Go refuses is refused', () => {
  for (const text of ['', '1', '10', 's', '.s', '1 s', ' 1s', '1s ', '1sec', '1d', '1S', '-', '+', '1.5.5s', '1e3s', '3000000h', '1h-1m']) {
    assert.equal(parseGoDuration(text), undefined, JSON.stringify(text));
  }
});

test('durations: healthcheck and stop_grace_period print in Go form; sub-millisecond intervals and negatives are refused', () => {
  const project = loadVirtual({ 'compose.yaml': 'services:\n  web:\n    image: busybox\n    stop_grace_period: 90s\n    healthcheck:\n      test: "true"\n      interval: 1.5m\n      timeout: 500ms\n' });
  const web = project.services['web'] as Record<string, unknown>;
  assert.equal(web['stop_grace_period'], '1m30s');
  assert.deepEqual(web['healthcheck'], { test: ['CMD-SHELL', 'true'], interval: '1m30s', timeout: '500ms' });
  assert.throws(() => loadVirtual({ 'compose.yaml': 'services:\n  web:\n    image: busybox\n    healthcheck:\n      interval: 500us\n' }), /services\.web\.healthcheck\.interval: invalid duration "500us": must be 0 or at least 1ms/);
  assert.throws(() => loadVirtual({ 'compose.yaml': 'services:\n  web:\n    image: busybox\n    stop_grace_period: -5s\n' }), /services\.web\.stop_grace_period: invalid duration "-5s": must not be negative/);
});
