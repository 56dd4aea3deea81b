#!/usr/bin/env node
// The long fuzz run: node scripts/fuzz-config.mjs [ITERATIONS=300] [SEED=1] (after npm run build).
// Runs mutated fixture/seed compose files and the structural extremes (scripts/fuzz-config-lib.mjs)
// through the built CLI — `config`, and `up --dry-run` with no engine for every fourth — and prints
// the figures: outcomes, wall time and peak memory per run, and every run that broke a rule.
import { corpus, extremes, judge, mutant, randomGenerator, runBerth } from './fuzz-config-lib.mjs';

const iterations = Number(process.argv[2] ?? 300);
const seed = Number(process.argv[3] ?? 1);
const random = randomGenerator(seed);
const files = corpus();
const runs = [];
const failures = [];

async function one(label, text, args) {
  const outcome = await runBerth(text, args);
  const problem = judge(outcome, outcome.composeFile);
  runs.push({ label, bytes: Buffer.byteLength(text), ...outcome });
  if (problem !== undefined) failures.push(`${label} (${args.join(' ')}): ${problem}`);
}

for (const [name, text] of Object.entries(extremes())) {
  for (const args of [['config'], ['up', '--dry-run']]) await one(name, text, args);
}
for (let index = 0; index < iterations; index++) await one(`mutant ${index}`, mutant(files, random), index % 4 === 3 ? ['up', '--dry-run'] : ['config']);

const times = runs.map((run) => run.ms).sort((a, b) => a - b);
const at = (fraction) => times[Math.min(times.length - 1, Math.floor(fraction * times.length))];
const slowest = [...runs].sort((a, b) => b.ms - a.ms)[0];
const biggest = [...runs].sort((a, b) => b.maxRssKiB - a.maxRssKiB)[0];
console.log(`seed ${seed}: ${runs.length} runs (${Object.keys(extremes()).length * 2} extremes, ${iterations} mutants)`);
console.log(`exit 0: ${runs.filter((run) => run.exitCode === 0).length}, exit 1: ${runs.filter((run) => run.exitCode === 1).length}`);
console.log(`wall ms: median ${at(0.5)}, p95 ${at(0.95)}, max ${slowest.ms} (${slowest.label})`);
console.log(`max RSS: ${Math.round(biggest.maxRssKiB / 1024)} MiB (${biggest.label}); largest input ${Math.max(...runs.map((run) => run.bytes))} bytes`);
for (const run of runs.filter((candidate) => candidate.label.includes(' of ') || !candidate.label.startsWith('mutant'))) {
  if (!run.label.startsWith('mutant')) console.log(`  ${run.label}: exit ${run.exitCode}, ${run.ms} ms, ${Math.round(run.maxRssKiB / 1024)} MiB`);
}
console.log(failures.length === 0 ? 'no rule broken' : `${failures.length} broken:\n  ${failures.join('\n  ')}`);
process.exitCode = failures.length === 0 ? 0 : 1;
