import type { ObservedState } from '../model/observed.js';
import type { Plan, Step } from '../model/plan.js';
import type { Project, ServiceConfig } from '../model/project.js';
import { buildInvocation, type BuilderFlags, type BuildingService } from './container-args.js';
import { serviceImage } from './names.js';
import { PlanBuilder } from './plan-builder.js';

export interface BuildOptions {
  readonly noCache?: boolean;
  readonly pull?: boolean;
  /** --build-arg KEY=VALUE (or KEY, taken from the environment), over build.args. */
  readonly buildArgs?: Readonly<Record<string, string>>;
  readonly quiet?: boolean;
  /** --push: push the image (and its build.tags) once built, when the service names an `image:` (as compose). */
  readonly push?: boolean;
  /** --check: BuildKit's checks (`docker buildx build --check`) instead of a build. */
  readonly check?: boolean;
  /** --builder, -m/--memory, --provenance, --sbom, --ssh. */
  readonly builderFlags?: BuilderFlags;
}

/** `build`: one docker build per service that has a build section (each image once). */
export function planBuild(project: Project, services: readonly ServiceConfig[], options: BuildOptions = {}): Plan {
  const builder = new PlanBuilder();
  for (const service of services) {
    if (service.build === undefined) continue;
    const image = serviceImage(project, service);
    const withArgs: BuildingService = { ...service, build: { ...service.build, args: { ...service.build.args, ...options.buildArgs } } };
    const invocation = buildInvocation(project, withArgs, { ...options, warn: (message) => builder.warnOnce(message) });
    const built = builder.add({
      id: `image:${image}`, kind: 'image.build', resource: { type: 'Image', name: image }, service: service.name, cause: options.check === true ? 'build checks requested' : 'build requested',
      ...invocation, ...(service.build.dockerfile_inline === undefined ? {} : { input: service.build.dockerfile_inline }), dependsOn: [],
      ...(options.check === true ? { doing: 'Checking', done: 'Checked' } : { doing: 'Building', done: 'Built' }),
    });
    if (options.push === true && options.check !== true && service.image !== undefined) {
      for (const reference of new Set([image, ...(service.build.tags ?? [])])) builder.add(pushStep(reference, service, [built], { quiet: options.quiet === true }));
    }
  }
  return builder.build();
}

export interface PullOptions {
  readonly ignoreBuildable?: boolean;
  readonly ignorePullFailures?: boolean;
  /** missing: pull only images not present locally; always: pull every image. */
  readonly policy?: 'missing' | 'always';
  readonly quiet?: boolean;
}

/** `pull`: docker pull for each service image, honouring pull_policy (never/build skip). */
export function planPull(project: Project, observed: ObservedState, services: readonly ServiceConfig[], options: PullOptions = {}): Plan {
  const builder = new PlanBuilder();
  for (const service of services) {
    const image = serviceImage(project, service);
    const policy = service.pull_policy ?? 'missing';
    if (policy === 'never' || policy === 'build') continue;
    if (service.image === undefined) continue;
    if (service.build !== undefined && options.ignoreBuildable === true) continue;
    if (options.policy === 'missing' && observed.images.has(image)) continue;
    builder.add({
      id: `image:${image}`, kind: 'image.pull', resource: { type: 'Image', name: image }, service: service.name, cause: 'pull requested',
      argv: ['pull', ...(options.quiet === true ? ['-q'] : []), image], dependsOn: [], doing: 'Pulling', done: 'Pulled',
      // compose: an image that can be built is built instead, one that cannot fails the pull unless told to ignore failures.
      ...(service.build !== undefined ? { bestEffort: true, failedWord: 'Skipped: pull failed, can be built' } : options.ignorePullFailures === true ? { bestEffort: true, failedWord: 'Error' } : {}),
    });
  }
  return builder.build();
}

/** `push`: docker push for each service that builds an image with an explicit `image:` name. */
export function planPush(project: Project, services: readonly ServiceConfig[], options: { ignorePushFailures?: boolean; quiet?: boolean } = {}): Plan {
  const builder = new PlanBuilder();
  for (const service of services) {
    if (service.build === undefined || service.image === undefined) continue;
    const image = serviceImage(project, service);
    builder.add(pushStep(image, service, [], { quiet: options.quiet === true, bestEffort: options.ignorePushFailures === true }));
  }
  return builder.build();
}

/** `docker push` of one image reference of a service. */
function pushStep(image: string, service: ServiceConfig, dependsOn: readonly string[], options: { quiet: boolean; bestEffort?: boolean }): Step {
  return {
    id: `image:${image}:push`, kind: 'image.push', resource: { type: 'Image', name: image }, service: service.name, cause: 'push requested',
    argv: ['push', ...(options.quiet ? ['-q'] : []), image], dependsOn, doing: 'Pushing', done: 'Pushed',
    ...(options.bestEffort === true ? { bestEffort: true } : {}),
  };
}
