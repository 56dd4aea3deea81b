import type { CommandModule } from 'yargs';

/**
 * Every berth command, by its command word, loaded on demand: a command imports only its own module
 * (a no-op `up` must not pay for listr2 or another command's dependencies). Add new command modules here.
 */
const COMMANDS: Readonly<Record<string, () => Promise<CommandModule>>> = {
  'attach': async () => (await import('./attach.js')).attachCommand,
  'build': async () => (await import('./images-commands.js')).buildCommand,
  'commit': async () => (await import('./commit.js')).commitCommand,
  'config': async () => (await import('./config.js')).configCommand,
  'cp': async () => (await import('./cp.js')).cpCommand,
  'create': async () => (await import('./create.js')).createCommand,
  'down': async () => (await import('./down.js')).downCommand,
  'events': async () => (await import('./events.js')).eventsCommand,
  'exec': async () => (await import('./exec.js')).execCommand,
  'export': async () => (await import('./export.js')).exportCommand,
  'images': async () => (await import('./images.js')).imagesCommand,
  'install-plugin': async () => (await import('./install-plugin.js')).installPluginCommand,
  'kill': async () => (await import('./kill.js')).killCommand,
  'logs': async () => (await import('./logs.js')).logsCommand,
  'ls': async () => (await import('./ls.js')).lsCommand,
  'pause': async () => (await import('./pause.js')).pauseCommand,
  'port': async () => (await import('./port.js')).portCommand,
  'ps': async () => (await import('./ps.js')).psCommand,
  'publish': async () => (await import('./publish.js')).publishCommand,
  'pull': async () => (await import('./images-commands.js')).pullCommand,
  'push': async () => (await import('./images-commands.js')).pushCommand,
  'restart': async () => (await import('./restart.js')).restartCommand,
  'rm': async () => (await import('./rm.js')).rmCommand,
  'run': async () => (await import('./run.js')).runCommand,
  'scale': async () => (await import('./scale.js')).scaleCommand,
  'stack': async () => (await import('./stack.js')).stackCommand,
  'start': async () => (await import('./start.js')).startCommand,
  'stats': async () => (await import('./stats.js')).statsCommand,
  'stop': async () => (await import('./stop.js')).stopCommand,
  'top': async () => (await import('./top.js')).topCommand,
  'uninstall-plugin': async () => (await import('./install-plugin.js')).uninstallPluginCommand,
  'unpause': async () => (await import('./unpause.js')).unpauseCommand,
  'up': async () => (await import('./up.js')).upCommand,
  'version': async () => (await import('./version.js')).versionCommand,
  'volumes': async () => (await import('./volumes.js')).volumesCommand,
  'wait': async () => (await import('./wait.js')).waitCommand,
  'watch': async () => (await import('./watch.js')).watchCommand,
};

/** Every command word, for help and "did you mean". */
export const COMMAND_WORDS: readonly string[] = Object.keys(COMMANDS);

/** The command modules to register: only `word`'s when it names a command, else all (help, completion, errors). */
export async function loadCommands(word: string | undefined): Promise<CommandModule[]> {
  const load = word === undefined ? undefined : COMMANDS[word];
  if (load !== undefined) return [await load()];
  return Promise.all(Object.values(COMMANDS).map((loader) => loader()));
}
