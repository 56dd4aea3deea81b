import type { Argv, CommandModule } from 'yargs';
import { installPlugin, uninstallPlugin } from '../plugin.js';

const directoryOption = (yargs: Argv) =>
  yargs.option('dir', { type: 'string', description: 'Plugin directory (default $DOCKER_CONFIG/cli-plugins or ~/.docker/cli-plugins; /usr/local/lib/docker/cli-plugins for all users)' });

export const installPluginCommand: CommandModule = {
  command: 'install-plugin',
  describe: 'Install berth as the docker CLI plugin, so that `docker compose` runs berth',
  builder: (yargs: Argv) =>
    directoryOption(yargs).option('force', { type: 'boolean', default: false, description: 'Replace a docker-compose plugin that is not berth\'s (it is kept; uninstall-plugin restores it)' }),
  handler: (argv) => {
    const change = installPlugin(argv['dir'] as string | undefined, { force: argv['force'] === true });
    if (change.backup !== undefined) process.stdout.write(`kept the previous plugin as ${change.backup}\n`);
    process.stdout.write(`installed ${change.target}: \`docker compose\` now runs berth\n`);
  },
};

export const uninstallPluginCommand: CommandModule = {
  command: 'uninstall-plugin',
  describe: 'Remove the docker CLI plugin that install-plugin wrote, and restore the plugin it replaced',
  builder: directoryOption,
  handler: (argv) => {
    const change = uninstallPlugin(argv['dir'] as string | undefined);
    process.stdout.write(change.backup === undefined ? `removed ${change.target}\n` : `removed berth's plugin and restored the previous ${change.target}\n`);
  },
};
