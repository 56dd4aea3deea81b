/** Validates a raw (merged, interpolated) compose tree against the Compose schema with ajv. */
import { createRequire } from 'node:module';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import { closestKey } from '../known-keys.js';
import { fail } from '../model-error.js';
import type { KeyPath } from '../yaml-source.js';
import { DURATION_PATTERN } from './building-blocks.js';
import { composeSchema } from './compose-schema.js';
import { checkStrings } from './string-limits.js';

/** The ajv options of the Compose validator (scripts/compile-schema.mjs generates it with the same). */
export const AJV_OPTIONS: Options = { allErrors: false, verbose: true, strict: false, unicodeRegExp: false, validateSchema: false, meta: false };

const require = createRequire(import.meta.url);
let compiled: ValidateFunction | undefined;

/** The validator `npm run build` generated (compiling the schema costs ~130 ms a run), else one compiled now. */
function validator(): ValidateFunction {
  compiled ??= loadGenerated() ?? compileNow();
  return compiled;
}

/** The bundle (scripts/bundle.mjs) hands its copy of the generated validator over here. */
export function useGeneratedValidator(generated: ValidateFunction): void {
  compiled = generated;
}

function loadGenerated(): ValidateFunction | undefined {
  try {
    return require('./compiled-validator.cjs') as ValidateFunction;
  } catch (error) {
    if ((error as { code?: string }).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

function compileNow(): ValidateFunction {
  const { Ajv } = require('ajv') as typeof import('ajv');
  return new Ajv(AJV_OPTIONS).compile(composeSchema);
}

/** Throws a ModelError at the key path of the first schema violation (or NUL byte, or oversized value). */
export function validateSchema(tree: unknown): void {
  checkStrings(tree);
  const validate = validator();
  if (validate(tree)) return;
  const error = validate.errors?.[0];
  if (error === undefined) return;
  const { keyPath, detail } = describe(error);
  fail(keyPath, detail);
}

function keyPathOf(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath.slice(1).split('/').map((segment) => {
    const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(key) ? Number(key) : key;
  });
}

const SECTION_KINDS: Record<string, string> = { services: 'service', networks: 'network', volumes: 'volume', secrets: 'secret', configs: 'config' };

const TYPE_WORDS: Record<string, string> = { object: 'mapping', array: 'list', null: 'null', string: 'string', number: 'number', integer: 'integer', boolean: 'boolean' };

function typeWords(types: unknown): string {
  const list = (Array.isArray(types) ? types : String(types).split(',')).map((type) => TYPE_WORDS[String(type)] ?? String(type));
  const unique = [...new Set(list)];
  const text = unique.length === 1 ? (unique[0] as string) : `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1] as string}`;
  return `${/^[aeiou]/.test(text) ? 'an' : 'a'} ${text}`;
}

function describe(error: ErrorObject): { keyPath: KeyPath; detail: string } {
  const keyPath = keyPathOf(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const known = Object.keys((error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
      const section = keyPath[0];
      if (keyPath.length === 1 && typeof section === 'string' && section in SECTION_KINDS) {
        return { keyPath: [...keyPath, key], detail: `invalid ${SECTION_KINDS[section] as string} name ${JSON.stringify(key)}: only [a-zA-Z0-9._-] are allowed` };
      }
      const suggestion = closestKey(key, known);
      const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
      return { keyPath: [...keyPath, key], detail: `additional property "${key}" is not allowed${hint}` };
    }
    case 'type':
      return { keyPath, detail: `must be ${typeWords(params['type'])}, not ${describeValue(error.data)}` };
    case 'enum':
      return { keyPath, detail: `must be one of ${(params['allowedValues'] as unknown[]).map(String).join(', ')}, not ${describeValue(error.data)}` };
    case 'required':
      return { keyPath, detail: `${String(params['missingProperty'])} is required` };
    case 'pattern':
      if (params['pattern'] === DURATION_PATTERN) return { keyPath, detail: `invalid duration ${JSON.stringify(error.data)}` };
      return { keyPath, detail: `invalid value ${JSON.stringify(error.data)}` };
    case 'uniqueItems':
      return { keyPath, detail: `has duplicate items (${String(params['j'])} and ${String(params['i'])})` };
    case 'minimum':
    case 'maximum':
      return { keyPath, detail: `must be ${error.keyword === 'minimum' ? 'greater' : 'less'} than or equal to ${String(params['limit'])}` };
    default:
      return { keyPath, detail: error.message ?? 'is invalid' };
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}
