import type { ServiceConfig } from '../../model/project.js';
import type { KeyPath } from '../yaml-source.js';
import type { Mapping } from './guards.js';

/**
 * Canonical forms of the service keys that only the container runtime reads (resources, security,
 * devices, logging, ...): what `docker create` flags are made from. Keys not handled here pass
 * through unchanged.
 */
export function canonicalRuntimeKeys(_raw: Mapping, _keyPath: KeyPath): Partial<ServiceConfig> {
  return {};
}
