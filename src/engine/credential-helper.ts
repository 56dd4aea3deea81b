import { execFile } from 'node:child_process';
import type { RegistryCredentials } from './oci-registry.js';

/**
 * `docker-credential-<helper> get` with the server on standard input, as the docker CLI asks its
 * credential helpers; undefined when the helper has none for it (or cannot be run).
 */
export function credentialHelperGet(helper: string, server: string): Promise<RegistryCredentials | undefined> {
  return new Promise((resolve) => {
    const child = execFile(`docker-credential-${helper}`, ['get'], { timeout: 30_000 }, (error, stdout) => {
      if (error !== null) return resolve(undefined);
      try {
        const answer = JSON.parse(stdout) as { Username?: string; Secret?: string };
        resolve(answer.Username === undefined || answer.Secret === undefined ? undefined : { username: answer.Username, password: answer.Secret });
      } catch {
        resolve(undefined);
      }
    });
    child.stdin?.end(server);
  });
}
