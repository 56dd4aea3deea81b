import { UserError } from '../model/errors.js';
import type { CopySpec } from '../model/plan.js';
import { tarArchive } from './tar.js';

/**
 * The tar archive `docker cp - CONTAINER:/` reads for a copy step: each file's text (from the step,
 * or from the named variable of `environment`) with its mode, uid and gid.
 */
export function copyArchive(copy: CopySpec, environment: Readonly<Record<string, string | undefined>>): Uint8Array {
  return tarArchive(copy.files.map((file) => {
    let text: string;
    if ('content' in file.source) {
      text = file.source.content;
    } else {
      const value = environment[file.source.environment];
      if (value === undefined) throw new UserError(`environment variable "${file.source.environment}" required by ${file.what} is not set`);
      text = value;
    }
    return { path: file.path.replace(/^\/+/, ''), mode: file.mode, uid: file.uid, gid: file.gid, content: Buffer.from(text, 'utf8') };
  }));
}
