import type { Argv, CommandModule } from 'yargs';
import { BERTH_VERSION } from '../../model/labels.js';

export const versionCommand: CommandModule = {
  command: 'version',
  describe: 'Show the berth version information',
  builder: (yargs: Argv) =>
    yargs
      .option('short', { type: 'boolean', default: false, description: "Shows only berth's version number" })
      .option('format', { type: 'string', choices: ['pretty', 'json'], default: 'pretty', description: 'Format the output' }),
  handler: (argv) => {
    if (argv['short'] === true) process.stdout.write(`${BERTH_VERSION}\n`);
    else if (argv['format'] === 'json') process.stdout.write(`${JSON.stringify({ version: `v${BERTH_VERSION}` })}\n`);
    else process.stdout.write(`berth version v${BERTH_VERSION}\n`);
  },
};
