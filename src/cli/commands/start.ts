import { UserError } from '../../model/errors.js';
import { lifecycleCommand } from '../lifecycle-command.js';

export const startCommand = lifecycleCommand({
  name: 'start',
  describe: 'Start services',
  options: (yargs) =>
    yargs
      .option('wait', { type: 'boolean', default: false, description: 'Wait for services to be running|healthy' })
      .option('wait-timeout', { type: 'number', description: 'Maximum duration in seconds to wait for the project to be running|healthy' }),
  read: (argv) => {
    const waitTimeout = argv['waitTimeout'] as number | undefined;
    if (waitTimeout !== undefined && (Number.isNaN(waitTimeout) || waitTimeout < 0)) throw new UserError('--wait-timeout must be a positive integer');
    return { wait: argv['wait'] === true };
  },
});
