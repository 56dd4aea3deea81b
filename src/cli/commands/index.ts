import type { CommandModule } from 'yargs';
import { configCommand } from './config.js';
import { cpCommand } from './cp.js';
import { downCommand } from './down.js';
import { eventsCommand } from './events.js';
import { execCommand } from './exec.js';
import { buildCommand, pullCommand, pushCommand } from './images-commands.js';
import { imagesCommand } from './images.js';
import { installPluginCommand } from './install-plugin.js';
import { logsCommand } from './logs.js';
import { lsCommand } from './ls.js';
import { portCommand } from './port.js';
import { psCommand } from './ps.js';
import { topCommand } from './top.js';
import { upCommand } from './up.js';
import { versionCommand } from './version.js';
import { waitCommand } from './wait.js';

/** Every berth command, in the order `berth --help` lists them. Add new command modules here. */
export const commands: readonly CommandModule[] = [
  buildCommand,
  configCommand,
  cpCommand,
  downCommand,
  eventsCommand,
  execCommand,
  imagesCommand,
  installPluginCommand,
  logsCommand,
  lsCommand,
  portCommand,
  psCommand,
  pullCommand,
  pushCommand,
  topCommand,
  upCommand,
  versionCommand,
  waitCommand,
];
