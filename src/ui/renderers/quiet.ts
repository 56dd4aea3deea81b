import type { ProgressRenderer } from './renderer.js';

/** --progress quiet: shows nothing. */
export function quietRenderer(): ProgressRenderer {
  return { begin: () => undefined, update: () => undefined, finish: () => undefined, end: async () => undefined };
}
