import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { parseDotenv } from '../../src/config/dotenv.js';
import { loadProject } from '../../src/config/load.js';
import { discoverComposeFiles } from '../../src/cli/read-inputs.js';
import { renderModel } from '../../src/cli/render-model.js';
import { ConfigError, UserError } from '../../src/model/errors.js';

/** What `berth config` gives for a fixture directory: stdout (the model) and stderr (warnings, error). */
export interface ConfigOutcome {
  readonly stdout: string;
  readonly stderr: string;
}

/** The `-f` files of a fixture: from its `args` file, else discovered as the CLI would. */
function composeFilesOf(realDir: string): string[] {
  const argsFile = path.join(realDir, 'args');
  if (existsSync(argsFile)) {
    const words = readFileSync(argsFile, 'utf8').trim().split(/\s+/);
    return words.flatMap((word, index) => (words[index - 1] === '-f' ? [word] : []));
  }
  return (discoverComposeFiles(realDir) ?? []).map((file) => path.relative(realDir, file));
}

/**
 * Loads a fixture directory as if it lived at `virtualDir` (so outputs do not depend on the
 * checkout path) and renders it as `berth config` does; errors become the stderr text.
 */
export function configOfFixture(realDir: string, virtualDir: string): ConfigOutcome {
  const toReal = (absolute: string): string => path.join(realDir, path.posix.relative(virtualDir, absolute));
  const readFile = (absolute: string): string | undefined => {
    const real = toReal(absolute);
    return existsSync(real) && !absolute.startsWith('/dev/') ? readFileSync(real, 'utf8') : undefined;
  };
  const dotenv = readFile(path.posix.join(virtualDir, '.env'));
  try {
    const environment = dotenv === undefined ? {} : parseDotenv(dotenv);
    const files = composeFilesOf(realDir).map((name) => {
      const virtual = path.posix.join(virtualDir, name);
      return { path: virtual, text: readFile(virtual) ?? '' };
    });
    const result = loadProject({ workingDir: virtualDir, files, environment, homeDir: '/home/user', readFile });
    const stderr = result.warnings.map((warning) => `WARN[0000] ${warning}\n`).join('');
    return { stdout: stringify(renderModel(result.project), { aliasDuplicateObjects: false, lineWidth: 0 }), stderr };
  } catch (error) {
    if (error instanceof ConfigError || error instanceof UserError) return { stdout: '', stderr: `${error.message}\n` };
    throw error;
  }
}

/** Sub-directories of `dir`, sorted. */
export function caseDirectories(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
}
