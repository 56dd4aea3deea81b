import type { Argv, CommandModule } from 'yargs';
import { upCommand } from './up.js';

/** `create`: `up --no-start` (containers, networks, volumes and images, nothing started). */
export const createCommand: CommandModule = {
  command: 'create [services..]',
  describe: 'Creates containers for a service',
  builder: (yargs: Argv) =>
    yargs
      .option('build', { type: 'boolean', default: false, description: 'Build images before starting containers' })
      .option('no-build', { type: 'boolean', default: false, description: "Don't build an image, even if it's missing" })
      .option('pull', { type: 'string', description: 'Pull image before running ("always"|"missing"|"never"|"build")' })
      .option('quiet-pull', { type: 'boolean', default: false, description: 'Pull without printing progress information' })
      .option('force-recreate', { type: 'boolean', default: false, description: "Recreate containers even if their configuration and image haven't changed" })
      .option('no-recreate', { type: 'boolean', default: false, description: "If containers already exist, don't recreate them" })
      .option('remove-orphans', { type: 'boolean', description: 'Remove containers for services not defined in the Compose file' })
      .option('scale', { type: 'string', array: true, nargs: 1, default: [] as string[], description: 'Scale SERVICE to NUM instances' }),
  handler: (argv) => upCommand.handler({ ...argv, noStart: true, detach: true }),
};
