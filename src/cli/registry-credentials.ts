import { readFileSync } from 'node:fs';
import path from 'node:path';
import { credentialHelperGet } from '../engine/credential-helper.js';
import type { RegistryCredentials } from '../engine/oci-registry.js';
import { dockerConfigDirectory } from './docker-config.js';

interface DockerConfigAuths {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** The key docker login stores a registry under (Docker Hub's is its v1 index URL). */
function serverKey(registry: string): string {
  return registry === 'registry-1.docker.io' ? 'https://index.docker.io/v1/' : registry;
}

/**
 * The credentials `docker login` left for a registry: its credential helper (credHelpers, else
 * credsStore), else the `auths` entry of config.json. Undefined: ask anonymously.
 */
export async function dockerCredentials(registry: string): Promise<RegistryCredentials | undefined> {
  let config: DockerConfigAuths;
  try {
    config = JSON.parse(readFileSync(path.join(dockerConfigDirectory(), 'config.json'), 'utf8')) as DockerConfigAuths;
  } catch {
    return undefined;
  }
  const key = serverKey(registry);
  const helper = config.credHelpers?.[key] ?? config.credsStore;
  if (helper !== undefined && helper !== '') {
    const found = await credentialHelperGet(helper, key);
    if (found !== undefined) return found;
  }
  const entry = config.auths?.[key] ?? config.auths?.[`https://${key}`] ?? config.auths?.[`http://${key}`];
  if (entry?.auth !== undefined && entry.auth !== '') {
    const text = Buffer.from(entry.auth, 'base64').toString('utf8');
    const at = text.indexOf(':');
    if (at > 0) return { username: text.slice(0, at), password: text.slice(at + 1) };
  }
  if (entry?.username !== undefined && entry.password !== undefined) return { username: entry.username, password: entry.password };
  return undefined;
}
