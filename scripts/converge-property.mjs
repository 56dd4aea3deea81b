#!/usr/bin/env node
// Convergence property, long run (prints figures; not a test): `runs` seeded random projects from
// `seed` on, each put through `rounds` random edits with `up -d` after each, then compared with a
// fresh `up -d` of the final file, and checked for a no-op `up -d`. Failing seeds are printed with
// what differed. Usage: node scripts/converge-property.mjs [seed=1] [rounds=12] [runs=20]
// Needs: npm run build, the local image berth-test/busybox:latest, a reachable engine (DOCKER_HOST).
import { register } from 'tsx/esm/api';

register();
const { runProperty, describeFailure } = await import('../test/helpers/converge-property.ts');
const seed = Number(process.argv[2] ?? 1);
const rounds = Number(process.argv[3] ?? 12);
const runs = Number(process.argv[4] ?? 20);
let failed = 0;
let ups = 0;
let edits = 0;
const started = Date.now();
for (let index = 0; index < runs; index++) {
  const outcome = await runProperty(seed + index, rounds);
  ups += outcome.ups;
  edits += outcome.edits.length;
  if (outcome.failures.length > 0) {
    failed++;
    console.log(describeFailure(outcome, rounds));
  } else {
    console.log(`seed ${outcome.seed}: ok (${outcome.edits.length} edits, ${outcome.ups} ups, ${(outcome.milliseconds / 1000).toFixed(1)} s)`);
  }
}
const seconds = (Date.now() - started) / 1000;
console.log(`\n${runs} projects, ${edits} edits, ${ups} up -d in ${seconds.toFixed(0)} s (${(seconds * 1000 / ups).toFixed(0)} ms per up): ${failed} failing`);
process.exit(failed === 0 ? 0 : 1);
