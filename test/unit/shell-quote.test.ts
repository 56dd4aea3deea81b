/**
 * shellQuote against a real POSIX shell: every word, each ASCII character and some beyond, comes back
 * from `sh` exactly as it went in, and only words of `[A-Za-z0-9_@%+=:,./-]` stay unquoted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { shellQuote } from '../../src/plan/shell-quote.js';

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

const words: string[] = ['', 'plain', "it's", "''", '$(touch /tmp/x)', '`id`', 'a b', '-', '--label', 'é', '日本', '😀', 'x\ny', '\\'];
for (let code = 1; code < 256; code++) words.push(`a${String.fromCharCode(code)}b`, String.fromCharCode(code));

test('shellQuote: a POSIX shell reads back every word unchanged', () => {
  const script = `printf '%s\\0' ${words.map(shellQuote).join(' ')}`;
  const output = execFileSync('sh', ['-c', script], { encoding: 'utf8' });
  assert.deepEqual(output.split('\0').slice(0, -1), words);
});

test('shellQuote: safe words stay bare, all others are quoted', () => {
  for (const word of words) {
    const quoted = shellQuote(word);
    if (SAFE.test(word)) assert.equal(quoted, word);
    else assert.ok(quoted.startsWith("'") && quoted.endsWith("'"), `${JSON.stringify(word)} → ${quoted}`);
  }
});
