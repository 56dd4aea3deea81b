import type { Plan } from '../model/plan.js';
import { DockerStepRunner } from '../engine/executor.js';
import { renderScript } from '../plan/render-script.js';
import { executePlan } from '../ui/progress.js';
import { concurrencyLimit, printWarnings, progressMode } from './context.js';
import type { GlobalOptions } from './global-options.js';

export interface RunPlanOptions {
  /** The script's heading comment for --dry-run. */
  readonly heading: string;
  readonly waitTimeoutSeconds?: number | undefined;
  readonly signal?: AbortSignal;
  /** Image IDs the command observed: containers created from them need no second lookup. */
  readonly knownImages?: ReadonlyMap<string, string>;
  /** Where warnings of best-effort steps go (default: printed on stderr). */
  readonly warn?: (message: string) => void;
}

/** Prints the plan as a shell script (--dry-run) or executes it with progress; warnings go to stderr. */
export async function runPlan(plan: Plan, options: GlobalOptions, run: RunPlanOptions): Promise<void> {
  printWarnings(plan.warnings);
  if (options.dryRun) {
    process.stdout.write(renderScript(plan, run.heading));
    return;
  }
  await executePlan(plan, new DockerStepRunner({ timeoutSeconds: run.waitTimeoutSeconds }, run.knownImages), {
    mode: progressMode(options),
    concurrency: concurrencyLimit(options),
    signal: run.signal ?? new AbortController().signal,
    warn: run.warn ?? ((message) => printWarnings([message])),
  });
}
