import type { ArgPart, Plan, Step } from '../model/plan.js';
import { renderCopy, TAR_FUNCTIONS } from './render-copy.js';
import { shellQuote } from './shell-quote.js';

/** A POSIX sh function that polls `docker inspect` until a container meets a condition. */
const WAIT_FUNCTION = `# berth_wait CONTAINER CONDITION: poll docker inspect until the condition holds (healthy | completed | running | running_or_healthy).
berth_wait() {
  while :; do
    set -- "$1" "$2" $(docker inspect --format '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}} {{.State.ExitCode}}' "$1")
    case "$2:$3:$4" in
      healthy:*:healthy|running_or_healthy:*:healthy|running_or_healthy:running:none|running:running:*) return 0 ;;
      completed:exited:*|completed:dead:*)
        [ "$5" = 0 ] && return 0
        echo "container $1 didn't complete successfully: exit $5" >&2; return 1 ;;
      *:*:unhealthy) echo "container $1 is unhealthy" >&2; return 1 ;;
      healthy:*:none) echo "container $1 has no healthcheck configured" >&2; return 1 ;;
      *:exited:*|*:dead:*) echo "container $1 exited ($5)" >&2; return 1 ;;
    esac
    sleep 1
  done
}
`;

/** A POSIX sh function writing a private env file, as berth does for keys docker's CLI reads itself. */
const ENV_FILE_FUNCTION = `# berth_env_file KEY=VALUE...: a private --env-file (0600 in a 0700 directory removed on exit), as
# berth writes for keys docker's CLI reads itself (DOCKER_*, PATH, HOME, proxies): -e KEY can't carry those.
berth_env_dir=$(umask 077 && mktemp -d)
trap 'rm -rf "$berth_env_dir"' EXIT
berth_env_file() {
  berth_env_path=$(mktemp "$berth_env_dir/env.XXXXXX")
  printf '%s\\n' "$@" >"$berth_env_path"
  printf '%s\\n' "$berth_env_path"
}
`;

/**
 * Renders one argv element for sh: an image-ID placeholder becomes a command substitution, a value
 * docker reads from its environment its bare key, a private env file a call of berth_env_file.
 */
export function renderArg(part: ArgPart): string {
  if (typeof part === 'string') return shellQuote(part);
  if ('env' in part) return shellQuote(part.env);
  if ('envFile' in part) return `"$(berth_env_file ${part.envFile.map(shellQuote).join(' ')})"`;
  const prefix = part.prefix.replace(/[\\"$`]/g, (char) => `\\${char}`);
  return `"${prefix}$(docker image inspect --format '{{.Id}}' ${shellQuote(part.imageIdOf)})"`;
}

const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `docker ARGS`, preceded by the values that berth passes in docker's environment, as assignments
 * for that one command (`KEY='value' docker run -e KEY ...`; through `env` when a key is no shell name).
 */
export function renderDockerLine(argv: readonly ArgPart[]): string {
  // Built by appending: a plan of 10,000 containers renders ~300,000 words.
  let line = 'docker';
  const assignments: string[] = [];
  for (const part of argv) {
    line += ` ${renderArg(part)}`;
    if (typeof part !== 'string' && 'env' in part && part.value !== null) assignments.push(`${part.env}=${part.value}`);
  }
  if (assignments.length === 0) return line;
  const words = [line];
  const viaEnv = assignments.some((assignment) => !SHELL_NAME.test(assignment.slice(0, assignment.indexOf('='))));
  const rendered = assignments.map((assignment) => {
    const at = assignment.indexOf('=');
    return viaEnv ? shellQuote(assignment) : `${assignment.slice(0, at)}=${shellQuote(assignment.slice(at + 1))}`;
  });
  return [...(viaEnv ? ['env'] : []), ...rendered, ...words].join(' ');
}

function usesEnvFile(argv: readonly ArgPart[]): boolean {
  return argv.some((part) => typeof part !== 'string' && 'envFile' in part);
}

/** Shell variables that record a repairable step's failure, by step id: `berth_failed_1`, ... */
type FailureFlags = ReadonlyMap<string, string>;

function renderCommand(step: Step, flags: FailureFlags): string {
  if (step.wait !== undefined) {
    const call = `berth_wait ${shellQuote(step.wait.container)} ${step.wait.condition}`;
    return step.wait.required ? call : `${call} || echo ${shellQuote(`optional dependency "${step.wait.service}" is not ready`)} >&2`;
  }
  if (step.copy !== undefined) return renderCopy(step.copy);
  let line = renderDockerLine(step.argv);
  const flag = flags.get(step.id);
  if (flag !== undefined) line += ` || ${flag}=1`;
  if (step.failureDoesNotBlock === true) line += ` || echo ${shellQuote(`warning: ${step.failsAs ?? step.resource.name} failed; going on`)} >&2`;
  if (step.bestEffort === true) line += ` || echo ${shellQuote(`warning: ${step.resource.type.toLowerCase()} ${step.resource.name} ${step.kind === 'image.pull' ? 'was not pulled' : 'was not removed'}`)} >&2`;
  if (step.input !== undefined) {
    const marker = uniqueMarker(step.input);
    line += ` <<'${marker}'\n${step.input}${step.input.endsWith('\n') ? '' : '\n'}${marker}`;
  }
  return line;
}

function uniqueMarker(text: string): string {
  let marker = 'BERTH_EOF';
  while (text.split('\n').includes(marker)) marker += '_';
  return marker;
}

function renderComment(step: Step): string {
  const owner = step.service === undefined || step.resource.type === 'Container' && step.resource.name.includes(step.service) ? '' : ` (service ${step.service})`;
  return `# ${step.resource.type} ${step.resource.name}${owner}: ${step.cause}`.replace(/\n/g, ' ');
}

/**
 * A step decided at execution time runs inside an `if`: comparing the image's ID after the build, or
 * testing the flag a repairable step set when it failed.
 */
function renderConditional(step: Step, command: string, flags: FailureFlags): string {
  if (step.onlyIf === undefined) return command;
  if ('failedStep' in step.onlyIf || 'succeededStep' in step.onlyIf) {
    const failed = 'failedStep' in step.onlyIf;
    const flag = flags.get(failed ? step.onlyIf.failedStep : step.onlyIf.succeededStep) ?? 'berth_failed';
    return `# only if that ${failed ? 'failed' : 'succeeded'}\nif [ "\${${flag}:-}" ${failed ? '=' : '!='} 1 ]; then\n${command}\nfi`;
  }
  const test = step.onlyIf.when === 'changed' ? '!=' : '=';
  const lookup = `"$(docker image inspect --format '{{.Id}}' ${shellQuote(step.onlyIf.imageIdOf)})"`;
  const note = `# only if the build ${step.onlyIf.when === 'changed' ? 'changed' : 'did not change'} the image ID (was ${step.onlyIf.imageId || 'unknown'})`;
  // The command is not indented: a here-document or a quoted multi-line value must stay as it is.
  return `${note}\nif [ ${lookup} ${test} ${shellQuote(step.onlyIf.imageId)} ]; then\n${command}\nfi`;
}

/**
 * The plan as a POSIX shell script: `set -eu`, each command quoted and preceded by a comment naming
 * the resource and the reason. Steps come in plan order, which respects every dependency.
 */
export function renderScript(plan: Plan, heading: string): string {
  return `${[...scriptLines(plan, heading)].join('\n')}\n`;
}

/** The lines of renderScript's script, one at a time (a plan of 10,000 containers is megabytes of script). */
export function* scriptLines(plan: Plan, heading: string): Generator<string> {
  yield* ['#!/bin/sh', `# ${heading}`, 'set -eu'];
  if (plan.steps.some((step) => step.wait !== undefined)) yield* ['', WAIT_FUNCTION.trimEnd()];
  if (plan.steps.some((step) => usesEnvFile(step.argv))) yield* ['', ENV_FILE_FUNCTION.trimEnd()];
  if (plan.steps.some((step) => step.copy !== undefined)) yield* ['', TAR_FUNCTIONS.trimEnd()];
  const flags = new Map(plan.steps.filter((step) => step.repairable !== undefined).map((step, index) => [step.id, `berth_failed_${index + 1}`]));
  for (const step of plan.steps) {
    yield '';
    yield renderComment(step);
    yield renderConditional(step, renderCommand(step, flags), flags);
  }
  if (plan.steps.length === 0) yield* ['', '# nothing to do: the project is up to date'];
}
