/** The Plan: docker invocations as data, ordered and linked by what each waits for. */

/** An argv element known only at execution time: the local ID of an image built or pulled earlier. */
export interface ImageIdArg {
  readonly prefix: string;
  readonly imageIdOf: string;
}
/**
 * A value docker reads from its own environment, so it stays off the process list: on argv only the
 * key (after `-e` or `--build-arg`); the value is set in that one docker command's environment
 * (null: removed from it, so a bare `-e KEY` unsets KEY in the container).
 */
export interface EnvValueArg {
  readonly env: string;
  readonly value: string | null;
}
/**
 * The path of a private `--env-file` holding `KEY=VALUE` lines, written just before the command and
 * removed right after it: for keys docker's CLI reads as its own settings (DOCKER_HOST, PATH, proxies).
 */
export interface EnvFileArg {
  readonly envFile: readonly string[];
}
export type ArgPart = string | ImageIdArg | EnvValueArg | EnvFileArg;

export type StepKind =
  | 'network.create' | 'network.remove' | 'network.connect' | 'network.disconnect'
  | 'volume.create' | 'volume.remove'
  | 'image.build' | 'image.pull' | 'image.push' | 'image.remove'
  | 'container.run' | 'container.create' | 'container.start' | 'container.stop'
  | 'container.remove' | 'container.rename' | 'container.kill' | 'container.restart'
  | 'container.pause' | 'container.unpause' | 'container.copy' | 'container.exec'
  | 'service.create' | 'service.update' | 'service.remove'
  | 'secret.create' | 'secret.remove' | 'config.create' | 'config.remove'
  | 'wait';

export type WaitCondition = 'healthy' | 'completed' | 'running' | 'running_or_healthy';

export interface WaitSpec {
  /** Container name to poll. */
  readonly container: string;
  readonly condition: WaitCondition;
  /** Service whose condition this is, for messages. */
  readonly service: string;
  /** false: a failure only warns (depends_on required: false). */
  readonly required: boolean;
}

/**
 * A step that runs only if an image's local ID, looked up when the step is due, has (`changed`) or
 * has not (`unchanged`) moved away from `imageId`: a recreate that a build may turn out not to need.
 */
export interface StepCondition {
  readonly imageIdOf: string;
  readonly imageId: string;
  readonly when: 'changed' | 'unchanged';
}

/**
 * A step that runs only if an earlier step (one it waits for) failed with one of the errors that step
 * marks as repairable (Step.repairable): the repair of a container an interrupted run left unstartable.
 */
export interface AfterFailure {
  readonly failedStep: string;
}

/** A step that runs only if an earlier repairable step did not fail (a hook after a start that may need repair). */
export interface AfterSuccess {
  readonly succeededStep: string;
}

/** What decides at execution time whether a step runs. */
export type ExecutionCondition = StepCondition | AfterFailure | AfterSuccess;

/** One file written into a created container before it starts (a secret or config without a host file). */
export interface CopyFile {
  /** Absolute path in the container. */
  readonly path: string;
  /** Permission bits. */
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** The file's text, or the variable of berth's environment that holds it. */
  readonly source: { readonly content: string } | { readonly environment: string };
  /** What it is, for messages: `secret "token"`. */
  readonly what: string;
}

/** `docker cp - CONTAINER:/` with a tar archive of `files` on standard input. */
export interface CopySpec {
  readonly container: string;
  readonly files: readonly CopyFile[];
}

export interface Step {
  /** Stable unique id, e.g. `network:default`, `container:web:1:run`. */
  readonly id: string;
  readonly kind: StepKind;
  /** What the step acts on, as progress shows it: `Container p-web-1`. */
  readonly resource: { readonly type: 'Network' | 'Volume' | 'Image' | 'Container' | 'Service' | 'Secret' | 'Config'; readonly name: string };
  readonly service?: string;
  /** Why: "not found", "config changed", ... (a comment in the dry-run script). */
  readonly cause: string;
  /** docker arguments, without the `docker` binary; empty for a wait. */
  readonly argv: readonly ArgPart[];
  /** Text for the command's standard input (e.g. `dockerfile_inline`). */
  readonly input?: string;
  /** Ids of steps that must finish first. */
  readonly dependsOn: readonly string[];
  /** Progress words: while running and when done. */
  readonly doing: string;
  readonly done: string;
  readonly wait?: WaitSpec;
  /** A failure becomes a warning (e.g. removing a network still in use). */
  readonly bestEffort?: boolean;
  /** What progress shows when a best-effort step fails (default: `Resource is still in use`). */
  readonly failedWord?: string;
  /** What a failure is called (`post_start hook of service "web"`): the error then gives docker's exit status and output. */
  readonly failsAs?: string;
  /** A failure fails the command, but the steps waiting for this one still run (a failing pre_stop hook: the stop goes on). */
  readonly failureDoesNotBlock?: boolean;
  /** For `container.copy`: the files to write (the engine builds the archive, the dry-run a printf pipeline). */
  readonly copy?: CopySpec;
  /** Decided at execution time; a step whose condition does not hold is skipped as satisfied. */
  readonly onlyIf?: ExecutionCondition;
  /**
   * docker errors (a regular expression) after which this step counts as done but failed: the steps
   * conditioned on its failure (AfterFailure) then repair what it could not do.
   */
  readonly repairable?: { readonly errors: string; readonly word: string };
  /**
   * Runs last, attached to the terminal (stdin, stdout, stderr), by the CLI once the other steps are
   * done: the one-off container of `run`. The dry-run script shows it like any other step.
   */
  readonly foreground?: boolean;
  /** Keys (`services.web.build.secrets`) that make the step need docker's buildx plugin; checked before any step runs. */
  readonly needsBuildx?: readonly string[];
}

export interface Plan {
  readonly steps: readonly Step[];
  /** Things the user should know that change nothing (orphans, ignored keys). */
  readonly warnings: readonly string[];
  /** Why the plan must not run (the CLI raises the first before anything changes). */
  readonly refusals?: readonly string[];
  /** What to ask the user before running (compose's prompts); the answers make a new decision. */
  readonly questions?: readonly Question[];
}

/** A yes/no question of the plan (e.g. whether to recreate a changed volume), by the key it is about. */
export interface Question {
  readonly key: string;
  readonly text: string;
}
