/** The hand-written Compose schema covers every key of the specification, and its errors read well. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONFIG_KEYS, NETWORK_KEYS, SECRET_KEYS, SERVICE_KEYS, TOP_LEVEL_KEYS, VOLUME_KEYS } from '../../src/config/known-keys.js';
import { ModelError } from '../../src/config/model-error.js';
import { composeSchema, SECTION_KEY_PATTERN } from '../../src/config/schema/compose-schema.js';
import { validateSchema } from '../../src/config/schema/validate-schema.js';

type SchemaNode = { properties?: Record<string, SchemaNode>; patternProperties?: Record<string, SchemaNode> };

const keysOf = (node: SchemaNode | undefined): string[] => Object.keys(node?.properties ?? {}).sort();
const top = composeSchema as SchemaNode;

test('schema: every key of the specification, and no other, at each level', () => {
  assert.deepEqual(keysOf(top), [...TOP_LEVEL_KEYS].sort());
  assert.deepEqual(keysOf(top.properties?.['services']?.patternProperties?.[SECTION_KEY_PATTERN]), [...SERVICE_KEYS].sort());
  assert.deepEqual(keysOf(top.properties?.['networks']?.patternProperties?.[SECTION_KEY_PATTERN]), [...NETWORK_KEYS].sort());
  assert.deepEqual(keysOf(top.properties?.['volumes']?.patternProperties?.[SECTION_KEY_PATTERN]), [...VOLUME_KEYS].sort());
  assert.deepEqual(keysOf(top.properties?.['secrets']?.patternProperties?.[SECTION_KEY_PATTERN]), [...SECRET_KEYS].sort());
  assert.deepEqual(keysOf(top.properties?.['configs']?.patternProperties?.[SECTION_KEY_PATTERN]), [...CONFIG_KEYS].sort());
});

function schemaError(tree: unknown): string {
  try {
    validateSchema(tree);
  } catch (error) {
    if (error instanceof ModelError) return error.message;
    throw error;
  }
  return 'valid';
}

test('schema: valid trees pass, including x- extensions and short and long forms', () => {
  assert.equal(schemaError({
    'x-common': { anything: [1, 2] },
    services: {
      web: {
        image: 'x', 'x-note': 'ok', ports: ['80:80', 81, { target: 82, published: '8082' }],
        volumes: ['./a:/a', { type: 'bind', source: '.', target: '/b' }], environment: ['A=1'], labels: { a: 'b' },
        depends_on: { db: { condition: 'service_healthy', restart: true } }, healthcheck: { test: 'true', interval: '1m30s' },
        deploy: { replicas: 2, resources: { limits: { cpus: '0.5', memory: '512M' } } }, ulimits: { nofile: { soft: 1, hard: 2 }, nproc: 65535 },
      },
      db: null,
    },
    networks: { front: null, back: { external: true } },
    volumes: { data: { driver: 'local' } },
  }), 'valid');
});

test('schema: errors are placed at the key path with a readable detail', () => {
  assert.equal(schemaError({ services: { web: { image: 'x', restrat: 'always' } } }), 'services.web.restrat: additional property "restrat" is not allowed (did you mean "restart"?)');
  assert.equal(schemaError({ services: { web: { image: ['x'] } } }), 'services.web.image: must be a string, not a list');
  assert.equal(schemaError({ services: { web: { ports: [{ published: 80 }] } } }), 'services.web.ports[0]: target is required');
  assert.equal(schemaError({ services: { web: { healthcheck: { timeout: '5 s' } } } }), 'services.web.healthcheck.timeout: invalid duration "5 s"');
  assert.equal(schemaError({ services: { web: { oom_score_adj: -2000 } } }), 'services.web.oom_score_adj: must be greater than or equal to -1000');
  assert.equal(schemaError({ volumes: { data: { driver: 1 } } }), 'volumes.data.driver: must be a string, not number 1');
});
