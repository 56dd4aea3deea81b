import type { ObservedState } from '../model/observed.js';
import type { Plan, Step } from '../model/plan.js';
import { checkPlanRequirements } from '../engine/requirements.js';
import { DockerStepRunner } from '../engine/executor.js';
import { raiseOutcome, schedulePlan } from '../engine/scheduler.js';
import { scriptLines } from '../plan/render-script.js';
import { showPlanProgress, showStepOutput } from '../ui/progress.js';
import { createRenderer, progressMode } from '../ui/renderers/select.js';
import { guardInterrupts, type InterruptGuard } from './interrupt.js';
import { concurrencyLimit, printWarnings } from './context.js';
import type { GlobalOptions } from './global-options.js';
import { commandName } from './plugin.js';

export interface RunPlanOptions {
  /** The script's heading comment for --dry-run. */
  readonly heading: string;
  readonly waitTimeoutSeconds?: number | undefined;
  readonly signal?: AbortSignal;
  /** Image IDs the command observed: containers created from them need no second lookup. */
  readonly knownImages?: ReadonlyMap<string, string>;
  /** Running containers the plan leaves as they are: shown as `Running`, as docker compose shows them. */
  readonly unchanged?: readonly Step['resource'][];
  /** Where warnings of best-effort steps go (default: printed on stderr). */
  readonly warn?: (message: string) => void;
  /** false: leave SIGINT/SIGTERM to the caller (attached up's own stop plan); else see guardInterrupts. */
  readonly interruptible?: boolean;
  /** The command's own guard, taken at its start (a signal before the plan runs then starts none of it). */
  readonly interrupts?: InterruptGuard;
  /** --quiet-build: builds run without showing their output. */
  readonly quietBuild?: boolean;
}

/** The running containers of `services` that no step of the plan touches. */
export function unchangedContainers(plan: Plan, observed: ObservedState, services: readonly string[]): Step['resource'][] {
  const touched = new Set(plan.steps.map((step) => step.resource.name));
  return observed.containers
    .filter((container) => !container.oneoff && container.state === 'running' && services.includes(container.service) && !touched.has(container.name))
    .map((container) => ({ type: 'Container', name: container.name }));
}

/**
 * Writes the script a batch of lines at a time: a plan of 10,000 containers is ~10 MB of script, and
 * one string of it and one buffer of its bytes cost fresh memory that small batches do not. 64 KB
 * stays below malloc's mmap threshold, so each batch's bytes reuse the memory of the one before
 * (256 KB batches were each a fresh mapping: ~6,000 more page faults for 10 MB here).
 */
function writeScript(lines: Iterable<string>): void {
  let batch: string[] = [];
  let size = 0;
  for (const line of lines) {
    batch.push(line);
    size += line.length + 1;
    if (size < 64 * 1024) continue;
    process.stdout.write(`${batch.join('\n')}\n`);
    batch = [];
    size = 0;
  }
  if (batch.length > 0) process.stdout.write(`${batch.join('\n')}\n`);
}

/** Prints the plan as a shell script (--dry-run) or executes it with progress; warnings go to stderr. */
export async function runPlan(plan: Plan, options: GlobalOptions, run: RunPlanOptions): Promise<void> {
  printWarnings(plan.warnings);
  if (options.dryRun) {
    writeScript(scriptLines(plan, run.heading.replace(/^berth /, `${commandName()} `)));
    return;
  }
  const status = options.statusStdout ? process.stdout : process.stderr;
  const mode = progressMode(options.progress, options.ansi, status.isTTY === true);
  const unchanged = run.unchanged ?? [];
  if (plan.steps.length === 0 && unchanged.length === 0) return;
  await checkPlanRequirements(plan);
  const own = run.interrupts === undefined && run.interruptible !== false ? guardInterrupts() : undefined;
  const interrupts = run.interrupts ?? own;
  try {
    const renderer = await createRenderer(mode, status);
    const outcome = await schedulePlan(plan, new DockerStepRunner({ timeoutSeconds: run.waitTimeoutSeconds }, run.knownImages), {
      concurrency: concurrencyLimit(options),
      signal: AbortSignal.any([run.signal, interrupts?.kill].filter((signal) => signal !== undefined)),
      ...(interrupts === undefined ? {} : { stop: interrupts.stop }),
      warn: run.warn ?? ((message) => printWarnings([message])),
      onEvent: showPlanProgress(plan, unchanged, renderer),
      ...(run.quietBuild === true ? {} : { onOutput: showStepOutput(renderer) }),
    });
    await renderer.end();
    raiseOutcome(outcome, (message) => process.stderr.write(`${message}\n`));
  } finally {
    own?.dispose();
  }
}
