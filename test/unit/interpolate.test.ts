import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidTemplateError, MissingVariableError, substitute } from '../../src/config/interpolate.js';

const env: Record<string, string> = { NAME: 'web', EMPTY: '', PORT: '8000', NESTED: 'inner' };
const lookup = (name: string): string | undefined => env[name];

const cases: Array<[string, string, string]> = [
  ['plain text', 'no variables', 'no variables'],
  ['bare name', '$NAME', 'web'],
  ['braced name', '${NAME}-1', 'web-1'],
  ['escaped dollar', '$$NAME costs $$5', '$NAME costs $5'],
  ['unset is empty', 'a${MISSING}b', 'ab'],
  [':- on unset', '${MISSING:-fallback}', 'fallback'],
  [':- on empty', '${EMPTY:-fallback}', 'fallback'],
  ['- on empty keeps empty', '${EMPTY-fallback}', ''],
  ['- on unset', '${MISSING-fallback}', 'fallback'],
  [':+ on set', '${NAME:+alt}', 'alt'],
  [':+ on empty', '${EMPTY:+alt}', ''],
  ['+ on empty', '${EMPTY+alt}', 'alt'],
  ['nested default', '${MISSING:-${NESTED:-x}}', 'inner'],
  ['doubly nested default', '${MISSING:-${ALSO_MISSING:-deep}}', 'deep'],
  ['default with colon', '${MISSING:-localhost:${PORT}}', 'localhost:8000'],
  ['dollar before a digit stays', 'cost $5', 'cost $5'],
  ['trailing dollar stays', 'end$', 'end$'],
];

for (const [name, template, expected] of cases) {
  test(`interpolate: ${name}`, () => {
    assert.equal(substitute(template, lookup).value, expected);
  });
}

test('interpolate: reports unset variables once', () => {
  assert.deepEqual(substitute('$A ${A} ${B:-x}', lookup).unset, ['A']);
});

test('interpolate: :? errors name the variable and message', () => {
  assert.throws(() => substitute('${EMPTY:?must be set}', lookup), (error: unknown) => error instanceof MissingVariableError && error.message === 'required variable EMPTY is missing a value: must be set');
  assert.equal(substitute('${EMPTY?must be set}', lookup).value, '');
  assert.throws(() => substitute('${MISSING?}', lookup), /required variable MISSING is missing a value$/);
});

test('interpolate: malformed templates are typed errors', () => {
  for (const template of ['${', '${1x}', '${NAME', '${}', '${NAME!x}']) {
    assert.throws(() => substitute(template, lookup), InvalidTemplateError, template);
  }
});
