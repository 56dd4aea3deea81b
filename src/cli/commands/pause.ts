import { lifecycleCommand } from '../lifecycle-command.js';

export const pauseCommand = lifecycleCommand({ name: 'pause', describe: 'Pause services' });
