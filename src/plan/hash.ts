import { hash } from 'node:crypto';
import type { ServiceConfig } from '../model/project.js';
import { stableJson } from './stable-json.js';

/** Keys that do not change a container (compose's ServiceHash clears the same ones; `develop` only drives watch). */
const NOT_HASHED = new Set(['name', 'build', 'pull_policy', 'scale', 'depends_on', 'profiles', 'develop']);

/**
 * sha256 of the normalized service: a different value means the container must be recreated.
 * Excludes build, pull_policy, scale, deploy.replicas, depends_on, profiles, develop and `x-` extensions.
 */
export function serviceConfigHash(service: ServiceConfig): string {
  const hashed: Record<string, unknown> = {};
  const record = service as unknown as Readonly<Record<string, unknown>>;
  for (const key of Object.keys(record)) {
    if (NOT_HASHED.has(key) || key.startsWith('x-')) continue;
    hashed[key] = record[key];
  }
  if (service.deploy !== undefined) {
    const { replicas: _replicas, ...deploy } = service.deploy;
    hashed['deploy'] = deploy;
  }
  return hash('sha256', stableJson(hashed), 'hex');
}
