/**
 * Every berth command, given a misspelled flag, a bad choice, a bad integer, a missing or an extra
 * argument, stops before it does anything: exit 1, docker's usage message on stderr, and not one
 * docker invocation (DOCKER_BIN is a fake that records its calls). Then help and version.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { berth } from '../helpers/berth.js';
import { COMMAND_WORDS, loadCommands } from '../../src/cli/commands/index.js';
import { commandSpec } from '../../src/cli/option-spec.js';

const dir = mkdtempSync(path.join(tmpdir(), 'berth-usage-'));
writeFileSync(path.join(dir, 'compose.yaml'), 'services:\n  web:\n    image: berth-test/busybox:latest\n    command: sleep 600\n');
const home = path.join(dir, 'home');
const log = path.join(dir, 'docker-calls.log');
const fakeDocker = path.join(dir, 'docker');
writeFileSync(log, '');
writeFileSync(fakeDocker, `#!/bin/sh\necho "$*" >> '${log}'\nexit 1\n`);
chmodSync(fakeDocker, 0o755);

const specs = (await loadCommands(undefined)).map(commandSpec);

/** A flag name with its second-to-last letter dropped: `--timout` for `--timeout`. */
const misspell = (name: string): string => `${name.slice(0, -2)}${name.slice(-1)}`;

interface UsageCase {
  readonly args: string[];
  readonly problem: RegExp;
}

function casesOf(spec: (typeof specs)[number]): UsageCase[] {
  const { word, options, positionals } = spec;
  const visible = options.filter((option) => !option.hidden);
  const flagName = visible[0]?.name ?? 'dry-run';
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const enough = Array.from({ length: positionals.min }, (_, index) => (word === 'scale' ? 'web=1' : index === 0 ? 'web' : '80'));
  const cases: UsageCase[] = [
    { args: [word, `--${misspell(flagName)}`, ...enough], problem: new RegExp(`^unknown flag: --${escape(misspell(flagName))}\n\nDid you mean this\\?\n(\t.*\n)*\t--${escape(flagName)}\n`) },
  ];
  const choices = visible.filter((candidate) => candidate.choices !== undefined);
  // A command without choices of its own is given a bad one for a global flag.
  if (choices.length === 0) cases.push({ args: [word, '--progress', 'fancy', ...enough], problem: /^invalid argument "fancy" for "--progress" flag: valid values are "auto", / });
  for (const option of choices) {
    cases.push({ args: [word, `--${option.name}=bogus`, ...enough], problem: new RegExp(`^invalid argument "bogus" for "(-\\w, )?--${option.name}" flag: valid values are `) });
  }
  for (const option of visible.filter((candidate) => candidate.type === 'integer')) {
    cases.push({ args: [word, `--${option.name}`, 'abc', ...enough], problem: new RegExp(`^invalid argument "abc" for "(-\\w, )?--${option.name}" flag: strconv.ParseInt`) });
  }
  // cobra's RangeArgs (commit SERVICE [REPOSITORY]) words both ends alike.
  const range = positionals.min > 0 && Number.isFinite(positionals.max) && positionals.min < positionals.max;
  const between = (count: number): RegExp => new RegExp(`^"berth ${word}" accepts between ${positionals.min} and ${positionals.max} arg\\(s\\), received ${count}$`, 'm');
  if (positionals.min > 0) cases.push({ args: [word], problem: range ? between(0) : new RegExp(`^"berth ${word}" requires (at least|exactly) ${positionals.min} argument`) });
  const tooMany = Array.from({ length: Number.isFinite(positionals.max) ? positionals.max + 1 : 0 }, () => 'x');
  if (positionals.max === 0) cases.push({ args: [word, 'extra'], problem: new RegExp(`^"berth ${word}" accepts no arguments$`, 'm') });
  else if (range) cases.push({ args: [word, ...tooMany], problem: between(tooMany.length) });
  else if (Number.isFinite(positionals.max)) cases.push({ args: [word, ...tooMany], problem: new RegExp(`^"berth ${word}" ${positionals.min === 0 ? 'accepts at most' : 'requires exactly'} ${positionals.max} arguments?$`, 'm') });
  return cases;
}

describe('a usage error in any command runs nothing', { concurrency: 8 }, () => {
  test('every command is covered', () => assert.deepEqual(specs.map((spec) => spec.word), [...COMMAND_WORDS]));
  for (const spec of specs) {
    for (const { args, problem } of casesOf(spec)) {
      test(args.join(' '), async () => {
        const run = await berth(args, { cwd: dir, env: { DOCKER_BIN: fakeDocker, HOME: home } });
        assert.equal(run.exitCode, 1, run.stderr);
        assert.match(run.stderr, problem);
        assert.ok(run.stderr.endsWith(`\n\nUsage:  berth ${spec.word} [OPTIONS]${spec.positionals.usage === '' ? '' : ` ${spec.positionals.usage}`}\n\nRun 'berth ${spec.word} --help' for more information`), run.stderr);
        assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
        assert.equal(run.stdout, '');
      });
    }
  }
  test('unknown commands, with did you mean', async () => {
    const short = await berth(['up', '-Z'], { cwd: dir, env: { DOCKER_BIN: fakeDocker } });
    assert.match(short.stderr, /^unknown shorthand flag: 'Z' in -Z\n/);
    const run = await berth(['upp', '-d'], { cwd: dir, env: { DOCKER_BIN: fakeDocker } });
    assert.equal(run.exitCode, 1);
    assert.equal(run.stderr, 'unknown command "upp" for "berth"\n\nDid you mean this?\n\tup\n\nRun \'berth --help\' for more information');
    const none = await berth(['frobnicate'], { cwd: dir, env: { DOCKER_BIN: fakeDocker } });
    assert.equal(none.stderr, 'unknown command "frobnicate" for "berth"\n\nRun \'berth --help\' for more information');
    const plugin = await berth(['compose', 'upp'], { cwd: dir, env: { DOCKER_BIN: fakeDocker, BERTH_AS_DOCKER_PLUGIN: '1' } });
    assert.match(plugin.stderr, /^unknown command "upp" for "docker compose"\n\nDid you mean this\?\n\tup\n\nRun 'docker compose --help'/);
  });
  test('errors before the command word, and as JSON with --progress json', async () => {
    const run = await berth(['--bogus', 'up'], { cwd: dir, env: { DOCKER_BIN: fakeDocker } });
    assert.equal(run.exitCode, 1);
    assert.equal(run.stderr, "unknown flag: --bogus\n\nUsage:  berth [OPTIONS] COMMAND\n\nRun 'berth --help' for more information");
    const json = await berth(['--progress', 'json', 'down', '--timout', '1'], { cwd: dir, env: { DOCKER_BIN: fakeDocker } });
    assert.equal(json.exitCode, 1);
    assert.match((JSON.parse(json.stderr) as { message: string }).message, /^unknown flag: --timout\n/);
  });
  test('service names that are Object properties are unknown services, not built-ins', async () => {
    for (const args of [['config', 'constructor'], ['up', '--scale', 'constructor=2', '--dry-run'], ['up', '-d', 'toString'], ['run', '--rm', '__proto__'], ['logs', 'hasOwnProperty'], ['exec', 'valueOf', 'ls']]) {
      const run = await berth(args, { cwd: dir, env: { DOCKER_BIN: fakeDocker } });
      assert.equal(run.exitCode, 1, args.join(' '));
      assert.equal(run.stderr, `no such service: ${args.find((word) => /^(constructor|toString|__proto__|hasOwnProperty|valueOf)/.test(word))?.replace('=2', '')}`, args.join(' '));
    }
  });
  test('an unknown service in --attach, --no-attach or --exit-code-from is refused before anything runs, dry-run and --no-start included', async () => {
    const cases: Array<[string[], string]> = [
      [['up', '--attach', 'nosuch', '--dry-run'], 'cannot attach to services not included in up: nosuch'],
      [['up', '--attach', 'web', '--attach', 'nosuch', '--no-start'], 'cannot attach to services not included in up: nosuch'],
      [['up', '--attach', 'nosuch'], 'cannot attach to services not included in up: nosuch'],
      [['up', '--no-attach', 'nosuch', '--dry-run'], 'no such service: nosuch'],
      [['up', '-d', '--no-attach', 'nosuch'], 'no such service: nosuch'],
      [['up', '--exit-code-from', 'nosuch', '--dry-run'], 'no such service: nosuch'],
    ];
    for (const [args, message] of cases) {
      const run = await berth(args, { cwd: dir, env: { DOCKER_BIN: fakeDocker } });
      assert.equal(run.exitCode, 1, args.join(' '));
      assert.equal(run.stderr, message, args.join(' '));
      assert.equal(run.stdout, '', args.join(' '));
    }
    assert.equal(readFileSync(log, 'utf8'), '');
  });
  test('a --format template berth cannot render is refused, naming what is wrong, before any docker command', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['ps', '--format', '{{range .Publishers}}{{.URL}}{{end}}'], /^template parsing error: template: :1: "range" is not supported by berth's --format templates$/],
      [['ps', '--format', 'table {{.Nmae}}'], /^template parsing error: template: :1: can't evaluate field Nmae of a container \(its fields: Command, CreatedAt, /],
      [['ls', '--format', '{{frob .Name}}'], /^template parsing error: template: :1: function "frob" not defined/],
      [['images', '--format', '{{.Tag'], /^template parsing error: template: :1: unclosed action$/],
      [['volumes', '--format', '{{$v := .Name}}'], /^template parsing error: template: :1: variables \("\$v"\) are not supported/],
    ];
    for (const [args, message] of cases) {
      const run = await berth(args, { cwd: dir, env: { DOCKER_BIN: fakeDocker } });
      assert.equal(run.exitCode, 1, args.join(' '));
      assert.match(run.stderr, message, args.join(' '));
      assert.equal(run.stdout, '', args.join(' '));
    }
    assert.equal(readFileSync(log, 'utf8'), '');
  });
  test('not one docker invocation, nothing written', () => {
    assert.equal(readFileSync(log, 'utf8'), '');
    assert.equal(existsSync(home), false, 'install-plugin wrote nothing');
  });
});

describe('help and version', { concurrency: 4 }, () => {
  const version = /^berth version v\d+\.\d+\.\d+\n$/;
  for (const flag of ['--version', '-v']) {
    test(flag, async () => {
      const run = await berth([flag]);
      assert.equal(run.exitCode, 0);
      assert.match(`${run.stdout}\n`, version);
    });
  }
  for (const args of [[], ['help'], ['--help'], ['-h']]) {
    test(`berth ${args.join(' ')}`.trim(), async () => {
      const run = await berth(args, { env: { DOCKER_BIN: fakeDocker } });
      assert.equal(run.exitCode, 0, run.stderr);
      assert.match(run.stdout, /^Usage: {2}berth \[OPTIONS\] COMMAND\n/);
      for (const word of [...COMMAND_WORDS, 'completion', 'help']) assert.match(run.stdout, new RegExp(`^  ${word} +\\S`, 'm'), word);
      assert.match(run.stdout, /^ {2}-v, --version +Show the berth version information$/m);
    });
  }
  for (const args of [['help', 'up'], ['up', '--help'], ['-f', 'x.yml', 'up', '-h']]) {
    test(`berth ${args.join(' ')}: the command's own flags first, then the global ones`, async () => {
      const run = await berth(args, { env: { DOCKER_BIN: fakeDocker } });
      assert.equal(run.exitCode, 0, run.stderr);
      assert.match(run.stdout, /^Usage: {2}berth up \[OPTIONS\] \[SERVICES\.\.\.\]\n\nCreate and start containers\n\nOptions:\n/);
      const own = run.stdout.indexOf('  -d, --detach ');
      const global = run.stdout.indexOf('\nGlobal Options:\n');
      assert.ok(own > 0 && global > own, run.stdout);
      assert.ok(run.stdout.indexOf('  -f, --file ') > global, '-f is --file for up');
    });
  }
  test('logs --help: -f is --follow, so --file is listed without it', async () => {
    const run = await berth(['logs', '--help']);
    assert.match(run.stdout, /^ {2}-f, --follow +Follow log output$/m);
    assert.match(run.stdout, /^ {6}--file stringArray +Compose configuration files$/m);
    assert.doesNotMatch(run.stdout, /-f, --file/);
  });
  test('help for an unknown command is an unknown command', async () => {
    const run = await berth(['help', 'upp']);
    assert.equal(run.exitCode, 1);
    assert.match(run.stderr, /^unknown command "upp" for "berth"\n\nDid you mean this\?\n\tup\n/);
  });
});
