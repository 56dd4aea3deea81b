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

/** Renders one argv element for sh; an image-ID placeholder becomes a command substitution. */
export function renderArg(part: ArgPart): string {
  if (typeof part === 'string') return shellQuote(part);
  const prefix = part.prefix.replace(/[\\"$`]/g, (char) => `\\${char}`);
  return `"${prefix}$(docker image inspect --format '{{.Id}}' ${shellQuote(part.imageIdOf)})"`;
}

function renderCommand(step: Step): string {
  if (step.wait !== undefined) {
    const call = `berth_wait ${shellQuote(step.wait.container)} ${step.wait.condition}`;
    return step.wait.required ? call : `${call} || echo ${shellQuote(`optional dependency "${step.wait.service}" is not ready`)} >&2`;
  }
  if (step.copy !== undefined) return renderCopy(step.copy);
  let line = ['docker', ...step.argv.map(renderArg)].join(' ');
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

/** A step decided at execution time runs inside an `if` comparing the image's ID after the build. */
function renderConditional(step: Step, command: string): string {
  if (step.onlyIf === undefined) return command;
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
  const lines = ['#!/bin/sh', `# ${heading}`, 'set -eu'];
  if (plan.steps.some((step) => step.wait !== undefined)) lines.push('', WAIT_FUNCTION.trimEnd());
  if (plan.steps.some((step) => step.copy !== undefined)) lines.push('', TAR_FUNCTIONS.trimEnd());
  for (const step of plan.steps) lines.push('', renderComment(step), renderConditional(step, renderCommand(step)));
  if (plan.steps.length === 0) lines.push('', '# nothing to do: the project is up to date');
  return `${lines.join('\n')}\n`;
}
