import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { repoRoot } from '../helpers/berth.js';
import { asNonRootUser } from '../helpers/as-user.js';

// The npm package, from a clean clone: npm ci (which builds), npm install -g of the directory,
// npm pack + npm install -g of the tarball, npx --package <tarball>; each into a temp prefix, with no
// network after npm ci (--offline), as root and as a non-root user.
const scratch = mkdtempSync(path.join(tmpdir(), 'berth-package-'));
chmodSync(scratch, 0o755);
const clone = path.join(scratch, 'clone');
after(() => rmSync(scratch, { recursive: true, force: true }));

const npmEnv = { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', npm_config_loglevel: 'error' };
const run = async (command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) => {
  const result = await execa(command, args, { cwd: options.cwd ?? scratch, env: { ...npmEnv, ...options.env }, reject: false, all: true, stdin: 'ignore' });
  assert.equal(result.exitCode, 0, `${command} ${args.join(' ')}:\n${String(result.all)}`);
  return String(result.stdout);
};
const VERSION = /^berth version v\d+\.\d+\.\d+$/;

test('from a clean clone: npm ci builds, the package holds bin/ and the bundle only, and every install path runs berth', async () => {
  // A clean clone of the committed tree (a copy without node_modules and dist where there is no git).
  const cloned = await execa('git', ['clone', '-q', repoRoot, clone], { reject: false });
  if (cloned.exitCode !== 0) cpSync(repoRoot, clone, { recursive: true, filter: (source) => !/[/\\](node_modules|dist|\.git)$/.test(source) });
  assert.equal(existsSync(path.join(clone, 'dist')), false, 'nothing built in the clone');
  await run('npm', ['ci', '--prefer-offline'], { cwd: clone });
  assert.equal(existsSync(path.join(clone, 'dist', 'berth.cjs.cache')), true, 'npm ci built the bundle (prepare)');

  const manifest = JSON.parse(readFileSync(path.join(clone, 'package.json'), 'utf8')) as { dependencies?: object; files: string[] };
  assert.equal(manifest.dependencies, undefined, 'the bundle carries everything: no runtime dependencies');

  // npm install -g <dir>: a link to the built clone.
  const linked = path.join(scratch, 'prefix-dir');
  await run('npm', ['install', '-g', '--offline', '--prefix', linked, clone]);
  assert.match(await run(path.join(linked, 'bin', 'berth'), ['version']), VERSION);

  // npm pack, then npm install -g of the tarball: a copy with no node_modules.
  const tarball = path.join(scratch, (await run('npm', ['pack', '--offline', '--pack-destination', scratch], { cwd: clone })).trim().split('\n').pop() as string);
  chmodSync(tarball, 0o644);
  const packed = (await run('tar', ['-tzf', tarball])).split('\n').map((file) => file.replace(/^package\//, '')).sort();
  assert.deepEqual(packed, ['LICENSE', 'README.md', 'bin/berth', 'bin/berth.cjs', 'dist/berth.cjs', 'dist/berth.cjs.cache', 'package.json']);
  const copied = path.join(scratch, 'prefix-tarball');
  await run('npm', ['install', '-g', '--offline', '--prefix', copied, tarball]);
  assert.match(await run(path.join(copied, 'bin', 'berth'), ['version']), VERSION);
  assert.deepEqual(readdirSync(path.join(copied, 'lib', 'node_modules')), ['berth'], 'nothing else installed');
  assert.equal(existsSync(path.join(copied, 'lib', 'node_modules', 'berth', 'node_modules')), false);
  // It runs a real command from the bundle alone (loader, planner, script renderer).
  const config = await run(path.join(copied, 'bin', 'berth'), ['-f', path.join(clone, 'fixtures', 'flask-redis', 'compose.yaml'), 'config', '--services']);
  assert.equal(config, 'web\nredis');

  // npx --package <tarball> berth
  assert.match(await run('npx', ['--yes', '--offline', '--package', tarball, 'berth', 'version'], { env: { npm_config_cache: path.join(scratch, 'npx-cache') } }), VERSION);

  // The same as a non-root user, with its own HOME and prefix.
  const user = asNonRootUser();
  const as = (args: string[]) => (user.prefix.length === 0 ? args : [...user.prefix, ...args]);
  const userEnv = { HOME: user.home, PATH: process.env['PATH'] ?? '', npm_config_cache: path.join(user.home, '.npm') };
  const userPrefix = path.join(user.home, 'prefix');
  const [installer, ...installArgs] = as(['npm', 'install', '-g', '--offline', '--prefix', userPrefix, tarball]);
  await run(installer as string, installArgs, { cwd: user.home, env: userEnv });
  const [berthCommand, ...berthArgs] = as([path.join(userPrefix, 'bin', 'berth'), 'version']);
  assert.match(await run(berthCommand as string, berthArgs, { cwd: user.home, env: userEnv }), VERSION);
  const [npx, ...npxArgs] = as(['npx', '--yes', '--offline', '--package', tarball, 'berth', 'version']);
  assert.match(await run(npx as string, npxArgs, { cwd: user.home, env: userEnv }), VERSION);
  rmSync(user.home, { recursive: true, force: true });
});
