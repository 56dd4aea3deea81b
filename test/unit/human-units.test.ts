import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesSize, formatGoG, humanDuration, humanSize, timeAgo } from '../../src/ui/human-units.js';
import { formatTable } from '../../src/ui/table.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

test('ages as go-units HumanDuration words them (docker images, docker compose images)', () => {
  const cases: Array<[number, string]> = [
    [0, 'Less than a second'],
    [999, 'Less than a second'],
    [SECOND, '1 second'],
    [1999, '1 second'],
    [2 * SECOND, '2 seconds'],
    [59 * SECOND, '59 seconds'],
    [MINUTE, 'About a minute'],
    [119 * SECOND, 'About a minute'],
    [2 * MINUTE, '2 minutes'],
    [59 * MINUTE + 59 * SECOND, '59 minutes'],
    [HOUR, 'About an hour'],
    [HOUR + 29 * MINUTE, 'About an hour'],
    [HOUR + 30 * MINUTE, '2 hours'],
    [47 * HOUR, '47 hours'],
    [47 * HOUR + 29 * MINUTE, '47 hours'],
    [47 * HOUR + 30 * MINUTE, '2 days'],
    [13 * DAY, '13 days'],
    [14 * DAY, '2 weeks'],
    [59 * DAY, '8 weeks'],
    [60 * DAY, '2 months'],
    [729 * DAY, '24 months'],
    [730 * DAY, '2 years'],
    [3 * 365 * DAY, '3 years'],
  ];
  for (const [elapsed, words] of cases) assert.equal(humanDuration(elapsed), words, `${elapsed} ms`);
  const now = Date.parse('2026-01-01T12:00:00Z');
  assert.equal(timeAgo('2026-01-01T11:59:59Z', now), '1 second ago');
  assert.equal(timeAgo('2026-01-01T11:59:00Z', now), 'About a minute ago');
  assert.equal(timeAgo('2025-12-30T13:00:00Z', now), '47 hours ago');
  assert.equal(timeAgo('2026-01-01T12:00:00.400Z', now), 'Less than a second ago', 'a clock a little ahead is not negative');
  assert.equal(timeAgo('not a time', now), '');
});

test("Go's %.Ng: significant digits, trailing zeros dropped, exponent form, ties to even", () => {
  assert.equal(formatGoG(0, 3), '0');
  assert.equal(formatGoG(12, 3), '12');
  assert.equal(formatGoG(1.5, 4), '1.5');
  assert.equal(formatGoG(4.411, 3), '4.41');
  assert.equal(formatGoG(99.95, 3), '100');
  assert.equal(formatGoG(999.5, 3), '1e+03');
  assert.equal(formatGoG(123456, 3), '1.23e+05');
  assert.equal(formatGoG(0.00001234, 3), '1.23e-05');
  assert.equal(formatGoG(1.0625, 4), '1.062');
  assert.equal(formatGoG(2.5, 1), '2');
  assert.equal(formatGoG(3.5, 1), '4');
});

test('sizes as go-units words them: HumanSizeWithPrecision (images: 3 digits), HumanSize, BytesSize', () => {
  assert.equal(humanSize(0, 3), '0B');
  assert.equal(humanSize(999, 3), '999B');
  assert.equal(humanSize(1000, 3), '1kB');
  assert.equal(humanSize(4_411_000, 3), '4.41MB');
  assert.equal(humanSize(124_600_000, 3), '125MB');
  assert.equal(humanSize(999_999, 3), '1e+03kB', 'docker prints this too');
  assert.equal(humanSize(1_234_567), '1.235MB');
  assert.equal(humanSize(2_746_000), '2.746MB');
  assert.equal(humanSize(1_000_000_000_000), '1TB');
  assert.equal(bytesSize(0), '0B');
  assert.equal(bytesSize(1536), '1.5KiB');
  assert.equal(bytesSize(17 * 1024 * 1024), '17MiB');
  assert.equal(bytesSize(1023), '1023B');
});

test('tables pad by display width, with a minimum column width, as Go tabwriter lays them out', () => {
  const table = formatTable(['NAME', 'STATUS', 'CONFIG FILES'], [
    ['web', 'running(1)', '/srv/compose.yaml'],
    ['日本語プロジェクト', 'exited(2)', '/x.yaml'],
    ['🐳-demo', 'running(1)', ''],
  ]);
  assert.equal(table, [
    'NAME                 STATUS              CONFIG FILES',
    'web                  running(1)          /srv/compose.yaml',
    '日本語プロジェクト   exited(2)           /x.yaml',
    '🐳-demo              running(1)',
    '',
  ].join('\n'));
  assert.equal(formatTable(['NAME', 'IMAGE', 'PORTS'], [['p-web-1', 'busybox', '']], 10), [
    'NAME      IMAGE     PORTS',
    'p-web-1   busybox',
    '',
  ].join('\n'));
});
