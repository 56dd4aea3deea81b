/**
 * The fast reader of plain YAML (src/config/yaml-plain-subset.ts) against the full path (yaml's
 * composer, then yaml-tree.ts): on every compose file of fixtures/ and the seeds, on thousands of
 * seeded mutations of them and on hand-written edge cases, it either gives up or gives the same tree,
 * keys in the same order, every scalar of the same type; and a file the full path refuses is refused
 * with the same located message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlDocuments, parseYamlDocumentsFully, typePlainScalar } from '../../src/config/yaml-source.js';
import { readPlainSubset } from '../../src/config/yaml-plain-subset.js';
import { MAX_DEPTH, MAX_NODES } from '../../src/config/yaml-limits.js';
// @ts-expect-error -- plain JavaScript shared with the fuzz script
import { corpus, mutate, randomGenerator } from '../../scripts/fuzz-config-lib.mjs';
// @ts-expect-error -- plain JavaScript shared with the benchmark
import { largeInputs } from '../../scripts/large-inputs-lib.mjs';

const FILE = '/p/compose.yaml';
const limits = { maxNodes: MAX_NODES, maxDepth: MAX_DEPTH };
const fast = (text: string) => readPlainSubset(text, typePlainScalar, limits);

/** The tree as text that tells key order, -0, NaN, numbers from strings and null from absence. */
function shape(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(shape).join(',')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${shape(item)}`).join(',')}}`;
  if (typeof value === 'number') return Object.is(value, -0) ? 'n:-0' : `n:${value}`;
  return `${typeof value}:${String(value)}`;
}

function outcome(parse: () => ReturnType<typeof parseYamlDocuments>): string {
  try {
    return parse().map((source) => `${shape(source.tree)} resets ${JSON.stringify(source.resets)} overrides ${JSON.stringify(source.overrides)} empty ${source.empty === true}`).join('\n---\n');
  } catch (error) {
    return `error ${(error as Error).message}`;
  }
}

/** Both paths agree; returns whether the fast reader took the file. */
function agrees(text: string, label: string): boolean {
  const taken = fast(text) !== undefined;
  assert.equal(outcome(() => parseYamlDocuments(FILE, text)), outcome(() => parseYamlDocumentsFully(FILE, text)), `${label}\n${text.slice(0, 2000)}`);
  return taken;
}

test('plain subset: every fixture and seed compose file reads the same as through the full path', () => {
  const files: string[] = corpus();
  const taken = files.filter((text, index) => agrees(text, `corpus file ${index}`)).length;
  // Most real files are plain: the fast reader must not silently stop taking them.
  assert.ok(taken >= files.length * 0.6, `fast reader took ${taken} of ${files.length} files`);
});

test('plain subset: 2,500 seeded mutations of them read the same, or are refused with the same message', () => {
  const files: string[] = corpus();
  const random = randomGenerator(20261202);
  let taken = 0;
  for (let run = 0; run < 2500; run++) {
    let text = random.pick(files);
    const mutations = 1 + random.below(3);
    for (let index = 0; index < mutations; index++) text = mutate(text, random);
    if (agrees(text, `mutation ${run}`)) taken++;
  }
  assert.ok(taken > 600, `fast reader took ${taken} of 2500 mutants`);
});

test('plain subset: the large inputs of the speed bound are taken by the fast reader, and read the same', () => {
  for (const [name, text] of Object.entries(largeInputs(2000) as Record<string, string>)) {
    assert.ok(agrees(text, name), `${name} fell back to the full path`);
  }
});

test('plain subset: edge cases read the same as through the full path', () => {
  const cases = [
    'a: 1\nb: 1.50\nc: 0x1F\nd: 0644\ne: -0\nf: .inf\ng: -.Inf\nh: .nan\ni: ~\nj: null\nk:\nl: true\nm: False\nn: 1e3\no: +12\np: 0o17\nq: "1"\nr: \'it\'\'s\'\ns: yes\n',
    '1: a\n1.0: b\nnull: c\ntrue: d\n"q": e\n\'s q\': f\n',
    'a:\n- x\n- y\nb: [1, "2", \'3\', {c: d}]\nc: {e: [f, g], h: {i: j}}\nd: []\ne: {}\n',
    'a:\n  - name: x\n    value: y\n  -   k: v\n      l: w\n  - - nested\n    - more\n  -\n  - # comment\n    q: r\n',
    'a: b # comment\n# full line\n   # indented comment\nc: "d" # comment\ne: [f] # comment\ng: h#not-comment\n',
    'a: b: c\n', 'a: - b\n', 'a:\n  b\n', 'a: b\n  c\n', 'a:\n  b: 1\n c: 2\n', 'a:\n  b: 1\n   c: 2\n', 'a: [b,\n  c]\n', 'a: "b\n  c"\n',
    'a: 1\na: 2\n', 'a: {b: 1, b: 2}\n', 'a: [b, , c]\n', 'a: [b,]\n', 'a: {b}\n', 'a: {b:c}\n', 'a: "x\\ty"\n', 'a: &x 1\nb: *x\n',
    'a: !reset []\n', '<<: {a: 1}\n', 'a: |\n  text\n', 'a: >\n  text\n', '- a\n', 'a\n', '"a":b\n', '? a\n: b\n', '---\na: 1\n', 'a: 1\n---\nb: 2\n',
    'a: `x`\n', 'a: @x\n', 'a: %x\n', 'a: ,x\n', 'a: x,y\n', 'a: [x y, "z"]\n', 'a: [a:b]\n', 'a: [a: b]\n', 'a: {"b": c, \'d\': e}\n',
    '', '\n\n', '# only a comment\n', 'a:\n', 'x: 1\n  # indented comment after\ny: 2\n', 'a: [[[]]]\n', 'a: {b: {c: {}}}\n',
    'a:\n    - b\n    - c\nd: e\n', 'a:\n- b\n- c\nd: e\n', 'a:\n  - b\n - c\n', '__proto__: {privileged: true}\nconstructor: 1\n',
    'a: "${X:-y}"\nb: ${X}\nc: $${X}\n', 'a: "é中"\nb: é\n', 'a: "unterminated\n', "a: 'unterminated\n", 'a: b # c: d\n',
  ];
  for (const text of cases) agrees(text, JSON.stringify(text));
});

test('plain subset: an error found after the fast read is still located by line and column', () => {
  const [source] = parseYamlDocuments(FILE, 'services:\n  web:\n    image: x\n    ports:\n      - "80:80"\n');
  assert.ok(source !== undefined);
  assert.deepEqual(source.locate(['services', 'web', 'ports', 0]), { file: FILE, line: 5, column: 9 });
});
