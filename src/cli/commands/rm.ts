import { lifecycleCommand } from '../lifecycle-command.js';

export const rmCommand = lifecycleCommand({
  name: 'rm',
  describe: 'Removes stopped service containers',
  options: (yargs) =>
    yargs
      .option('force', { type: 'boolean', default: false, description: "Don't ask to confirm removal (berth never asks)" })
      .option('stop', { alias: 's', type: 'boolean', default: false, description: 'Stop the containers, if required, before removing' })
      .option('volumes', { alias: 'v', type: 'boolean', default: false, description: 'Remove any anonymous volumes attached to containers' }),
  read: (argv) => ({ stop: argv['stop'] === true, volumes: argv['volumes'] === true }),
  nothingToDo: 'No stopped containers',
});
