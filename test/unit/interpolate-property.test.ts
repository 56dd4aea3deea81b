/** Properties of the interpolation parser over arbitrary input (fast-check). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InvalidTemplateError, MissingVariableError, substitute } from '../../src/config/interpolate.js';

const environment: Record<string, string> = { A: 'alpha', B: '', C: '$not-expanded-again', LONG_NAME_1: 'x' };
const lookup = (name: string): string | undefined => environment[name];

/** Text biased towards the characters the grammar cares about. */
const templateText = fc.array(fc.oneof(
  fc.constantFrom('$', '{', '}', ':', '-', '?', '+', '$$', '${', 'A', 'B', 'C', 'Z', '_', '1', ' ', 'LONG_NAME_1'),
  fc.string({ maxLength: 4 }),
), { maxLength: 24 }).map((parts) => parts.join(''));

test('property: any input yields a value or a typed error, never a crash', () => {
  fc.assert(fc.property(fc.oneof(templateText, fc.string()), (template) => {
    try {
      const result = substitute(template, lookup);
      assert.equal(typeof result.value, 'string');
    } catch (error) {
      assert.ok(error instanceof InvalidTemplateError || error instanceof MissingVariableError, `unexpected ${String(error)}`);
    }
  }), { numRuns: 5000 });
});

test('property: text without $ is unchanged', () => {
  fc.assert(fc.property(fc.string().map((text) => text.replaceAll('$', '')), (text) => {
    assert.equal(substitute(text, lookup).value, text);
  }), { numRuns: 2000 });
});

test('property: $$ round-trips: escaping every $ gives the text back', () => {
  fc.assert(fc.property(fc.oneof(templateText, fc.string()), (text) => {
    assert.equal(substitute(text.replaceAll('$', '$$$$'), lookup).value, text);
  }), { numRuns: 3000 });
});

test('property: a set variable substitutes to its value, once (no re-expansion)', () => {
  fc.assert(fc.property(fc.string().map((text) => text.replaceAll('$', '')), fc.string().map((text) => text.replaceAll('$', '')), (before, after) => {
    assert.equal(substitute(`${before}\${C}${after}`, lookup).value, `${before}${environment['C']}${after}`);
  }));
});

test('property: ${UNSET:-default} is the default, and ${A:-default} is A', () => {
  fc.assert(fc.property(fc.string().filter((text) => !/[${}]/.test(text)), (fallback) => {
    assert.equal(substitute(`\${UNSET_VAR:-${fallback}}`, lookup).value, fallback);
    assert.equal(substitute(`\${A:-${fallback}}`, lookup).value, 'alpha');
  }));
});
