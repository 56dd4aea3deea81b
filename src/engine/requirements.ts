import type { Plan } from '../model/plan.js';
import { UserError } from '../model/errors.js';
import { runDocker } from './docker.js';

/**
 * What a plan needs of the docker CLI beyond itself, checked before its first step: keys only
 * BuildKit knows (build secrets, ssh, additional contexts...) need the buildx plugin. Without it the
 * command stops here, naming the keys, and nothing has changed.
 */
export async function checkPlanRequirements(plan: Plan): Promise<void> {
  const keys = [...new Set(plan.steps.flatMap((step) => step.needsBuildx ?? []))];
  if (keys.length === 0) return;
  const buildx = await runDocker(['buildx', 'version']);
  if (buildx.exitCode === 0) return;
  const why = buildx.stderr.split('\n').find((line) => line.trim() !== '')?.trim() ?? `exit status ${buildx.exitCode}`;
  // A key of the file can be removed; a flag (`build --check`) can only be left out.
  const remedy = keys.every((key) => key.startsWith('services.')) ? 'remove the key' : 'leave it out';
  throw new UserError(`${keys.join(', ')}: needs BuildKit, and this docker CLI has no buildx plugin (docker buildx version: ${why}); install it (Debian: docker-buildx) or ${remedy}`);
}
