import type { ProgressRenderer } from './renderers/renderer.js';

/** What the wait saw of one service (engine/swarm.ts ServiceLook). */
interface Look {
  readonly service: string;
  readonly running: number;
  readonly desired: number;
  readonly updating: boolean;
  readonly converged: boolean;
}

/** The word of a service's row: `Converging 1/2`, `Updating 1/2`, then `Converged 2/2`. */
export function lookWord(look: Look): string {
  const tasks = `${look.running}/${look.desired}`;
  return look.converged ? `Converged ${tasks}` : look.updating ? `Updating ${tasks}` : `Converging ${tasks}`;
}

/**
 * A stack deploy's wait on a renderer: one row per service (`Service STACK_app`) with its running and
 * desired tasks, redrawn only when they change (so --progress plain prints one line per change); the
 * rows end when all services have converged, or with the one that failed the deploy marked failed.
 */
export function showStackProgress(renderer: ProgressRenderer, services: readonly string[]): { look: (looks: readonly Look[]) => void; converged: () => Promise<void>; fail: (service: string | undefined, error: Error) => Promise<void> } {
  const label = (service: string): string => `Service ${service}`;
  const words = new Map<string, string>();
  let ended = false;
  renderer.begin({ unchanged: [], planned: services.map(label) });
  const end = async (outcome: (service: string) => Parameters<ProgressRenderer['finish']>[1]): Promise<void> => {
    if (ended) return;
    ended = true;
    for (const service of services) renderer.finish(label(service), outcome(service));
    await renderer.end();
  };
  return {
    look: (looks) => {
      for (const look of looks) {
        const word = lookWord(look);
        if (words.get(look.service) === word) continue;
        words.set(look.service, word);
        renderer.update(label(look.service), word);
      }
    },
    converged: () => end(() => ({ state: 'done' })),
    fail: (service, error) => end((name) => (name === service ? { state: 'failed', error } : { state: 'skipped' })),
  };
}
