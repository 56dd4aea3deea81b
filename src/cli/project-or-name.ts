import { unreachableNote, type ObservedState } from '../model/observed.js';
import type { Project } from '../model/project.js';
import { UserError } from '../model/errors.js';
import { observeProject } from '../engine/observe.js';
import { serviceImage } from '../plan/names.js';
import { projectFromLabels } from '../plan/project-from-labels.js';
import { loadFromOptions } from './context.js';
import type { GlobalOptions } from './global-options.js';
import { lockProject } from './project-lock.js';
import type { ProjectLock } from '../engine/project-lock.js';

/** The model when a compose file is there; with only `-p`, undefined (rebuilt from labels later). */
export function loadOrNameOnly(options: GlobalOptions): Project | undefined {
  try {
    return loadFromOptions(options);
  } catch (error) {
    const noFile = error instanceof UserError && error.message.startsWith('no configuration file provided');
    if (noFile && options.projectName !== undefined && options.file.length === 0) return undefined;
    throw error;
  }
}

/**
 * compose's projectOrName: the loaded model, or with only `-p NAME` and no compose file, the project
 * rebuilt from the engine's labels; plus one look at the engine. `needs`: whether the command reads
 * the model's volumes (down -v) and images (down --rmi); every lookup left out is a docker process less;
 * `lock`: take the project's lock first (commands that change the engine; released at exit at the latest).
 * Without a model the project's volumes are always listed: the project is rebuilt from them.
 */
export async function projectAndState(options: GlobalOptions, needs: { volumes?: boolean; images?: boolean; lock?: boolean; stop?: AbortSignal } = {}): Promise<{ project: Project; observed: ObservedState; lock: ProjectLock }> {
  const model = loadOrNameOnly(options);
  const projectName = model?.name ?? (options.projectName as string);
  // A command that changes the engine observes only once no other berth works on the project.
  const lock = needs.lock === true ? await lockProject(options, projectName, needs.stop) : { release: () => undefined };
  const observed = await observeProject({
    projectName,
    ...(model === undefined ? {} : {
      volumeNames: needs.volumes === true ? Object.values(model.volumes).map((volume) => volume.name) : [],
      networkNames: Object.values(model.networks).map((network) => network.name),
    }),
    images: model === undefined || needs.images !== true ? [] : Object.values(model.services).map((service) => serviceImage(model, service)),
    allowUnreachable: options.dryRun,
  });
  if (!observed.engineReachable) process.stderr.write(unreachableNote(observed));
  return { project: model ?? projectFromLabels(projectName, observed), observed, lock };
}
