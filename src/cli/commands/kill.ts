import { lifecycleCommand } from '../lifecycle-command.js';

export const killCommand = lifecycleCommand({
  name: 'kill',
  describe: 'Force stop service containers',
  options: (yargs) =>
    yargs
      .option('signal', { alias: 's', type: 'string', default: 'SIGKILL', description: 'SIGNAL to send to the container' })
      .option('remove-orphans', { type: 'boolean', description: 'Remove containers for services not defined in the Compose file' }),
  read: (argv, options) => ({
    signal: String(argv['signal']),
    removeOrphans: (argv['removeOrphans'] as boolean | undefined) ?? /^(1|true)$/i.test(options.settings['COMPOSE_REMOVE_ORPHANS'] ?? ''),
  }),
});
