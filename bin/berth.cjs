#!/usr/bin/env node
'use strict';
// Runs berth from its bundle, dist/berth.cjs (npm run build), with V8's code cache beside it: the
// script is compiled from the cache instead of from source, which is most of berth's start-up.
// A missing or rejected cache (another Node version) costs only speed; the run then writes a new one.
// CommonJS on purpose: an ES module entry costs Node ~7 ms more to start.
// bin/berth hands NODE_EXTRA_CA_CERTS over under another name (Node would spend start-up time on it).
if (process.env.BERTH_NODE_EXTRA_CA_CERTS !== undefined) {
  process.env.NODE_EXTRA_CA_CERTS = process.env.BERTH_NODE_EXTRA_CA_CERTS;
  delete process.env.BERTH_NODE_EXTRA_CA_CERTS;
}

const { isAscii } = require('node:buffer');
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const bundle = path.resolve(__dirname, '..', 'dist', 'berth.cjs');

// V8 takes a code cache only from a Node run with the same V8 flags. bin/berth runs Node with
// BIN_BERTH_FLAGS (test/unit/launcher-flags.test.ts holds the two the same): its cache is the one
// the build warms and the package ships. A run without flags (`node bin/berth.cjs`, as the tests do) keeps a cache of its own, so
// the two never reject and rewrite each other's; a run with other flags (a profiler) keeps none.
const BIN_BERTH_FLAGS = '--max-semi-space-size=4';
const flags = process.execArgv.join(' ');
const cacheFile = flags === BIN_BERTH_FLAGS ? `${bundle}.cache` : flags === '' ? `${bundle}.plain.cache` : undefined;

function readCache() {
  if (cacheFile === undefined) return undefined;
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

function writeCache(script) {
  if (cacheFile === undefined) return;
  try {
    const temporary = `${cacheFile}.${process.pid}`;
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile);
  } catch {
    // A read-only installation simply runs without a cache.
  }
}

const cachedData = readCache();
// The bundle is pure ASCII (scripts/bundle.mjs checks it): read as latin1, V8 takes the bytes as a
// one-byte string at once, where decoding 1.4 MB as UTF-8 costs ~20 ms here.
const source = readFileSync(bundle);
const text = isAscii(source) ? source.latin1Slice(0, source.length) : source.toString('utf8');
// scripts/bundle.mjs writes the bundle already wrapped as a CommonJS module function.
const WRAPPER_START = '(function (exports, require, module, __filename, __dirname) {';
const wrapped = text.startsWith(WRAPPER_START) ? text : `${WRAPPER_START}${text}\n})`;
const script = new vm.Script(wrapped, {
  filename: bundle,
  ...(cachedData === undefined ? {} : { cachedData }),
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
const bundled = { exports: {} };
script.runInThisContext().call(bundled.exports, bundled.exports, createRequire(bundle), bundled, bundle, path.dirname(bundle));
bundled.exports.main(process.argv.slice(2)).then((exitCode) => {
  process.exitCode = exitCode;
  if (cachedData === undefined || script.cachedDataRejected === true) writeCache(script);
});
