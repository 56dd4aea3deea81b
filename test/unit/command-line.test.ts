import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCommand, readRoot, type CommandLine } from '../../src/cli/command-line.js';
import { loadCommands } from '../../src/cli/commands/index.js';
import { addGlobalOptions } from '../../src/cli/global-options.js';
import { commandSpec, recordOptions } from '../../src/cli/option-spec.js';

const globals = recordOptions(addGlobalOptions);

/** The command line as berth reads it (what main hands to yargs, or the help request). */
async function read(args: string[]): Promise<CommandLine> {
  const root = readRoot(args, globals, 'berth');
  const [module] = await loadCommands(args[root.commandIndex]);
  return readCommand(args, root, commandSpec(module!), globals, 'berth');
}

async function canonical(args: string[]): Promise<readonly string[]> {
  const line = await read(args);
  assert.equal(line.kind, 'run');
  return line.kind === 'run' ? line.args : [];
}

/** The first line of the usage error `args` give. */
async function problem(args: string[]): Promise<string> {
  try {
    await read(args);
  } catch (error) {
    return (error as Error).message.split('\n')[0] as string;
  }
  return assert.fail(`no error for ${args.join(' ')}`);
}

test('exec and run: flags stop at the service name', async () => {
  assert.deepEqual(await canonical(['exec', 'web', 'ls', '-la']), ['exec', 'web', '--', 'ls', '-la']);
  assert.deepEqual(await canonical(['exec', '-T', '-u', 'root', '-e', 'A=1', 'web', 'sh', '-c', 'x']), ['exec', '--env=A=1', '--no-tty=true', '--user=root', 'web', '--', 'sh', '-c', 'x']);
  assert.deepEqual(await canonical(['-f', 'a.yml', '-p', 'x', 'run', '--rm', 'app', 'tail', '-f']), ['run', '--file=a.yml', '--project-name=x', '--rm=true', 'app', '--', 'tail', '-f']);
  assert.deepEqual(await canonical(['exec', 'web', '--', 'ls']), ['exec', 'web', '--', 'ls'], 'an explicit -- is kept');
});

test('a command short flag shadows the global one only after the command word', async () => {
  assert.deepEqual(await canonical(['-f', 'x.yml', 'logs', '-f', 'web']), ['logs', '--file=x.yml', '--follow=true', 'web']);
  assert.deepEqual(await canonical(['run', '-p', '80:80', 'app']), ['run', '--publish=80:80', 'app', '--']);
  assert.deepEqual(await canonical(['up', '-f', 'a.yml']), ['up', '--file=a.yml']);
});

test('pflag forms: clusters, attached values, =, stdin, last value wins', async () => {
  assert.deepEqual(await canonical(['up', '-dV', '-t5', 'web']), ['up', '--detach=true', '--renew-anon-volumes=true', '--timeout=5', 'web']);
  assert.deepEqual(await canonical(['-f', '-', 'config']), ['config', '--file=-']);
  assert.deepEqual(await canonical(['down', '-t', '1', '--timeout=2', '--volumes=false']), ['down', '--timeout=2', '--volumes=false']);
  assert.deepEqual(await canonical(['up', '--scale', 'web=2', '--scale=db=0']), ['up', '--scale=web=2', '--scale=db=0']);
  assert.deepEqual(await canonical(['cp', 'web:/a', '-']), ['cp', 'web:/a', '-']);
});

test('help is asked for anywhere, after the flags are checked', async () => {
  assert.deepEqual(await read(['up', '-d', '--help']), { kind: 'help', command: 'up' });
  assert.deepEqual(await read(['--help', 'down']), { kind: 'help', command: 'down' });
  assert.deepEqual(await read(['port', '-h']), { kind: 'help', command: 'port' }, 'missing arguments do not stop help');
  assert.equal(await problem(['up', '--bogus', '--help']), 'unknown flag: --bogus');
});

test('usage errors are worded as docker compose words them', async () => {
  assert.equal(await problem(['down', '--timout', '1']), 'unknown flag: --timout');
  assert.equal(await problem(['up', '-dx']), "unknown shorthand flag: 'x' in -dx");
  assert.equal(await problem(['down', '-t']), "flag needs an argument: 't' in -t");
  assert.equal(await problem(['down', '--timeout']), 'flag needs an argument: --timeout');
  assert.equal(await problem(['down', '-t', 'abc']), 'invalid argument "abc" for "-t, --timeout" flag: strconv.ParseInt: parsing "abc": invalid syntax');
  assert.equal(await problem(['--parallel', 'x', 'up']), 'invalid argument "x" for "--parallel" flag: strconv.ParseInt: parsing "x": invalid syntax');
  assert.equal(await problem(['up', '--detach=maybe']), 'invalid argument "maybe" for "-d, --detach" flag: strconv.ParseBool: parsing "maybe": invalid syntax');
  assert.equal(await problem(['config', '--format', 'xml']), 'invalid argument "xml" for "--format" flag: valid values are "yaml", "json"');
  assert.equal(await problem(['up', '--scale', 'web=x']), 'invalid argument "web=x" for "--scale" flag: should be SERVICE=NUM');
  assert.equal(await problem(['scale', 'web=x']), "invalid scale specifier: can't parse replica value as int: web=x");
  assert.equal(await problem(['scale', 'web']), 'invalid scale specifier: web');
  assert.equal(await problem(['scale']), '"berth scale" requires at least 1 argument');
  assert.equal(await problem(['exec', 'web']), '"berth exec" requires at least 2 arguments');
  assert.equal(await problem(['port', 'web', '80', '90']), '"berth port" requires exactly 2 arguments');
  assert.equal(await problem(['ls', 'extra']), '"berth ls" accepts no arguments');
  assert.equal(await problem(['up', '--', '-web']), 'invalid argument "-web": up takes no argument starting with "-"');
});

test('a usage error shows the usage line and where help is; an unknown flag suggests the known one', async () => {
  await assert.rejects(read(['down', '--timout', '1']), {
    message: "unknown flag: --timout\n\nDid you mean this?\n\t--timeout\n\nUsage:  berth down [OPTIONS] [SERVICES...]\n\nRun 'berth down --help' for more information",
  });
});
