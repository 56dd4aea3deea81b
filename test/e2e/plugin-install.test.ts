import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { berth, fixturesDir } from '../helpers/berth.js';

// install-plugin / uninstall-plugin with the real docker CLI, in a temp HOME and DOCKER_CONFIG.
const home = mkdtempSync(path.join(tmpdir(), 'berth-plugin-home-'));
const config = path.join(home, 'docker-config');
const plugins = path.join(config, 'cli-plugins');
const plugin = path.join(plugins, 'docker-compose');
const env = { HOME: home, DOCKER_CONFIG: config };
after(() => rmSync(home, { recursive: true, force: true }));

/** Stands for the real docker compose plugin a user may have: answers the plugin protocol. */
const FOREIGN = `#!/bin/sh
if [ "$1" = docker-cli-plugin-metadata ]; then
  echo '{"SchemaVersion":"0.1.0","Vendor":"Docker Inc.","Version":"v2.99.0","ShortDescription":"Docker Compose"}'
  exit 0
fi
echo "Docker Compose version v2.99.0"
`;

const dockerCompose = (args: string[], cwd?: string) => execa('docker', ['compose', ...args], { env, reject: false, ...(cwd === undefined ? {} : { cwd }) });

test("install-plugin refuses another docker-compose unless --force, keeps it, and uninstall-plugin puts it back", async () => {
  mkdirSync(plugins, { recursive: true });
  writeFileSync(plugin, FOREIGN);
  chmodSync(plugin, 0o755);
  assert.equal((await dockerCompose(['version'])).stdout, 'Docker Compose version v2.99.0');

  const refused = await berth(['install-plugin'], { env });
  assert.equal(refused.exitCode, 1);
  assert.equal(refused.stderr, `${plugin} exists and is not berth's (another docker compose?): not replacing it; use --force to replace it (it is kept and uninstall-plugin puts it back)`);
  assert.equal(readFileSync(plugin, 'utf8'), FOREIGN, 'left as it was');

  const forced = await berth(['install-plugin', '--force'], { env });
  assert.equal(forced.exitCode, 0, forced.stderr);
  assert.match(forced.stdout, /^kept the previous plugin as .*\.docker-compose\.berth-backup$/m);
  assert.match((await dockerCompose(['version'])).stdout, /^berth version v\d+\.\d+\.\d+$/);
  const plugins_ = await execa('docker', ['info', '--format', '{{json .ClientInfo.Plugins}}'], { env, reject: false });
  assert.doesNotMatch(String(plugins_.stdout), /berth-backup/, 'the backup is no plugin candidate for docker');

  const again = await berth(['install-plugin'], { env });
  assert.equal(again.exitCode, 0, 'replacing its own wrapper needs no --force');
  assert.doesNotMatch(again.stdout, /kept the previous plugin/);

  const removed = await berth(['uninstall-plugin'], { env });
  assert.equal(removed.exitCode, 0, removed.stderr);
  assert.equal(removed.stdout, `removed berth's plugin and restored the previous ${plugin}`);
  assert.equal(readFileSync(plugin, 'utf8'), FOREIGN);
  assert.equal((await dockerCompose(['version'])).stdout, 'Docker Compose version v2.99.0');

  const notOurs = await berth(['uninstall-plugin'], { env });
  assert.equal(notOurs.exitCode, 1);
  assert.equal(notOurs.stderr, `${plugin} is not berth's plugin: leaving it in place`);
});

test('without another plugin: install, then uninstall removes it; nothing there is an error', async () => {
  rmSync(plugins, { recursive: true, force: true });
  const installed = await berth(['install-plugin'], { env });
  assert.equal(installed.exitCode, 0, installed.stderr);
  assert.equal(installed.stdout, `installed ${plugin}: \`docker compose\` now runs berth`);
  const removed = await berth(['uninstall-plugin'], { env });
  assert.equal(removed.stdout, `removed ${plugin}`);
  assert.equal(existsSync(plugin), false);
  const nothing = await berth(['uninstall-plugin'], { env });
  assert.equal(nothing.exitCode, 1);
  assert.equal(nothing.stderr, `no docker-compose plugin in ${plugins}: nothing to uninstall`);
});

test('as a plugin, help and messages say docker compose', async () => {
  assert.equal((await berth(['install-plugin'], { env })).exitCode, 0);
  const help = await dockerCompose(['--help']);
  assert.equal(help.exitCode, 0, help.stderr);
  assert.match(help.stdout, /^Usage:  docker compose \[OPTIONS\] COMMAND$/m);
  assert.match(help.stdout, /^ {2}up {2,}Create and start containers$/m);
  assert.match(help.stdout, /^Run 'docker compose COMMAND --help' for more information on a command\.$/m);
  assert.doesNotMatch(help.stdout, /\bberth (up|down|ps|\[)/);
  const upHelp = await dockerCompose(['up', '--help']);
  assert.match(upHelp.stdout, /^Usage: {2}docker compose up \[OPTIONS\] \[SERVICES\.\.\.\]$/m);
  const bare = await dockerCompose([]);
  assert.equal(bare.exitCode, 0, bare.stderr);
  assert.match(bare.stdout, /^Usage: {2}docker compose \[OPTIONS\] COMMAND$/m);
  const misspelt = await dockerCompose(['upp']);
  assert.match(misspelt.stderr, /^unknown command "upp" for "docker compose"/);
  const dry = await dockerCompose(['up', '--dry-run'], path.join(fixturesDir, 'flask-redis'));
  assert.equal(dry.exitCode, 0, dry.stderr);
  assert.match(dry.stdout, /^# docker compose up --dry-run: /m);
  assert.equal((await berth(['uninstall-plugin'], { env })).exitCode, 0);
});
