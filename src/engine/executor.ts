import { DockerCommandError, UserError } from '../model/errors.js';
import { processEnvironment } from './environment.js';
import type { ExecutionCondition, Step, WaitSpec } from '../model/plan.js';
import { withPreparedCommand } from './child-env.js';
import { copyArchive } from './copy-files.js';
import { runDocker } from './docker.js';
import { lookupImages } from './observe-resources.js';

/** Runs plan steps against the engine. */
export interface StepRunner {
  /**
   * Runs the step; resolves to the word progress shows instead of `step.done` when it failed repairably.
   * `output`: receives the lines a build prints while it runs.
   */
  run(step: Step, signal: AbortSignal, output?: (line: string) => void): Promise<string | undefined>;
  /** Whether a step's execution-time condition holds (see Step.onlyIf). */
  holds(condition: ExecutionCondition): Promise<boolean>;
}

export interface WaitOptions {
  /** Give up after this many seconds (--wait-timeout); undefined waits as long as it takes. */
  readonly timeoutSeconds?: number | undefined;
  readonly pollMilliseconds?: number;
}

/** Runs steps with the real docker CLI. */
export class DockerStepRunner implements StepRunner {
  private readonly imageIds = new Map<string, Promise<string | undefined>>();
  /** Steps that failed with one of their repairable errors (Step.repairable). */
  private readonly repairNeeded = new Set<string>();

  /** `knownImages`: image IDs observed before the plan was made (a build or pull in the plan replaces them). */
  constructor(private readonly waitOptions: WaitOptions = {}, knownImages: ReadonlyMap<string, string> = new Map()) {
    for (const [reference, id] of knownImages) this.imageIds.set(reference, Promise.resolve(id));
  }

  /**
   * An image's local ID, looked up once and shared by every step that needs it (30 replicas of one
   * image cost one `docker image inspect`). A build or pull of the image forgets it; the steps that
   * use the image wait for that build, so they see the new ID.
   */
  private imageId(reference: string): Promise<string | undefined> {
    let id = this.imageIds.get(reference);
    if (id === undefined) {
      id = lookupImages([reference]).then((found) => found.get(reference));
      this.imageIds.set(reference, id);
    }
    return id;
  }

  async holds(condition: ExecutionCondition): Promise<boolean> {
    if ('failedStep' in condition) return this.repairNeeded.has(condition.failedStep);
    if ('succeededStep' in condition) return !this.repairNeeded.has(condition.succeededStep);
    const changed = (await this.imageId(condition.imageIdOf)) !== condition.imageId;
    return condition.when === 'changed' ? changed : !changed;
  }

  async run(step: Step, signal: AbortSignal, output?: (line: string) => void): Promise<string | undefined> {
    if (step.wait !== undefined) {
      await waitForContainer(step.wait, this.waitOptions, signal);
      return undefined;
    }
    const input = step.copy !== undefined ? copyArchive(step.copy, processEnvironment()) : step.input;
    const { argv, result } = await withPreparedCommand(step.argv, (reference) => this.imageId(reference), async ({ argv, env }) => ({
      argv,
      result: await runDocker(argv, { signal, env, ...(input === undefined ? {} : { input }), ...(output === undefined || step.kind !== 'image.build' ? {} : { onLine: output }) }),
    }));
    if (step.kind === 'image.build' || step.kind === 'image.pull') this.imageIds.delete(step.resource.name);
    if (result.exitCode !== 0 && step.repairable !== undefined && new RegExp(step.repairable.errors).test(result.stderr)) {
      this.repairNeeded.add(step.id);
      return step.repairable.word;
    }
    // A hook's own output may be all there is to say why it failed (docker exec prints the runtime's error on stdout too).
    const why = step.failsAs !== undefined && result.stderr.trim() === '' ? result.stdout : result.stderr;
    if (result.exitCode !== 0) throw new DockerCommandError(argv, result.exitCode, why);
    return undefined;
  }
}

const INSPECT_STATE = '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}} {{.State.ExitCode}}';

/** Polls `docker inspect` until the container meets the condition; throws a UserError naming it otherwise. */
export async function waitForContainer(spec: WaitSpec, options: WaitOptions, signal: AbortSignal): Promise<void> {
  const deadline = options.timeoutSeconds === undefined ? Infinity : Date.now() + options.timeoutSeconds * 1000;
  const poll = options.pollMilliseconds ?? 500;
  for (;;) {
    const result = await runDocker(['inspect', '--format', INSPECT_STATE, spec.container], { signal });
    if (result.exitCode !== 0) throw new UserError(`dependency failed to start: container ${spec.container} not found`);
    const [status = '', health = '', exitCode = ''] = result.stdout.trim().split(' ');
    const verdict = judge(spec, status, health, exitCode);
    if (verdict === true) return;
    if (typeof verdict === 'string') throw new UserError(verdict);
    if (Date.now() > deadline) throw new UserError(`timeout waiting for ${spec.service}: container ${spec.container} is ${health === 'none' ? status : health}`);
    if (signal.aborted) throw new UserError('interrupted');
    await new Promise((resolve) => setTimeout(resolve, poll));
  }
}

/** true: condition met; a string: it never will be (the error); false: keep waiting. */
function judge(spec: WaitSpec, status: string, health: string, exitCode: string): true | string | false {
  const stopped = status === 'exited' || status === 'dead';
  switch (spec.condition) {
    case 'completed':
      if (!stopped) return false;
      return exitCode === '0' ? true : `service "${spec.service}" didn't complete successfully: exit ${exitCode}`;
    case 'healthy':
      if (health === 'healthy') return true;
      if (health === 'unhealthy') return `dependency failed to start: container ${spec.container} is unhealthy`;
      if (health === 'none') return `dependency failed to start: container ${spec.container} has no healthcheck configured`;
      return stopped ? `dependency failed to start: container ${spec.container} exited (${exitCode})` : false;
    case 'running':
      if (status === 'running') return true;
      return stopped ? `container ${spec.container} exited (${exitCode})` : false;
    case 'running_or_healthy':
      if (health === 'healthy' || (health === 'none' && status === 'running')) return true;
      if (health === 'unhealthy') return `container ${spec.container} is unhealthy`;
      return stopped ? `container ${spec.container} exited (${exitCode})` : false;
  }
}
