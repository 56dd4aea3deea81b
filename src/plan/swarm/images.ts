/**
 * The images a stack builds: `docker build` of each `build:` service, then `docker push` to the
 * registry its image names, so every node of the swarm can pull it (the seed's build + push + deploy).
 */
import type { Plan } from '../../model/plan.js';
import type { Project, ServiceConfig } from '../../model/project.js';
import { planBuild, planPush } from '../images.js';
import { serviceImage } from '../names.js';

/** Whether an image reference names its registry (`host.name/...`, `host:port/...`, `localhost/...`). */
export function namesRegistry(image: string): boolean {
  const slash = image.indexOf('/');
  if (slash < 0) return false;
  const first = image.slice(0, slash);
  return first === 'localhost' || first.includes('.') || first.includes(':');
}

/** The stack's services that build their image, by name. */
export function buildServices(project: Project): ServiceConfig[] {
  return Object.values(project.services).filter((service) => service.build !== undefined).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * Build steps, and a push (after its build) of each image that names a registry. An image naming no
 * registry is built and deployed unpushed, with a warning: only this node has it (pushing it would
 * publish it on Docker Hub, which a deploy should never do unasked).
 */
export function planStackImages(project: Project): Plan {
  const services = buildServices(project);
  const build = planBuild(project, services);
  const pushed = services.filter((service) => namesRegistry(serviceImage(project, service)));
  const local = services.filter((service) => !pushed.includes(service)).map((service) =>
    `warning: services.${service.name}.image: ${serviceImage(project, service)} names no registry: built and deployed without push, so only this node can run its tasks (name it REGISTRY/${serviceImage(project, service)} to push it)`);
  const push = planPush(project, pushed).steps.map((step) => ({ ...step, dependsOn: [`image:${step.resource.name}`], cause: 'built for the stack: the nodes pull it from its registry' }));
  return { steps: [...build.steps, ...push], warnings: [...build.warnings, ...local] };
}

/** The image a built service deploys: its pushed digest (`repo:tag@sha256:...`, so a rebuild rolls), else its name. */
export function deployedImage(image: string, repoDigests: readonly string[]): string {
  const tagged = image.lastIndexOf(':') > image.lastIndexOf('/') ? image : `${image}:latest`;
  const repository = tagged.slice(0, tagged.lastIndexOf(':'));
  const digest = repoDigests.find((entry) => entry.startsWith(`${repository}@`));
  return digest === undefined ? image : `${tagged}@${digest.slice(repository.length + 1)}`;
}
