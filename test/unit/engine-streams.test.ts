import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { followContainerStarts, readEvents, type EngineEvent } from '../../src/engine/events.js';
import { lastExitCode } from '../../src/engine/container-exit.js';
import { logsArgv, readContainerLog } from '../../src/engine/logs.js';

/** A fake docker (DOCKER_BIN) that records its argv and prints `stdout` (and `stderr`) as given. */
function fakeDocker(stdout: string, stderr = ''): { argv: () => string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-fake-docker-'));
  writeFileSync(path.join(dir, 'out'), stdout);
  writeFileSync(path.join(dir, 'err'), stderr);
  const bin = path.join(dir, 'docker');
  writeFileSync(bin, `#!/bin/sh\nprintf '%s\\n' "$@" > '${dir}/argv'\ncat '${dir}/out'\ncat '${dir}/err' >&2\n`);
  chmodSync(bin, 0o755);
  process.env['DOCKER_BIN'] = bin;
  return { argv: () => readFileSync(path.join(dir, 'argv'), 'utf8').split('\n').slice(0, -1) };
}

test.after(() => {
  delete process.env['DOCKER_BIN'];
});

test('a container log arrives as whole lines per stream, a last line without newline included', async () => {
  const fake = fakeDocker('one\ntwo\nthree', 'warn 1\n');
  const received: Array<[string, string]> = [];
  await readContainerLog('p-web-1', { follow: true, tail: '5', timestamps: true, since: '10' }, (stream, lines) => {
    for (const line of lines) received.push([stream, line]);
  });
  assert.deepEqual(received.filter(([stream]) => stream === 'stdout').map(([, line]) => line), ['one', 'two', 'three']);
  assert.deepEqual(received.filter(([stream]) => stream === 'stderr').map(([, line]) => line), ['warn 1']);
  assert.deepEqual(fake.argv(), ['logs', '-f', '--tail', '5', '-t', '--since', '10', 'p-web-1']);
});

test('logs argv: tail all is docker logs without --tail', () => {
  assert.deepEqual(logsArgv('p-web-1', { tail: 'all', until: '5s' }), ['logs', '--until', '5s', 'p-web-1']);
});

test('events: each JSON line is one event, other lines are passed over', async () => {
  const fake = fakeDocker(['{"Type":"container","Action":"start","time":1700000000,"Actor":{"ID":"abc","Attributes":{"name":"p-web-1"}}}', 'not json', '', '42', '{"Action":"die"}'].join('\n'));
  const events: EngineEvent[] = [];
  await readEvents({ filters: [['label', 'com.docker.compose.project=p'], ['type', 'container']], since: '1' }, (event) => events.push(event));
  assert.deepEqual(events.map((event) => event.Action), ['start', 'die']);
  assert.deepEqual(fake.argv(), ['events', '--filter', 'label=com.docker.compose.project=p', '--filter', 'type=container', '--since', '1', '--format', '{{json .}}']);
});

test('container starts: name, service, one-off and the time docker logs --since takes', async () => {
  const line = (name: string, oneoff: string, time?: number): string => JSON.stringify({ Action: 'start', ...(time === undefined ? {} : { time }), Actor: { Attributes: { name, 'com.docker.compose.service': 'web', 'com.docker.compose.oneoff': oneoff } } });
  const fake = fakeDocker([line('p-web-2', 'False', 1700000001), line('p-web-run-1', 'True'), JSON.stringify({ Action: 'start', Actor: {} })].join('\n'));
  const starts: unknown[] = [];
  await followContainerStarts('p', (start) => starts.push(start), new AbortController().signal);
  assert.deepEqual(starts, [{ name: 'p-web-2', service: 'web', oneoff: false, time: '1700000001' }, { name: 'p-web-run-1', service: 'web', oneoff: true }]);
  assert.ok(fake.argv().join(' ').includes('--filter event=start'));
});

test('last exit code: the last die event, else the fallback', async () => {
  fakeDocker(['{"Action":"die","Actor":{"Attributes":{"exitCode":"3"}}}', '{"Action":"die","Actor":{"Attributes":{"exitCode":"137"}}}'].join('\n'));
  assert.equal(await lastExitCode('p-web-1', '2024-01-01T00:00:00Z', 0), 137);
  fakeDocker('');
  assert.equal(await lastExitCode('p-web-1', '2024-01-01T00:00:00Z', 5), 5);
});
