import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The command prefix that runs a program as a non-root user: `setpriv` to nobody when the suite runs
 * as root (CI does), nothing when it already runs as an ordinary user. Also a HOME of its own that
 * user can write (a temp directory), so that nothing reads or writes root's home.
 */
export function asNonRootUser(): { prefix: string[]; home: string } {
  const home = mkdtempSync(path.join(tmpdir(), 'berth-home-'));
  if (process.getuid?.() !== 0) return { prefix: [], home };
  chmodSync(home, 0o777);
  return { prefix: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'], home };
}
