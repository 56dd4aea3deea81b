import { lifecycleCommand } from '../lifecycle-command.js';

export const unpauseCommand = lifecycleCommand({ name: 'unpause', describe: 'Unpause services' });
