import type { Argv, CommandModule } from 'yargs';
import { installPlugin } from '../plugin.js';

export const installPluginCommand: CommandModule = {
  command: 'install-plugin',
  describe: 'Install berth as the docker CLI plugin, so that `docker compose` runs berth',
  builder: (yargs: Argv) =>
    yargs.option('dir', { type: 'string', description: 'Plugin directory (default ~/.docker/cli-plugins; /usr/local/lib/docker/cli-plugins for all users)' }),
  handler: (argv) => {
    const target = installPlugin(argv['dir'] as string | undefined);
    process.stdout.write(`installed ${target}: \`docker compose\` now runs berth\n`);
  },
};
