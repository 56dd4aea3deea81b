import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DotenvError, parseDotenv, parseRawEnvFile } from '../../src/config/dotenv.js';

const os: Record<string, string> = { HOME: '/home/me', SHELL_ONLY: 'from-shell', A: 'os-a' };
const lookup = (name: string): string | undefined => os[name];

test('dotenv: KEY=VAL, KEY: VAL, export, comments, blank lines', () => {
  const text = '# comment\n\nPLAIN=value\nYAML_STYLE: yes\nexport EXPORTED=1\n  INDENTED=2\nEMPTY=\nDOTS.AND-DASHES[0]=ok\n';
  assert.deepEqual(parseDotenv(text), { PLAIN: 'value', YAML_STYLE: 'yes', EXPORTED: '1', INDENTED: '2', EMPTY: '', 'DOTS.AND-DASHES[0]': 'ok' });
});

test('dotenv: unquoted values lose inline comments and trailing spaces, keep inner #', () => {
  assert.deepEqual(parseDotenv('A=one # a comment\nB=two#not-a-comment\nC=three   \n'), { A: 'one', B: 'two#not-a-comment', C: 'three' });
});

test('dotenv: single quotes are literal and may span lines', () => {
  assert.deepEqual(parseDotenv("A='$HOME \\n'\nB='line1\nline2'\n", lookup), { A: '$HOME \\n', B: 'line1\nline2' });
});

test('dotenv: double quotes expand escapes, then variables; \\$ stays a dollar', () => {
  assert.deepEqual(parseDotenv('A="tab\\there\\nnew ${HOME}"\nB="cost \\$5"\nC="say \\"hi\\""\n', lookup), { A: 'tab\there\nnew /home/me', B: 'cost $5', C: 'say "hi"' });
});

test('dotenv: ${} looks at the OS environment first, then earlier keys', () => {
  const parsed = parseDotenv('A=file-a\nB=${A}\nC=${C_UNSET:-fallback}\nD=$SHELL_ONLY-x\nE=${B}\n', lookup);
  assert.deepEqual(parsed, { A: 'file-a', B: 'os-a', C: 'fallback', D: 'from-shell-x', E: 'os-a' });
});

test('dotenv: a bare KEY is inherited from the lookup, or skipped', () => {
  assert.deepEqual(parseDotenv('HOME\nNOT_SET\nX=1\n', lookup), { HOME: '/home/me', X: '1' });
});

test('dotenv: a BOM and CRLF line ends are accepted', () => {
  assert.deepEqual(parseDotenv('\uFEFFA=1\r\nB=2\r\n'), { A: '1', B: '2' });
});

test('dotenv: errors name the line', () => {
  assert.throws(() => parseDotenv('A=1\n\nB!=2\n'), new DotenvError('line 3: unexpected character "!" in variable name'));
  assert.throws(() => parseDotenv('A=1\nB="open\n'), new DotenvError('line 2: unterminated quoted value "open'));
  assert.throws(() => parseDotenv('A=${B:?needed}\n'), /^DotenvError: line 1: required variable B is missing a value: needed$/);
});

test('dotenv: the raw format takes values literally', () => {
  assert.deepEqual(parseRawEnvFile('# c\nA="quoted" # not a comment\nB=${HOME}\nHOME\nNOPE\n', lookup), { A: '"quoted" # not a comment', B: '${HOME}', HOME: '/home/me' });
  assert.throws(() => parseRawEnvFile('BAD KEY=1\n'), /variable 'BAD KEY' contains whitespaces/);
});
