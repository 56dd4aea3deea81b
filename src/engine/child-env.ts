import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArgPart } from '../model/plan.js';

/** A docker command ready to spawn: argv without values, and the variables to set (or remove) in its environment. */
export interface PreparedCommand {
  readonly argv: string[];
  readonly env: Record<string, string | null>;
}

/** Looks up an image's local ID for an ImageIdArg. */
export type ImageIdLookup = (reference: string) => Promise<string | undefined> | string | undefined;

/** Writes `--env-file` lines to a file only berth's user can read, in a directory only it can enter. */
function writeEnvFile(lines: readonly string[], directories: string[]): string {
  const directory = mkdtempSync(join(tmpdir(), 'berth-env-'));
  directories.push(directory);
  const path = join(directory, 'env');
  writeFileSync(path, `${lines.join('\n')}\n`, { mode: 0o600, flag: 'wx' });
  return path;
}

/**
 * Turns plan argv into a command and runs `use` with it: values of `-e KEY` / `--build-arg KEY` go
 * into the command's environment, an env file is written for keys docker's CLI reads itself and
 * removed as soon as `use` settles (whatever the outcome).
 */
export async function withPreparedCommand<T>(parts: readonly ArgPart[], imageId: ImageIdLookup, use: (command: PreparedCommand) => Promise<T>): Promise<T> {
  const directories: string[] = [];
  try {
    const env: Record<string, string | null> = {};
    const argv: string[] = [];
    for (const part of parts) {
      if (typeof part === 'string') argv.push(part);
      else if ('imageIdOf' in part) argv.push(`${part.prefix}${(await imageId(part.imageIdOf)) ?? ''}`);
      else if ('envFile' in part) argv.push(writeEnvFile(part.envFile, directories));
      else {
        argv.push(part.env);
        env[part.env] = part.value;
      }
    }
    return await use({ argv, env });
  } finally {
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  }
}
