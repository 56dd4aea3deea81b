import type { Argv, CommandModule } from 'yargs';
import { addCreateOptions } from '../up-options.js';
import { upCommand } from './up.js';

/** `create`: `up --no-start` (containers, networks, volumes and images, nothing started). */
export const createCommand: CommandModule = {
  command: 'create [services..]',
  describe: 'Creates containers for a service',
  builder: (yargs: Argv) => addCreateOptions(yargs),
  handler: (argv) => upCommand.handler({ ...argv, noStart: true, detach: true }),
};
