import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadProject, type LoadInput } from '../../src/config/load.js';
import type { Project } from '../../src/model/project.js';

/**
 * Loads compose text as if it lived at `/project/<name>/compose.yaml`, so outputs do not depend on
 * where the repository is checked out. `files` maps virtual file names to their text.
 */
export function loadVirtual(files: Record<string, string>, options: Partial<LoadInput> & { dir?: string } = {}): Project {
  const dir = options.dir ?? '/project/app';
  return loadProject({
    workingDir: dir,
    files: Object.entries(files).map(([name, text]) => ({ path: path.posix.join(dir, name), text })),
    environment: {},
    readFile: (absolutePath) => files[path.posix.relative(dir, absolutePath)],
    ...options,
  }).project;
}

/** Loads a fixture directory's compose files (compose.yaml and friends) under a virtual path. */
export function loadFixtureDir(realDir: string, virtualDir: string, options: Partial<LoadInput> = {}): Project {
  const names = readdirSync(realDir).filter((name) => /^(docker-)?compose(\.[\w-]+)?\.ya?ml$/.test(name)).sort((a, b) => (a.includes('override') ? 1 : b.includes('override') ? -1 : a < b ? -1 : 1));
  const files: Record<string, string> = {};
  for (const name of names) files[name] = readFileSync(path.join(realDir, name), 'utf8');
  return loadProject({
    workingDir: virtualDir,
    files: names.map((name) => ({ path: path.posix.join(virtualDir, name), text: files[name] as string })),
    environment: {},
    readFile: (absolutePath) => {
      const real = path.join(realDir, path.posix.relative(virtualDir, absolutePath));
      return existsSync(real) ? readFileSync(real, 'utf8') : undefined;
    },
    ...options,
  }).project;
}
