import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYamlDocuments } from '../../src/config/yaml-source.js';
import { MAX_DEPTH, MAX_NODES } from '../../src/config/yaml-limits.js';

// The limits are checked on each token as the parser's own lexer yields it (the text is lexed once):
// the error is located where the limit was passed, and a file within the limits parses as before.

test('past MAX_NODES: refused at the node that passed it, as file:line:col', () => {
  const items = Array.from({ length: MAX_NODES }, (_, index) => `  - n${index}`);
  const text = `x-list:\n${items.join('\n')}\n`;
  assert.throws(() => parseYamlDocuments('/p/compose.yaml', text), (error: Error) => {
    // The key is node 1, each item two (its `-` and its scalar): the scalar of item 50,000 passes the limit.
    assert.equal(error.message, `/p/compose.yaml:${MAX_NODES / 2 + 1}:5: file is too large: more than ${MAX_NODES} YAML nodes`);
    return true;
  });
});

test('flow nesting past MAX_DEPTH: refused at the bracket that passed it; at MAX_DEPTH it parses', () => {
  const deep = (depth: number) => `services:\n  web:\n    image: x\nx-deep: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
  assert.throws(() => parseYamlDocuments('/p/compose.yaml', deep(MAX_DEPTH + 1)), { message: /^\/p\/compose\.yaml:4:209: exceeded max depth of 200 nested mappings and lists$/ });
  const [source] = parseYamlDocuments('/p/compose.yaml', deep(MAX_DEPTH - 1));
  assert.ok(source !== undefined && 'x-deep' in source.tree);
});
