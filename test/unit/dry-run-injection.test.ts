/**
 * Nothing in a Compose file can run code through the printed dry-run script: a project whose every
 * string that reaches the script carries shell payloads is planned, rendered, and run with `sh` and a
 * fake `docker` that only records its argv (and the archive `docker cp -` reads). The script creates
 * nothing outside its temporary directory, and the recorded commands are exactly the plan's argv.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { copyArchive } from '../../src/engine/copy-files.js';
import { emptyState } from '../../src/model/observed.js';
import type { ArgPart } from '../../src/model/plan.js';
import { planUp } from '../../src/plan/up.js';
import { renderCopy } from '../../src/plan/render-copy.js';
import { renderScript } from '../../src/plan/render-script.js';
import { loadVirtual } from '../helpers/load.js';

const FAKE_IMAGE_ID = 'sha256:fakeid';

/** Records each call (pid, argc, then the arguments, NUL-terminated: no forks); `cp -` keeps its stdin; inspect answers "running, healthy". */
const FAKE_DOCKER = `#!/bin/sh
printf '%s\\000%s\\000' "$$" "$#" >> "$BERTH_RECORD"
printf '%s\\000' "$@" >> "$BERTH_RECORD"
case "$1 $2" in
  "cp -") cat > "$BERTH_RECORD.cp.$$" ;;
  "image inspect") echo ${FAKE_IMAGE_ID} ;;
  inspect*) echo "running healthy 0" ;;
esac
`;

interface Call {
  readonly pid: string;
  readonly argv: string[];
}

function parseRecord(record: Buffer): Call[] {
  const fields = record.toString('utf8').split('\0');
  const calls: Call[] = [];
  for (let at = 0; at + 1 < fields.length;) {
    const pid = fields[at] as string;
    const count = Number(fields[at + 1]);
    calls.push({ pid, argv: fields.slice(at + 2, at + 2 + count) });
    at += 2 + count;
  }
  return calls;
}

/** Every way a value could break out of quoting, each ending in a command that creates `marker`. */
function payload(marker: string): string {
  const touch = `touch ${marker}`;
  return [`$(${touch})`, `\`${touch}\``, `'; ${touch}; '`, `"; ${touch}; "`, `\n${touch}\n`, `\${HOME}$(${touch})`, `\\'$(${touch})`,
    `} ; ${touch} ; {`, '%s%n\\000', `\nBERTH_EOF\n${touch}\n`, `$((1))|${touch}&`].join(' ');
}

/** A Compose file whose values carry payloads; `$` is doubled so interpolation leaves it literal. */
function composeText(outside: string): string {
  let count = 0;
  const p = (): string => payload(path.join(outside, `p${count++}`)).replace(/\$/g, '$$$$');
  const longTarget = `/etc/${'x'.repeat(60)}/${p().replace(/[/\n]/g, '_')}`;
  const tree = {
    name: 'inject',
    services: {
      'web.1-x_': {
        image: 'berth-test/busybox:latest',
        labels: { [`k${p()}`]: p(), plain: p() },
        environment: { VALUE: p(), 'K-$$(x)': p() },
        command: ['sh', '-c', p(), p()],
        entrypoint: ['/bin/sh', p()],
        healthcheck: { test: ['CMD', 'echo', p()], interval: '1s' },
        working_dir: `/w${p().replace(/\n/g, '')}`,
        user: p(),
        hostname: p(),
        domainname: p(),
        dns_search: [p()],
        extra_hosts: { [`h${count}`]: p() },
        sysctls: { 'net.core.x': p() },
        cap_add: [p()],
        security_opt: [p()],
        tmpfs: [`/t${p().replace(/\n/g, '')}`],
        logging: { driver: 'json-file', options: { tag: p() } },
        volumes: [{ type: 'bind', source: `/src${p().replace(/\n/g, '')}`, target: '/b' }, 'data.v-1:/data'],
        networks: { 'net.a-1': { aliases: [p()] } },
        secrets: [{ source: 'token.s-1', target: p().replace(/\n/g, '') }],
        configs: [{ source: 'conf.c-1', target: longTarget, mode: 0o640, uid: '3000000' }, 'body'],
        depends_on: { db: { condition: 'service_healthy' } },
      },
      db: { image: 'berth-test/busybox:latest', command: ['sleep', p()], healthcheck: { test: p() } },
    },
    networks: { 'net.a-1': { labels: { [`l${p()}`]: p() }, driver_opts: { o: p() } } },
    volumes: { 'data.v-1': { labels: { v: p() } } },
    secrets: { 'token.s-1': { environment: 'TOKEN_VALUE' } },
    configs: { 'conf.c-1': { content: p() }, body: { content: `${p()}\n'"\`\\` } },
  };
  return stringify(tree);
}

function argvOf(parts: readonly ArgPart[]): string[] {
  return parts.map((part) => {
    if (typeof part === 'string') return part;
    if ('prefix' in part) return `${part.prefix}${FAKE_IMAGE_ID}`;
    // `-e KEY` with the value in docker's environment; an env file's path is a fresh temporary one.
    return 'env' in part ? part.env : ENV_FILE;
  });
}

const ENV_FILE = '<private env file>';

/** The recorded argv with the path after each `--env-file` replaced by ENV_FILE. */
function withoutEnvFilePaths(argv: readonly string[]): string[] {
  return argv.map((word, index) => (argv[index - 1] === '--env-file' ? ENV_FILE : word));
}

test('dry-run script: payloads in every value reach docker as data, never as code', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'berth-inject-'));
  const outside = mkdtempSync(path.join(tmpdir(), 'berth-inject-outside-'));
  try {
    const project = loadVirtual({ 'compose.yaml': composeText(outside) });
    const plan = planUp(project, emptyState(project.name));
    const script = renderScript(plan, 'injection test');
    const bin = path.join(root, 'bin');
    execFileSync('mkdir', ['-p', bin, path.join(root, 'home')]);
    writeFileSync(path.join(bin, 'docker'), FAKE_DOCKER);
    chmodSync(path.join(bin, 'docker'), 0o755);
    writeFileSync(path.join(root, 'up.sh'), script);
    const record = path.join(root, 'record');
    const secretValue = payload(path.join(outside, 'from-env'));
    execFileSync('sh', [path.join(root, 'up.sh')], {
      cwd: root,
      env: { PATH: `${bin}:${process.env['PATH'] ?? ''}`, HOME: path.join(root, 'home'), BERTH_RECORD: record, TOKEN_VALUE: secretValue },
    });
    assert.deepEqual(readdirSync(outside), [], 'the script created files outside its directory');
    const records = parseRecord(readFileSync(record));
    const calls = records.map((call) => withoutEnvFilePaths(call.argv));
    const commands = calls.filter((argv) => argv[0] !== 'inspect' && !(argv[0] === 'image' && argv[1] === 'inspect'));
    const expected = plan.steps.filter((step) => step.wait === undefined).map((step) => (step.copy === undefined ? argvOf(step.argv) : ['cp', '-', `${step.copy.container}:/`]));
    assert.ok(expected.length >= 8, `a real plan (${expected.length} commands)`);
    assert.deepEqual(commands, expected);
    // Each archive piped into `docker cp` is the one berth itself would pipe.
    const copySteps = plan.steps.filter((step) => step.copy !== undefined);
    assert.ok(copySteps.length > 0);
    for (const step of copySteps) {
      const call = records.find(({ argv }) => argv[0] === 'cp' && argv[2] === `${step.copy?.container}:/`);
      const archive = readFileSync(`${record}.cp.${call?.pid ?? ''}`);
      assert.ok(archive.equals(Buffer.from(copyArchive(step.copy!, { TOKEN_VALUE: secretValue }))), 'archive differs');
    }
    const delivered = new Set(JSON.stringify(calls).match(/outside-\w+\/p\d+/g));
    assert.ok(delivered.size >= 25, `the payloads did reach docker as arguments (${delivered.size} of them)`);
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});

test('dry-run script: invalid secret variable names and keys never reach it (refused at load, and by the renderer)', () => {
  const load = (text: string): string => {
    try {
      loadVirtual({ 'compose.yaml': text });
      return 'accepted';
    } catch (error) {
      return (error as Error).message;
    }
  };
  const service = 'services:\n  web:\n    image: busybox\n    secrets: [s]\n';
  assert.equal(load(`${service}secrets:\n  s:\n    environment: "HOME}$$(touch /tmp/pwned)"\n`),
    '/project/app/compose.yaml:7:5: secrets.s.environment: invalid environment variable name "HOME}$(touch /tmp/pwned)": must match [A-Za-z_][A-Za-z0-9_]*');
  assert.equal(load('services:\n  web:\n    image: busybox\nsecrets:\n  "a`touch /tmp/pwned`":\n    environment: X\n'),
    '/project/app/compose.yaml:5:3: secrets.a`touch /tmp/pwned`: invalid secret name "a`touch /tmp/pwned`": only [a-zA-Z0-9._-] are allowed');
  assert.equal(load('services:\n  web:\n    image: busybox\nconfigs:\n  "c$$(id)":\n    content: x\n'),
    '/project/app/compose.yaml:5:3: configs.c$$(id): invalid config name "c$$(id)": only [a-zA-Z0-9._-] are allowed');
  assert.throws(() => renderCopy({ container: 'c', files: [{ path: '/x', mode: 0o444, uid: 0, gid: 0, source: { environment: 'HOME}$(touch /tmp/pwned)' }, what: 'secret "s"' }] }), /invalid environment variable name/);
  assert.equal(existsSync('/tmp/pwned'), false);
});
