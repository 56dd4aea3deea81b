// Build step: generates the Compose schema validator as standalone code (ajv's standalone mode),
// so that berth does not compile the schema on every run. Run after tsc (it reads dist/).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { Ajv } = require('ajv');
const standaloneCode = require('ajv/dist/standalone').default;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { composeSchema } = await import(path.join(root, 'dist/config/schema/compose-schema.js'));
const { AJV_OPTIONS } = await import(path.join(root, 'dist/config/schema/validate-schema.js'));

const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
const target = path.join(root, 'dist/config/schema/compiled-validator.cjs');
writeFileSync(target, standaloneCode(ajv, ajv.compile(composeSchema)));
