import type { Argv, CommandModule } from 'yargs';
import { UserError } from '../../model/errors.js';
import { upCommand } from './up.js';

/** `scale SERVICE=NUM...`: `up -d --no-recreate --scale ...` for those services. */
export const scaleCommand: CommandModule = {
  command: 'scale <scale..>',
  describe: 'Scale services',
  builder: (yargs: Argv) => yargs.option('no-deps', { type: 'boolean', default: false, description: "Don't start linked services" }),
  handler: (argv) => {
    const pairs = ((argv['scale'] as unknown[] | undefined) ?? []).map(String);
    const services = pairs.map((pair) => {
      const name = pair.split('=')[0] ?? '';
      if (!pair.includes('=') || name === '') throw new UserError(`invalid scale option "${pair}". Should be SERVICE=NUM`);
      return name;
    });
    return upCommand.handler({ ...argv, services, scale: pairs, detach: true, noRecreate: true });
  },
};
