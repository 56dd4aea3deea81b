import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { berth } from '../helpers/berth.js';
import { docker, purgeProject } from '../helpers/docker.js';

// No environment value or build arg on the process list: every docker process berth starts is a
// wrapper that records its own /proc/$$/cmdline and environment before it execs the real docker.
const project = 'berth-secrets-argv';
const image = `${project}-app`;
const work = mkdtempSync(path.join(tmpdir(), 'berth-secrets-'));
const stack = path.join(work, 'stack');
const log = path.join(work, 'log');
const berthTmp = path.join(work, 'tmp');
for (const dir of [stack, log, berthTmp]) mkdirSync(dir);

const shell = { SHELL_SECRET: 'shell-Secret-3', BARE: 'bare-Secret-4', BUILD_SECRET: 'build-Secret-5', EXEC_SECRET: 'exec-Secret-6', RUN_SECRET: 'run-Secret-7' };
/** What the container must get, exactly. */
const expected: Record<string, string> = {
  LITERAL: 'literal-Secret-1',
  SPACES: `spaced Secret 'single' "double" $dollar`,
  NEWLINE: 'first-Line-Secret\nsecond-Line-Secret',
  FROM_SHELL: shell.SHELL_SECRET,
  BARE: shell.BARE,
  FILE_SECRET: 'file-Secret-2',
  DOCKER_HOST: 'tcp://service-docker-host-Secret:2375',
  HTTPS_PROXY: 'http://user:proxy-Secret@proxy:3128',
  'spring.profiles.active': 'dotted-Secret',
  EMPTY: '',
};
const values = [...Object.values(expected).flatMap((value) => value.split('\n')).filter((value) => value !== ''), ...Object.values(shell)];

writeFileSync(path.join(stack, 'app.env'), `FILE_SECRET=${expected['FILE_SECRET']}\n`);
writeFileSync(path.join(stack, 'Dockerfile'), 'FROM berth-test/busybox:latest\nARG TOKEN\nRUN echo "$TOKEN" > /token.txt\n');
writeFileSync(path.join(stack, 'compose.yaml'), `services:
  app:
    build:
      context: .
      args:
        TOKEN: \${BUILD_SECRET}
    image: ${image}
    command: ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 1; done"]
    env_file: [app.env]
    environment:
      LITERAL: literal-Secret-1
      SPACES: "spaced Secret 'single' \\"double\\" $$dollar"
      NEWLINE: "first-Line-Secret\\nsecond-Line-Secret"
      FROM_SHELL: \${SHELL_SECRET}
      BARE:
      UNSET_KEY:
      DOCKER_HOST: ${expected['DOCKER_HOST']}
      HTTPS_PROXY: ${expected['HTTPS_PROXY']}
      spring.profiles.active: dotted-Secret
      EMPTY: ""
`);
const wrapper = path.join(work, 'docker');
writeFileSync(wrapper, `#!/bin/sh
cat /proc/$$/cmdline >"$BERTH_TEST_LOG/$$.cmdline"
cat /proc/$$/environ >"$BERTH_TEST_LOG/$$.environ"
previous=
for word in "$@"; do
  [ "$previous" = --env-file ] && stat -c '%a %U' "$word" "$(dirname "$word")" >"$BERTH_TEST_LOG/$$.envfile"
  previous=$word
done
exec "$BERTH_TEST_REAL_DOCKER" "$@"
`);
chmodSync(wrapper, 0o755);
const realDocker = execFileSync('sh', ['-c', 'command -v docker']).toString().trim();
const env = { ...shell, DOCKER_BIN: wrapper, BERTH_TEST_LOG: log, BERTH_TEST_REAL_DOCKER: realDocker, TMPDIR: berthTmp };
const run = (args: string[]) => berth(['-p', project, ...args], { cwd: stack, env });

/** Every recorded docker process: its argv and environment. */
function recorded(): Array<{ argv: string[]; environment: Map<string, string>; envFile?: string }> {
  const pids = readdirSync(log).filter((name) => name.endsWith('.cmdline')).map((name) => name.slice(0, -'.cmdline'.length));
  return pids.map((pid) => {
    const read = (suffix: string): string => readFileSync(path.join(log, `${pid}.${suffix}`), 'utf8');
    const environment = new Map(read('environ').split('\0').filter(Boolean).map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] as [string, string]));
    const envFile = readdirSync(log).includes(`${pid}.envfile`) ? read('envfile') : undefined;
    return { argv: read('cmdline').split('\0').filter(Boolean), environment, ...(envFile === undefined ? {} : { envFile }) };
  });
}

/** Samples every process's command line while berth runs (catches what the wrapper would not see). */
function sampleProcessList(): { stop(): string[] } {
  const seen = new Set<string>();
  const timer = setInterval(() => {
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        seen.add(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
      } catch {
        // the process ended
      }
    }
  }, 100);
  timer.unref();
  return { stop: () => (clearInterval(timer), [...seen]) };
}

before(async () => {
  await purgeProject(project);
  await docker(['rmi', '-f', image]).catch(() => undefined);
});
after(async () => {
  await purgeProject(project);
  await docker(['rmi', '-f', image]).catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
});

test('build, up, run -e and exec -e put no value on any docker argv; the container and image still get them', async () => {
  const sampler = sampleProcessList();
  const built = await run(['build']);
  assert.equal(built.exitCode, 0, built.stderr);
  const up = await run(['up', '-d']);
  assert.equal(up.exitCode, 0, up.stderr);
  const ran = await run(['run', '--rm', '-T', '-e', 'RUN_SECRET', 'app', 'sh', '-c', 'echo "$RUN_SECRET"; echo "$LITERAL"; echo "$DOCKER_HOST"']);
  assert.equal(ran.exitCode, 0, ran.stderr);
  assert.equal(ran.stdout, `${shell.RUN_SECRET}\n${expected['LITERAL']}\n${expected['DOCKER_HOST']}`);
  const exec = await run(['exec', '-T', '-e', 'EXEC_SECRET', '-e', 'HTTP_PROXY=http://exec-proxy', 'app', 'sh', '-c', 'echo "$EXEC_SECRET"; echo "$HTTP_PROXY"']);
  assert.equal(exec.exitCode, 0, exec.stderr);
  assert.equal(exec.stdout, `${shell.EXEC_SECRET}\nhttp://exec-proxy`);
  const processList = sampler.stop();

  const commands = recorded();
  const kinds = new Set(commands.map(({ argv }) => argv[2]));
  for (const kind of ['build', 'run', 'exec']) assert.ok(kinds.has(kind), `berth ran docker ${kind} through the wrapper (${[...kinds].join(' ')})`);
  for (const { argv, environment, envFile } of commands) {
    const line = argv.join(' ');
    for (const value of values) assert.ok(!line.includes(value), `"${value}" on the argv of: ${line}`);
    // docker's own settings are never the service's: DOCKER_HOST and the proxy stay berth's.
    assert.equal(environment.get('DOCKER_HOST'), process.env['DOCKER_HOST'], line);
    assert.equal(environment.get('HTTPS_PROXY'), process.env['HTTPS_PROXY'], line);
    if (envFile !== undefined) assert.match(envFile, /^600 \S+\n700 \S+\n$/, `env file and its directory of: ${line}`);
  }
  const create = commands.find(({ argv }) => argv[2] === 'run' && argv.includes('-d'));
  assert.ok(create !== undefined, 'up ran the container');
  assert.equal(create.environment.get('LITERAL'), expected['LITERAL'], 'values travel in docker\'s environment');
  assert.ok(create.argv.includes('--env-file') && create.envFile !== undefined, 'DOCKER_HOST, HTTPS_PROXY and spring.profiles.active went through an env file');
  for (const cmdline of processList) for (const value of values) assert.ok(!cmdline.includes(value), `"${value}" seen in the process list: ${cmdline}`);
  assert.deepEqual(readdirSync(berthTmp), [], 'no env file left behind');

  const containerEnv = JSON.parse(await docker(['inspect', '--format', '{{json .Config.Env}}', `${project}-app-1`])) as string[];
  const got = new Map(containerEnv.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] as [string, string]));
  for (const [key, value] of Object.entries(expected)) assert.equal(got.get(key), value, key);
  assert.ok(!got.has('UNSET_KEY'), 'a key with no value anywhere stays unset in the container');
  assert.equal((await docker(['exec', `${project}-app-1`, 'cat', '/token.txt'])).trim(), shell.BUILD_SECRET, 'the image got the build arg');

  const id = (await docker(['inspect', '--format', '{{.Id}}', `${project}-app-1`])).trim();
  const again = await run(['up', '-d']);
  assert.equal(again.exitCode, 0, again.stderr);
  assert.equal((await docker(['inspect', '--format', '{{.Id}}', `${project}-app-1`])).trim(), id, 'the config hash is unchanged: nothing is recreated');
});
