import type { ServiceConfig } from '../../model/project.js';
import { serviceImage } from '../names.js';
import { type FlagContext } from './context.js';
import { registryFlags } from './registry-flags.js';

/** How the process runs: restart policy, user, directory, terminal, init, stop, logging, runtime (src/keys/families/process.ts). */
export const processFlags = registryFlags('process');

/** The image, then the command; a list entrypoint's tail goes before the command (the CLI takes one word). */
export function imageAndCommand(context: FlagContext): string[] {
  const service: ServiceConfig = context.service;
  const entrypointTail = service.entrypoint?.slice(1) ?? [];
  return [serviceImage(context.project, service), ...entrypointTail, ...(service.command ?? [])];
}
