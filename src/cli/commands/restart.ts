import { lifecycleCommand, timeoutOption } from '../lifecycle-command.js';

export const restartCommand = lifecycleCommand({
  name: 'restart',
  describe: 'Restart service containers',
  options: (yargs) =>
    yargs
      .option('no-deps', { type: 'boolean', default: false, description: "Don't restart dependent services" })
      .option('timeout', { alias: 't', type: 'number', description: 'Specify a shutdown timeout in seconds' }),
  read: (argv) => ({ ...timeoutOption(argv), noDeps: argv['noDeps'] === true }),
});
