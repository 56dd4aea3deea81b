import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Node, type Scalar } from 'yaml';
import { UserError } from '../model/errors.js';
import { hashedName, type ArtifactFiles } from '../plan/publish.js';

/** A path scalar of the file to rename in the published copy: its text range and new name. */
interface Rename {
  readonly start: number;
  readonly end: number;
  readonly name: string;
}

interface FileScan {
  readonly text: string;
  readonly renames: Rename[];
  /** Absolute env_file paths, by service. */
  readonly envFiles: Map<string, string[]>;
  /** Absolute files that `extends` reads. */
  readonly extendsFiles: string[];
  readonly includes: boolean;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(`publish: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A plain path scalar (interpolated ones are left as written: their value is the reader's to give). */
function pathScalar(node: unknown): (Scalar & { range: [number, number, number] }) | undefined {
  return isScalar(node) && typeof node.value === 'string' && !node.value.includes('$') && node.range !== undefined && node.range !== null ? (node as Scalar & { range: [number, number, number] }) : undefined;
}

/** The path scalars of an env_file value: a string, a list of strings, or of `{path, required}`. */
function envFileScalars(node: unknown): Array<Scalar & { range: [number, number, number] }> {
  const items = isSeq(node) ? node.items : [node];
  return items.flatMap((item) => {
    const scalar = pathScalar(isMap(item) ? item.get('path', true) : item);
    return scalar === undefined ? [] : [scalar];
  });
}

/**
 * Reads one Compose file as written and finds what compose renames when it publishes it: each
 * service's env_file paths (`<sha256 of the absolute path>.env`) and `extends.file`
 * (`<sha256>.yaml`), relative paths taken from `directory`.
 */
function scanFile(file: string, directory: string): FileScan {
  const text = readText(file);
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new UserError(`publish: ${file}: ${document.errors[0]?.message ?? 'invalid YAML'}`);
  const scan: FileScan = { text, renames: [], envFiles: new Map(), extendsFiles: [], includes: document.has('include') };
  const services = document.get('services', true) as Node | undefined;
  if (!isMap(services)) return scan;
  for (const pair of services.items) {
    const name = String(isScalar(pair.key) ? pair.key.value : pair.key);
    if (!isMap(pair.value)) continue;
    for (const scalar of envFileScalars(pair.value.get('env_file', true))) {
      const absolute = path.resolve(directory, scalar.value as string);
      scan.envFiles.set(name, [...(scan.envFiles.get(name) ?? []), absolute]);
      scan.renames.push({ start: scalar.range[0], end: scalar.range[1], name: hashedName(absolute, '.env') });
    }
    const extended = pair.value.get('extends', true);
    const fileScalar = isMap(extended) ? pathScalar(extended.get('file', true)) : undefined;
    if (fileScalar !== undefined) {
      const absolute = path.resolve(directory, fileScalar.value as string);
      scan.extendsFiles.push(absolute);
      scan.renames.push({ start: fileScalar.range[0], end: fileScalar.range[1], name: hashedName(absolute, '.yaml') });
    }
  }
  return scan;
}

/** The file with its renamed paths (hash names are plain YAML scalars: no quoting needed). */
function renamed(scan: FileScan): Buffer {
  let text = scan.text;
  for (const rename of [...scan.renames].sort((a, b) => b.start - a.start)) text = text.slice(0, rename.start) + rename.name + text.slice(rename.end);
  return Buffer.from(text);
}

/** What the project's files put in the artifact, and which services declare env_file. */
export interface PublishedFiles {
  readonly files: ArtifactFiles;
  readonly envFileServices: ReadonlySet<string>;
}

/**
 * The Compose files as compose publishes them: each `-f` file as written (not interpolated), env_file
 * and extends paths renamed to hash names; the files `extends` reads (and theirs, transitively) as
 * layers of their own; with `withEnv`, the env files too. A file with `include` is refused, as
 * compose refuses local includes (berth reads no remote ones).
 */
export function readPublishedFiles(configFiles: readonly string[], workingDir: string, withEnv: boolean): PublishedFiles {
  const envFiles = new Map<string, string>();
  const envFileServices = new Set<string>();
  const note = (scan: FileScan): void => {
    for (const [service, paths] of scan.envFiles) {
      envFileServices.add(service);
      for (const file of paths) envFiles.set(file, hashedName(file, '.env'));
    }
  };
  const composeFiles = configFiles.map((file) => {
    if (path.basename(file) === '-') throw new UserError('publish: a Compose file read from standard input cannot be published; give it with -f FILE');
    const scan = scanFile(file, workingDir);
    if (scan.includes) throw new UserError(`cannot publish compose file with local includes: ${file}`);
    note(scan);
    return { scan, name: path.basename(file) };
  });
  const extendsFiles: Array<{ name: string; content: Buffer }> = [];
  const seen = new Set<string>();
  const pending = composeFiles.flatMap(({ scan }) => scan.extendsFiles);
  while (pending.length > 0) {
    const file = pending.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const scan = scanFile(file, path.dirname(file));
    note(scan);
    pending.push(...scan.extendsFiles);
    extendsFiles.push({ name: hashedName(file, '.yaml'), content: renamed(scan) });
  }
  const envLayers = withEnv ? [...envFiles].flatMap(([file, name]) => {
    try {
      return [{ name, content: readFileSync(file) }];
    } catch {
      return []; // compose skips an env file it cannot read (a `required: false` one).
    }
  }) : [];
  return {
    files: { composeFiles: composeFiles.map(({ scan, name }) => ({ name, content: renamed(scan) })), extendsFiles, envFiles: envLayers },
    envFileServices,
  };
}
