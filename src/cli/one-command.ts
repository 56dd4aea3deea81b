import { runDockerInteractive } from '../engine/docker.js';
import { ExitStatus, UserError } from '../model/errors.js';
import type { ObservedContainer } from '../model/observed.js';
import { renderDockerLine } from '../plan/render-script.js';
import { checkServices, observeContainers, pickContainer } from './containers.js';
import { loadFromOptions } from './context.js';
import type { GlobalOptions } from './global-options.js';
import { commandName } from './plugin.js';

/** The running container of SERVICE (`--index N`, else the first) that attach, export and commit act on. */
export async function serviceContainer(options: GlobalOptions, argv: Record<string, unknown>): Promise<{ projectName: string; container: ObservedContainer }> {
  const project = loadFromOptions(options);
  const service = String(argv['service']);
  checkServices(project, [service]);
  // As in docker compose, --index 0 (its default) means the first container.
  const index = (argv['index'] as number | undefined) || undefined;
  if (index !== undefined && index < 0) throw new UserError(`invalid --index ${index}: replicas are numbered from 1`);
  return { projectName: project.name, container: pickContainer(await observeContainers(project), service, index) };
}

/**
 * Runs one docker command on the terminal (its exit status is berth's), or with --dry-run prints it
 * as a script, with a comment naming the container and what the command does.
 */
export async function runOrPrint(options: GlobalOptions, command: string, projectName: string, container: ObservedContainer, argv: readonly string[]): Promise<void> {
  if (options.dryRun) {
    const heading = `${commandName()} ${command} --dry-run: what berth would run now for project "${projectName}"`;
    process.stdout.write(['#!/bin/sh', `# ${heading}`, 'set -eu', '', `# Container ${container.name}: ${command}`, renderDockerLine(argv), ''].join('\n'));
    return;
  }
  await runInForeground(argv);
}

/**
 * Runs a docker command that owns the terminal, its exit status berth's. A Ctrl-C reaches docker
 * itself (same process group): berth waits for it to end rather than exit and leave it running.
 */
export async function runInForeground(argv: readonly string[]): Promise<void> {
  const wait = (): void => undefined;
  process.on('SIGINT', wait);
  try {
    const code = await runDockerInteractive(argv);
    if (code !== 0) throw new ExitStatus(code);
  } finally {
    process.off('SIGINT', wait);
  }
}
