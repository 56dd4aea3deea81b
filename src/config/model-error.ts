import type { KeyPath } from './yaml-source.js';
import { formatKeyPath } from './yaml-source.js';

/** An error at a key path of the model; the loader turns it into a located ConfigError. */
export class ModelError extends Error {
  constructor(readonly keyPath: KeyPath, readonly detail: string) {
    super(`${formatKeyPath(keyPath)}: ${detail}`);
    this.name = 'ModelError';
  }
}

/** Throws a ModelError at `keyPath`. */
export function fail(keyPath: KeyPath, detail: string): never {
  throw new ModelError(keyPath, detail);
}
