/**
 * Seeded fuzzing of the loader (scripts/fuzz-config-lib.mjs): mutated fixture and seed compose files
 * (byte flips, deleted/swapped/duplicated lines, type swaps, huge numbers, deep nesting, aliases,
 * unicode, NUL, `__proto__`/`constructor` keys) load in-process to a project or a UserError, never
 * another exception; a sample runs through the real CLI (`config`, and `up --dry-run` with no
 * engine) and ends in exit 0 or a located error within the memory bound. The 2 s time bound is
 * measured by scripts/fuzz-config.mjs; here only runaway times fail (the suite shares the machine).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadProject } from '../../src/config/load.js';
import { UserError } from '../../src/model/errors.js';
import { corpus, judge, MEMORY_LIMIT_KIB, mutant, randomGenerator, runBerth } from '../../scripts/fuzz-config-lib.mjs';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261201);
const IN_PROCESS_RUNS = 1500;
const CLI_RUNS = 16;
const RUNAWAY_MS = 30_000;

test(`${IN_PROCESS_RUNS} mutated compose files load or fail with a UserError (seed ${SEED})`, () => {
  const random = randomGenerator(SEED);
  const files = corpus();
  for (let run = 0; run < IN_PROCESS_RUNS; run++) {
    const text = mutant(files, random);
    try {
      loadProject({ workingDir: '/fuzz', files: [{ path: '/fuzz/compose.yaml', text }], environment: {}, readFile: () => undefined });
    } catch (error) {
      if (!(error instanceof UserError)) assert.fail(`run ${run}: ${error instanceof Error ? error.stack : String(error)}\n--- input ---\n${text.slice(0, 2000)}`);
      // The project name is not located in compose either (it may come from -p or the environment).
      assert.match(error.message, /^\/fuzz\/compose\.yaml(:\d+:\d+)?: |^project name must not be empty|^invalid project name/, `run ${run}: unlocated: ${error.message}`);
    }
  }
});

test(`${CLI_RUNS} mutated compose files through the CLI end in exit 0 or a located error, in bound (seed ${SEED})`, async () => {
  const random = randomGenerator(SEED + 1);
  const files = corpus();
  for (let run = 0; run < CLI_RUNS; run++) {
    const text = mutant(files, random);
    const outcome = await runBerth(text, run % 4 === 3 ? ['up', '--dry-run'] : ['config']);
    const problem = judge({ ...outcome, ms: Math.min(outcome.ms, 0) }, outcome.composeFile);
    assert.equal(problem, undefined, `run ${run}: ${problem}\n${outcome.stderr.slice(0, 2000)}\n--- input ---\n${text.slice(0, 2000)}`);
    assert.ok(outcome.maxRssKiB > 0 && outcome.maxRssKiB <= MEMORY_LIMIT_KIB, `run ${run}: max RSS ${outcome.maxRssKiB} KiB`);
    assert.ok(outcome.ms < RUNAWAY_MS, `run ${run}: ${outcome.ms} ms`);
  }
});
