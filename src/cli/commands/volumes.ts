import type { Argv, CommandModule } from 'yargs';
import { dockerOutput } from '../../engine/docker.js';
import { Label } from '../../model/labels.js';
import { VOLUME_LIST, type VolumeRow } from '../../ui/formats/volume.js';
import { compileFormat } from '../../ui/go-template/format.js';
import { checkServices } from '../containers.js';
import { FORMAT_DESCRIPTION } from '../format-option.js';
import { toGlobalOptions } from '../global-options.js';
import { loadOrNameOnly } from '../project-or-name.js';

const lines = (text: string): string[] => text.split('\n').filter(Boolean);

/** Names of the volumes the running containers of `services` mount. */
async function volumesOfServices(projectName: string, services: readonly string[]): Promise<Set<string>> {
  const format = `{"service":{{json (.Label "${Label.service}")}},"mounts":{{json .Mounts}}}`;
  const rows = lines(await dockerOutput(['ps', '--no-trunc', '--filter', `label=${Label.project}=${projectName}`, '--format', format])).map((line) => JSON.parse(line) as { service: string; mounts: string });
  return new Set(rows.filter((row) => services.includes(row.service)).flatMap((row) => row.mounts.split(',')));
}

export const volumesCommand: CommandModule = {
  command: 'volumes [service..]',
  describe: 'List volumes',
  builder: (yargs: Argv) =>
    yargs
      .option('quiet', { alias: 'q', type: 'boolean', default: false, description: 'Only display volume names' })
      .option('format', { type: 'string', description: FORMAT_DESCRIPTION }),
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const model = loadOrNameOnly(options);
    const projectName = model?.name ?? (options.projectName as string);
    const services = (argv['service'] as string[] | undefined) ?? [];
    if (model !== undefined) checkServices(model, services);
    const print = argv['quiet'] === true ? undefined : compileFormat(argv['format'] as string | undefined, VOLUME_LIST);
    const [listing, used] = await Promise.all([
      dockerOutput(['volume', 'ls', '--filter', `label=${Label.project}=${projectName}`, '--format', '{{json .}}']),
      services.length === 0 ? undefined : volumesOfServices(projectName, services),
    ]);
    const volumes = lines(listing).map((line) => JSON.parse(line) as VolumeRow).filter((volume) => used === undefined || used.has(volume.Name));
    process.stdout.write(print === undefined ? volumes.map((volume) => `${volume.Name}\n`).join('') : print(volumes));
  },
};
