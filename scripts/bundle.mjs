// Build step (after tsc and compile-schema): bundles berth into one CommonJS script, dist/berth.cjs,
// then warms V8's code cache for it (dist/berth.cjs.cache) with one representative run.
// Why: Node 20 has no compile cache for ES modules; loading ~90 separate modules and compiling them
// cost more than a no-op `up` spends waiting on docker. bin/berth.cjs loads the bundle with the cache.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// What bin/berth.cjs expects around the bundle (it checks the start).
const MODULE_WRAPPER_START = '(function (exports, require, module, __filename, __dirname) {';
const MODULE_WRAPPER_END = '\n})';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'dist', 'berth.cjs');

// The entry hands the generated schema validator to the loader, so that it is bundled (and cached) too.
const entry = `
export { main } from './src/cli/main.ts';
import { useGeneratedValidator } from './src/config/schema/validate-schema.ts';
useGeneratedValidator(require('./dist/config/schema/compiled-validator.cjs'));
`;

// cliui imports string-width; every other importer (only src/cli/text-width.ts) gets the real one.
const lazyStringWidth = {
  name: 'lazy-string-width',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^string-width$/ }, (args) => (args.importer.endsWith(path.join('cli', 'text-width.ts')) ? undefined : { path: path.join(root, 'src', 'cli', 'text-width.ts') }));
  },
};

// yargs guesses its program's version by walking up from the bundle for a package.json (a readdir
// per directory, ~30 ms of every run here); berth has its own version command and reads no yargs
// settings from package.json, so the bundle's yargs finds none.
const noPackageLookup = {
  name: 'no-package-lookup',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^escalade\/sync$/ }, () => ({ path: 'escalade-sync', namespace: 'berth-stub' }));
    pluginBuild.onLoad({ filter: /.*/, namespace: 'berth-stub' }, () => ({ contents: 'export default function findUp() { return undefined; }', loader: 'js' }));
  },
};

await build({
  stdin: { contents: entry, resolveDir: root, sourcefile: 'bundle-entry.ts', loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outfile,
  // ES modules in the bundle (yargs' shim, ours) read import.meta.url: give them the bundle's own URL.
  define: { 'import.meta.url': '__berth_bundle_url' },
  // The bundle is written as the function bin/berth.cjs compiles: wrapping it there would copy 1.5 MB
  // of source into a new string, fresh memory that costs ~600 page faults (~10 ms here) every run.
  banner: { js: `${MODULE_WRAPPER_START}var __berth_bundle_url = require("node:url").pathToFileURL(__filename).href;` },
  footer: { js: MODULE_WRAPPER_END },
  plugins: [lazyStringWidth, noPackageLookup],
  // Whitespace and syntax only: names stay, so an internal error's stack still reads.
  minifyWhitespace: true,
  minifySyntax: true,
  // Non-ASCII text is escaped: bin/berth.cjs reads an all-ASCII bundle without decoding UTF-8.
  charset: 'ascii',
  logLevel: 'warning',
});

const nonAscii = readFileSync(outfile).findIndex((byte) => byte > 0x7f);
if (nonAscii !== -1) {
  console.error(`bundle: ${outfile} has a non-ASCII byte at offset ${nonAscii} (write \\u escapes in regular expression literals)`);
  process.exit(1);
}

// Warm-up: bin/berth.cjs writes the cache after a run when none is there, with every function that
// run compiled. The run is an `up -d` whose docker is a stand-in answering nothing (an empty engine):
// it goes through the loader, observe, the planner and the executor, as a real `up` does, and
// changes nothing anywhere. A cache is for one set of V8 flags (see bin/berth.cjs): the run goes
// once through bin/berth, with this Node (the cache the package ships), once as `node bin/berth.cjs`
// (the one the tests use).
rmSync(`${outfile}.cache`, { force: true });
rmSync(`${outfile}.plain.cache`, { force: true });
const stand = mkdtempSync(path.join(tmpdir(), 'berth-warm-up-'));
writeFileSync(path.join(stand, 'docker'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
const warmUpArgs = ['-f', path.join(root, 'fixtures', 'flask-redis', 'compose.yaml'), '-p', 'berth-warm-up', 'up', '-d', '--no-build'];
const warmUpEnv = { ...process.env, BERTH_NODE: process.execPath, COMPOSE_PROGRESS: 'quiet', DOCKER_BIN: path.join(stand, 'docker'), BERTH_LOCK_DIR: stand };
spawnSync(path.join(root, 'bin', 'berth'), warmUpArgs, { stdio: 'ignore', env: warmUpEnv });
spawnSync(process.execPath, ['--', path.join(root, 'bin', 'berth.cjs'), ...warmUpArgs], { stdio: 'ignore', env: warmUpEnv });
rmSync(stand, { recursive: true, force: true });
