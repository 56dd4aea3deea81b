import type { Argv, CommandModule } from 'yargs';
import { ExitStatus } from '../../model/errors.js';
import { selectServices } from '../../plan/graph.js';
import { withWatchBuilds } from '../../plan/watch.js';
import { checkServices } from '../containers.js';
import { loadWithEnvironment } from '../context.js';
import { convergeProject } from '../converge.js';
import { toGlobalOptions } from '../global-options.js';
import { prepareWatch, startWatch, type WatchSession } from '../watch-session.js';

/** Resolves at the first SIGINT or SIGTERM, after closing the session. */
export function untilInterrupted(session: WatchSession): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      session.close();
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export const watchCommand: CommandModule = {
  command: 'watch [services..]',
  describe: 'Watch build context for service and rebuild/refresh containers when files are updated',
  builder: (yargs: Argv) =>
    yargs
      .option('no-up', { type: 'boolean', default: false, description: 'Do not build & start services before watching' })
      .option('prune', { type: 'boolean', default: true, description: 'Prune dangling images on rebuild' })
      .option('quiet', { type: 'boolean', default: false, description: 'hide build output' })
      .positional('services', { type: 'string', array: true }),
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const services = ((argv['services'] as string[] | undefined) ?? []).map(String);
    const { project } = loadWithEnvironment(options, services);
    checkServices(project, services);
    const selected = selectServices(project, services);
    const watch = { prune: argv['prune'] !== false, quiet: argv['quiet'] === true };
    const setup = prepareWatch(selected, watch);
    if (argv['noUp'] !== true || options.dryRun) {
      const started = withWatchBuilds(project);
      await convergeProject(started, options, { services, quietPull: watch.quiet }, { selected: selectServices(started, services), quietBuild: watch.quiet });
    }
    if (options.dryRun) return;
    const session = await startWatch(project, setup, options, watch);
    await untilInterrupted(session);
    // As docker compose: a watch ended by Ctrl-C exits 130, the containers keep running.
    throw new ExitStatus(130);
  },
};
