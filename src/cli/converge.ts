import { observeForPlan } from '../engine/observe.js';
import { UserError } from '../model/errors.js';
import { unreachableNote } from '../model/observed.js';
import type { Project, ServiceConfig } from '../model/project.js';
import { needsEngineVersion } from '../plan/flags/versioned-keys.js';
import { serviceImage } from '../plan/names.js';
import { answerQuestions, decideUp, planDecided, type UpOptions } from '../plan/up.js';
import { askQuestions } from './ask-questions.js';
import type { GlobalOptions } from './global-options.js';
import type { InterruptGuard } from './interrupt.js';
import { lockProject } from './project-lock.js';
import { runPlan, unchangedContainers } from './run-plan.js';

export interface ConvergeRun {
  /** The selected services (with their dependencies unless --no-deps): their images are observed, their unchanged containers shown. */
  readonly selected: readonly ServiceConfig[];
  readonly waitTimeoutSeconds?: number | undefined;
  /** --quiet-build: builds run without showing their output. */
  readonly quietBuild?: boolean;
  /** COMPOSE_IGNORE_ORPHANS: no orphan warning. */
  readonly ignoreOrphans?: boolean;
  /** The command's own guard, taken at its start; disposed when the plan has run. */
  readonly interrupts?: InterruptGuard;
}

/**
 * `up`'s pipeline, from the project lock to the executed plan: observe, decide, raise refusals, ask
 * questions, run (or print for --dry-run). `watch` runs it too, to start services and to rebuild one.
 */
export async function convergeProject(project: Project, options: GlobalOptions, upOptions: UpOptions, run: ConvergeRun): Promise<void> {
  const { interrupts } = run;
  const lock = await lockProject(options, project.name, interrupts?.stop);
  try {
    const request = {
      projectName: project.name,
      volumeNames: Object.values(project.volumes).map((volume) => volume.name),
      networkNames: Object.values(project.networks).map((network) => network.name),
      images: run.selected.map((service) => serviceImage(project, service)),
      apiVersion: needsEngineVersion(project),
      allowUnreachable: options.dryRun,
    };
    const { observed, decision } = await observeForPlan(request, (seen) => decideUp(project, seen, upOptions));
    if (!observed.engineReachable) process.stderr.write(unreachableNote(observed));
    let plan = planDecided(project, observed, decision);
    const [refusal] = plan.refusals ?? [];
    if (refusal !== undefined) throw new UserError(refusal);
    const agreed = await askQuestions(plan.questions ?? [], { dryRun: options.dryRun });
    if (agreed.length > 0) plan = planDecided(project, observed, answerQuestions(project, observed, decision, agreed));
    const warnings = run.ignoreOrphans === true ? plan.warnings.filter((warning) => !warning.startsWith('Found orphan containers')) : plan.warnings;
    const unchanged = unchangedContainers(plan, observed, run.selected.map((service) => service.name));
    await runPlan({ ...plan, warnings }, options, {
      heading: `berth up --dry-run: what berth would run now for project "${project.name}"`,
      waitTimeoutSeconds: run.waitTimeoutSeconds,
      ...(run.quietBuild === true ? { quietBuild: true } : {}),
      knownImages: observed.images,
      unchanged,
      ...(interrupts === undefined ? {} : { interrupts }),
    });
  } finally {
    interrupts?.dispose();
    lock.release();
  }
}
