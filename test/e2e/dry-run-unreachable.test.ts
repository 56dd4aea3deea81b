import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { berth, berthBin, fixturesDir } from '../helpers/berth.js';
import { asNonRootUser } from '../helpers/as-user.js';

// --dry-run plans from empty state, with a note on stderr, whichever way the engine cannot be reached.
const cwd = path.join(fixturesDir, 'flask-redis');
const NOTE = 'berth: no Docker engine reachable: planning from empty state';
const scratch = mkdtempSync(path.join(tmpdir(), 'berth-unreachable-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The dry-run scripts of `up` and `down` with DOCKER_HOST (or another variable) set as given. */
async function dryRuns(env: Record<string, string>): Promise<Array<{ exitCode: number; stdout: string; stderr: string }>> {
  return Promise.all([berth(['up', '--dry-run'], { cwd, env }), berth(['down', '--dry-run'], { cwd, env })]);
}

test('no socket, a DOCKER_HOST that is down or unknown, no docker binary: the empty-state script and a note', async () => {
  const [baselineUp, baselineDown] = await dryRuns({ DOCKER_HOST: `unix://${path.join(scratch, 'absent.sock')}` });
  assert.equal(baselineUp?.exitCode, 0, baselineUp?.stderr);
  assert.equal(baselineUp?.stderr, NOTE);
  assert.match(baselineUp?.stdout ?? '', /^docker network create .* flask-redis_default$/m, 'empty state: everything is created');
  assert.match(baselineUp?.stdout ?? '', /^docker build /m);
  assert.equal(baselineDown?.exitCode, 0, baselineDown?.stderr);
  assert.match(baselineDown?.stderr ?? '', /^berth: no Docker engine reachable: planning from empty state$/m);
  for (const env of [
    { DOCKER_HOST: 'tcp://127.0.0.1:1' },
    { DOCKER_HOST: 'tcp://no-such-host.invalid:2375' },
    { DOCKER_BIN: path.join(scratch, 'no-docker-here') },
  ]) {
    const [up, down] = await dryRuns(env);
    assert.equal(up?.exitCode, 0, `${JSON.stringify(env)}: ${up?.stderr}`);
    assert.equal(up?.stdout, baselineUp?.stdout, JSON.stringify(env));
    // Without a docker CLI the note says so (see DockerNotFoundError).
    const note = 'DOCKER_BIN' in env ? /^berth: docker: .* \(DOCKER_BIN\) not found or not executable .*: planning from empty state$/ : new RegExp(`^${NOTE}$`);
    assert.match(up?.stderr ?? '', note, JSON.stringify(env));
    assert.equal(down?.exitCode, 0, `${JSON.stringify(env)}: ${down?.stderr}`);
    assert.equal(down?.stdout, baselineDown?.stdout, JSON.stringify(env));
  }
  // Without --dry-run an unreachable engine stays an error, in one line.
  const real = await berth(['up', '-d'], { cwd, env: { DOCKER_HOST: 'tcp://127.0.0.1:1' } });
  assert.equal(real.exitCode, 1);
  assert.match(real.stderr, /^no Docker engine reachable: /);
  assert.doesNotMatch(real.stderr, /\n {4}at /, 'no stack trace');
});

test('a socket that refuses permission (a non-root user, socket mode 000)', async () => {
  const socketDir = mkdtempSync(path.join(tmpdir(), 'berth-socket-'));
  chmodSync(socketDir, 0o755);
  const socket = path.join(socketDir, 'docker.sock');
  const server = net.createServer((connection) => connection.destroy());
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  chmodSync(socket, 0o000);
  const user = asNonRootUser();
  try {
    const env = { NO_COLOR: '1', HOME: user.home, DOCKER_CONFIG: path.join(user.home, '.docker'), DOCKER_HOST: `unix://${socket}`, PATH: process.env['PATH'] ?? '' };
    const [command, ...args] = [...user.prefix, process.execPath, '--', berthBin, 'up', '--dry-run'];
    const denied = await execa(command as string, args, { cwd, env, extendEnv: false, reject: false, stdin: 'ignore' });
    const direct = await execa(user.prefix[0] ?? 'env', [...user.prefix.slice(1), 'docker', 'ps'], { env, extendEnv: false, reject: false });
    assert.match(String(direct.stderr), /permission denied/i, 'the socket does refuse this user');
    assert.equal(denied.exitCode, 0, String(denied.stderr));
    assert.equal(String(denied.stderr), NOTE);
    const [baseline] = await dryRuns({ DOCKER_HOST: `unix://${path.join(scratch, 'absent.sock')}` });
    assert.equal(String(denied.stdout), baseline?.stdout);
  } finally {
    server.close();
    rmSync(socketDir, { recursive: true, force: true });
    rmSync(user.home, { recursive: true, force: true });
  }
});
