import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { renderModel } from '../../src/cli/render-model.js';
import { yamlText } from '../../src/cli/yaml-writer.js';
import { loadFixtureDir } from '../helpers/load.js';

const yamlStringify = (tree: unknown): string => stringify(tree, { aliasDuplicateObjects: false, lineWidth: 0 });

/** Every fixture directory with a compose file that loads. */
function fixtureDirs(root: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(root, entry.name);
    if (readdirSync(dir).some((name) => /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(name))) found.push(dir);
    found.push(...fixtureDirs(dir));
  }
  return found;
}

test('config output of every fixture that loads is what yaml.stringify prints', () => {
  let compared = 0;
  for (const dir of fixtureDirs(path.resolve(import.meta.dirname, '..', '..', 'fixtures'))) {
    let model: Record<string, unknown>;
    try {
      model = renderModel(loadFixtureDir(dir, '/project/app', { environment: { HOME: '/home/user' } }));
    } catch {
      continue; // the malformed corpora: refused at load, nothing to print
    }
    assert.equal(yamlText(model), yamlStringify(model), dir);
    compared++;
  }
  assert.ok(compared > 40, `${compared} fixtures compared`);
});

const awkward = ['', ' ', '-', '- x', '? x', 'a: b', 'a:b', 'a #b', 'a#b', '#x', 'x:', 'x ', ' x', '42', '-1', '0x1F', '0o17', '1e3', '.5', '.inf', '-.Inf', '.nan', 'true', 'False', 'NULL', '~', 'null',
  'yes', 'on', '---', '--- x', '...', '%x', 'a\nb', 'a\n\nb', 'a\n', 'a\n\n', '\na', ' a\nb', 'a \nb', 'tab\there', 'nul\u0000', 'bell\u0007', '\u00e9t\u00e9', 'emoji \u{1F600}', 'lone \uD800',
  '"quoted"', "'single'", '[x]', '{x}', 'a,b', '*ref', '&anchor', '!tag', '|', '>', '@at', '`tick`', 'x'.repeat(1200), 'k=v', 'http://h:80/p', '$HOME', '${X:-y}', 'a\\b',
  '0.5', '+12', '12e-3', '-0', '007', 'Null', 'TRUE', '0b101', '1:20', '1_000', '-.5e+3'];

const scalar = fc.oneof(fc.constantFrom(...awkward), fc.string(), fc.string({ unit: 'binary' }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const key = fc.oneof(fc.constantFrom(...awkward), fc.string({ minLength: 1, maxLength: 8 }), fc.stringMatching(/^[a-z_][a-z0-9_.-]{0,12}$/));
const { tree } = fc.letrec<{ tree: Record<string, unknown>; node: unknown; list: unknown[] }>((tie) => ({
  tree: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
  list: fc.array(tie('node'), { maxLength: 4 }),
  node: fc.oneof({ depthSize: 'small' }, scalar, tie('tree'), tie('list')),
}));

test('any tree of mappings, lists and scalars is written as yaml.stringify writes it', () => {
  fc.assert(fc.property(tree, (value) => yamlText(value) === yamlStringify(value)), { numRuns: 3000, seed: 10 });
});

test('multi-line and quoted values keep their indentation at every depth', () => {
  const value = { a: { b: [{ c: 'x\n  y\n\nz\n', d: ['p\nq', ' lead\nx'] }], e: 'it: is' }, f: [['m\nn'], []], g: {} };
  assert.equal(yamlText(value), yamlStringify(value));
});
