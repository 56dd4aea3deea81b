import type { ProgressRenderer } from './renderer.js';

/** --progress quiet: shows nothing. */
export function quietRenderer(): ProgressRenderer {
  return { begin: () => undefined, update: () => undefined, output: () => undefined, finish: () => undefined, end: async () => undefined };
}
