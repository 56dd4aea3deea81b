import { lifecycleCommand, timeoutOption } from '../lifecycle-command.js';

export const stopCommand = lifecycleCommand({
  name: 'stop',
  describe: 'Stop services',
  options: (yargs) => yargs.option('timeout', { alias: 't', type: 'number', description: 'Specify a shutdown timeout in seconds' }),
  read: timeoutOption,
});
