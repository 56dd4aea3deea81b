/** Pure parts of issue 12's config flags: variable extraction, --no-normalize, image references. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractVariables, templateVariables } from '../../src/config/variables.js';
import { withoutNormalization } from '../../src/config/no-normalize.js';
import { matchingRepoDigest, parseImageReference, referenceText } from '../../src/engine/image-digests.js';
import { projectScopedName } from '../../src/plan/names.js';

const variable = (name: string, fields: Partial<{ required: boolean; defaultValue: string; presenceValue: string }> = {}) => ({ name, required: false, defaultValue: '', presenceValue: '', ...fields });

test('templateVariables reads every operator, nested operands, and skips $$ and what is not a variable', () => {
  assert.deepEqual(templateVariables('$A ${B} ${C:-d} ${D-e} ${E:?m} ${F?m} ${G:+p} ${H+q}'), [
    variable('A'), variable('B'), variable('C', { defaultValue: 'd' }), variable('D', { defaultValue: 'e' }),
    variable('E', { required: true }), variable('F', { required: true }), variable('G', { presenceValue: 'p' }), variable('H', { presenceValue: 'q' }),
  ]);
  assert.deepEqual(templateVariables('${X:-${Y:?need $Z}}'), [variable('X', { defaultValue: '${Y:?need $Z}' }), variable('Y', { required: true }), variable('Z')]);
  assert.deepEqual(templateVariables('$$A $1 ${} ${unclosed $ end$'), []);
});

test('extractVariables walks values (not keys), one entry per name: required if any use is, the first default kept', () => {
  const tree = { services: { web: { image: '${TAG}', environment: ['A=${TAG:-1}', '${KEY_IS_VALUE}'], labels: { '${NOT_A_KEY}': '${TAG:?x}' } } } };
  assert.deepEqual(extractVariables(tree), [variable('KEY_IS_VALUE'), variable('TAG', { required: true, defaultValue: '1' })]);
});

test('withoutNormalization removes what normalization added and keeps what the files declared', () => {
  const rendered = {
    name: 'p',
    services: { web: { build: { context: '/p', dockerfile: 'Dockerfile', args: { SET: 'v' } }, depends_on: { db: { condition: 'service_started' }, linked: { condition: 'service_started' } }, networks: { default: null } } },
    networks: { default: { name: 'p_default' }, own: { name: 'given' }, plain: { name: 'p_plain' } },
  };
  const raw = { services: { web: { build: { args: ['SET=v', 'BARE'] }, depends_on: ['db'], links: ['linked'] } }, networks: { own: { name: 'given' }, plain: null } };
  assert.deepEqual(withoutNormalization(rendered, raw, { environmentResolved: true }), {
    name: 'p',
    services: { web: { build: { args: { BARE: null, SET: 'v' } }, depends_on: { db: { condition: 'service_started' } } } },
    networks: { own: { name: 'given' }, plain: {} },
  });
});

test('image references are qualified as the docker CLI reads them; RepoDigests are matched by repository', () => {
  const cases: Array<[string, string]> = [
    ['redis', 'docker.io/library/redis:latest'],
    ['user/app:2', 'docker.io/user/app:2'],
    ['localhost/app', 'localhost/app:latest'],
    ['127.0.0.1:5055/a/b:1', '127.0.0.1:5055/a/b:1'],
    ['index.docker.io/library/redis:7', 'docker.io/library/redis:7'],
    ['redis:7@sha256:abc', 'docker.io/library/redis@sha256:abc'],
  ];
  for (const [text, qualified] of cases) assert.equal(referenceText(parseImageReference(text)), qualified, text);
  assert.equal(matchingRepoDigest(parseImageReference('redis:7'), ['other@sha256:x', 'redis@sha256:y']), 'sha256:y');
  assert.equal(matchingRepoDigest(parseImageReference('127.0.0.1:5055/app:1'), ['app@sha256:x']), undefined);
});

test('--compatibility names with underscores', () => {
  assert.equal(projectScopedName({ name: 'proj' }, 'web', 1), 'proj-web-1');
  assert.equal(projectScopedName({ name: 'proj', nameSeparator: '_' }, 'web', 'run', 'abc'), 'proj_web_run_abc');
});
