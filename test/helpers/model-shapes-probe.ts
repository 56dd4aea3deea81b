/**
 * Run by test/unit/model-shapes.test.ts as `node --allow-natives-syntax --import tsx`: loads a
 * 3,000-service compose file as berth does and prints, as JSON, how V8 laid the model out: how
 * many hidden classes the services have, and whether the empty object's transition table is full
 * (then every object built from `{}` with a new first key gets a class of its own).
 * The Compose validator is generated in another process, as `npm run build` does: compiling it here
 * would itself fill that table.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { loadProject } from '../../src/config/load.js';
import { useGeneratedValidator } from '../../src/config/schema/validate-schema.js';

const GENERATE = `
import { createRequire } from 'node:module';
const require = createRequire(process.cwd() + '/');
const { Ajv } = require('ajv');
const standaloneCode = require('ajv/dist/standalone').default;
const { composeSchema } = await import('./src/config/schema/compose-schema.ts');
const { AJV_OPTIONS } = await import('./src/config/schema/validate-schema.ts');
const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
process.stdout.write(standaloneCode(ajv, ajv.compile(composeSchema)));
`;

const code = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', GENERATE], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const module = { exports: {} as ValidateFunction };
new Function('module', 'exports', 'require', code)(module, module.exports, createRequire(import.meta.url));
useGeneratedValidator(module.exports);

// %HaveSameMap is V8's own test of two objects sharing a hidden class (--allow-natives-syntax).
const sameClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

let probes = 0;
function emptyObjectTableFull(): boolean {
  probes++;
  const first: Record<string, number> = {};
  const second: Record<string, number> = {};
  first[`probe_${probes}`] = 1;
  second[`probe_${probes}`] = 2;
  return !sameClass(first, second);
}

const kind = process.argv[2] ?? 'depends_on';
const count = 3000;
const services = Array.from({ length: count }, (_, index) => `  s${index}:\n    image: app-${index}:1\n${index === 0 ? '' : `    ${kind}: [s${index - 1}]\n`}`).join('');
const dir = '/project/shapes';
const fullBefore = emptyObjectTableFull();
const { project } = loadProject({ workingDir: dir, files: [{ path: `${dir}/compose.yaml`, text: `services:\n${services}` }], environment: {}, readFile: () => undefined });
const classes: object[] = [];
for (const service of Object.values(project.services)) if (!classes.some((known) => sameClass(known, service))) classes.push(service);
process.stdout.write(JSON.stringify({ services: Object.keys(project.services).length, classes: classes.length, fullBefore, fullAfter: emptyObjectTableFull() }));
