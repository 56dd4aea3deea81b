import type { Step } from '../model/plan.js';
import { withPreparedCommand } from './child-env.js';
import { runDockerInteractive } from './docker.js';

/**
 * Runs a plan's foreground step (the one-off of `run`) attached to the terminal, its values in
 * docker's environment and its image IDs from `imageIds`; resolves to docker's exit code.
 */
export function runForeground(step: Step, imageIds: ReadonlyMap<string, string>): Promise<number> {
  return withPreparedCommand(step.argv, (reference) => imageIds.get(reference), ({ argv, env }) => runDockerInteractive(argv, { env }));
}
