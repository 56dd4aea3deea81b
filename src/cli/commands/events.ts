import type { Argv, CommandModule } from 'yargs';
import { projectContainerEvents, readEvents, type EngineEvent } from '../../engine/events.js';
import { Label } from '../../model/labels.js';
import { loadFromOptions } from '../context.js';
import { toGlobalOptions } from '../global-options.js';

/** compose's event line: `2024-01-02 10:00:00.123456 container start <id> (image=..., name=...)`. */
export function formatEvent(event: EngineEvent): string {
  const time = new Date(Math.floor((event.timeNano ?? 0) / 1e6)).toISOString().replace('T', ' ').replace('Z', '');
  const attributes = Object.entries(event.Actor?.Attributes ?? {}).filter(([key]) => !key.startsWith('com.docker.compose.')).sort(([a], [b]) => (a < b ? -1 : 1));
  return `${time} ${event.Type ?? ''} ${event.Action ?? ''} ${event.Actor?.ID ?? event.id ?? ''} (${attributes.map(([key, value]) => `${key}=${value}`).join(', ')})`;
}

export const eventsCommand: CommandModule = {
  command: 'events [service..]',
  describe: 'Receive real time events from containers',
  builder: (yargs: Argv) =>
    yargs
      .option('json', { type: 'boolean', default: false, description: 'Output events as a stream of json objects' })
      .option('since', { type: 'string', description: 'Show all events created since timestamp' })
      .option('until', { type: 'string', description: 'Stream events until this timestamp' }),
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const project = loadFromOptions(options);
    const services = (argv['service'] as string[] | undefined) ?? [];
    const query = {
      ...projectContainerEvents(project.name),
      ...(argv['since'] === undefined ? {} : { since: String(argv['since']) }),
      ...(argv['until'] === undefined ? {} : { until: String(argv['until']) }),
    };
    const controller = new AbortController();
    process.once('SIGINT', () => controller.abort());
    await readEvents(query, (event) => {
      const service = event.Actor?.Attributes?.[Label.service] ?? '';
      if (services.length > 0 && !services.includes(service)) return;
      if (argv['json'] === true) {
        process.stdout.write(`${JSON.stringify({
          time: new Date(Math.floor((event.timeNano ?? 0) / 1e6)).toISOString(),
          type: event.Type ?? 'container',
          action: event.Action ?? '',
          id: event.Actor?.ID ?? event.id ?? '',
          service,
          attributes: event.Actor?.Attributes ?? {},
        })}\n`);
      } else {
        process.stdout.write(`${formatEvent(event)}\n`);
      }
    }, controller.signal);
  },
};
