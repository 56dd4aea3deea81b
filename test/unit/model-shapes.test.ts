/**
 * The loaded model keeps V8's fast paths for the planner: services with the same keys share one hidden
 * class, and the names of a long depends_on/links chain do not fill the empty object's transition table.
 * (Either one lost made `up --dry-run` of a 10,000-service chain ~25% slower: reads took V8's slow path.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

for (const kind of ['depends_on', 'links', 'volumes_from']) {
  test(`a 3,000-service ${kind} chain: one hidden class for the services that refer, the empty object's table not full`, () => {
    const output = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', 'test/helpers/model-shapes-probe.ts', kind], { cwd: root, encoding: 'utf8' });
    const shapes = JSON.parse(output) as { services: number; classes: number; fullBefore: boolean; fullAfter: boolean };
    assert.equal(shapes.services, 3000);
    assert.equal(shapes.fullBefore, false);
    // s0 has no reference: two classes in all.
    assert.equal(shapes.classes, 2);
    assert.equal(shapes.fullAfter, false);
  });
}
