#!/usr/bin/env node
'use strict';
// Runs bin/berth.cjs in this process and, when it exits, writes its peak memory (max RSS, KiB) to
// the file named by the first argument: the figure the fuzz test and scripts/fuzz-config.mjs check.
// Usage: node scripts/measured-berth.cjs OUTFILE BERTH-ARGS...
const { writeFileSync } = require('node:fs');
const path = require('node:path');

const [outFile, ...args] = process.argv.slice(2);
const berthBin = path.resolve(__dirname, '..', 'bin', 'berth.cjs');
process.on('exit', () => writeFileSync(outFile, String(process.resourceUsage().maxRSS)));
process.argv = [process.argv[0], berthBin, ...args];
require(berthBin);
