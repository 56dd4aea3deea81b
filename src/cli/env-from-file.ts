import path from 'node:path';
import { DotenvError, parseDotenv } from '../config/dotenv.js';
import { ownValue, setKey } from '../config/mapping.js';
import { UserError } from '../model/errors.js';
import { readOptionalFile } from './env-files.js';

/**
 * `run --env-from-file FILE` (repeatable), as compose's getEnvironment reads them: each file with the
 * dotenv rules, `${VAR}` in it resolved against `-e` values and the files before it; a key already
 * set (by `-e` or an earlier file) is kept. Relative paths are taken from the working directory.
 * Returns only the files' own keys (the `-e` values stay the caller's).
 */
export function readEnvFromFiles(files: readonly string[], fromFlags: Readonly<Record<string, string>>, cwd: string = process.cwd()): Record<string, string> {
  const values: Record<string, string> = {};
  for (const file of files) {
    const text = readOptionalFile(path.resolve(cwd, file));
    if (text === undefined) throw new UserError(`--env-from-file ${file}: no such file`);
    let parsed: Record<string, string>;
    try {
      parsed = parseDotenv(text, (name) => ownValue(fromFlags, name) ?? ownValue(values, name));
    } catch (error) {
      if (error instanceof DotenvError) throw new UserError(`--env-from-file ${file}: ${error.message}`);
      throw error;
    }
    for (const [key, value] of Object.entries(parsed)) if (ownValue(fromFlags, key) === undefined && ownValue(values, key) === undefined) setKey(values, key, value);
  }
  return values;
}
