import type { Argv, CommandModule } from 'yargs';
import { runDocker } from '../../engine/docker.js';
import { IMAGE_LIST, type ImageRow } from '../../ui/formats/image.js';
import { compileFormat } from '../../ui/go-template/format.js';
import { checkServices, observeContainers } from '../containers.js';
import { loadFromOptions } from '../context.js';
import { FORMAT_DESCRIPTION } from '../format-option.js';
import { toGlobalOptions } from '../global-options.js';

type InspectedImage = NonNullable<ImageRow['image']> & { readonly tags: string[] | null };

const INSPECT_FORMAT = '{"id":{{json .Id}},"tags":{{json .RepoTags}},"size":{{.Size}},"created":{{json .Created}},"platform":"{{.Os}}/{{.Architecture}}","lastTagTime":{{json .Metadata.LastTagTime}}}';

/** `repo:tag` → [repo, tag]; a digest-only image shows `<none>`. */
function splitTag(reference: string): [string, string] {
  const tagged = reference.includes(':') ? reference : `${reference}:latest`;
  const at = tagged.lastIndexOf(':');
  return at > tagged.lastIndexOf('/') ? [tagged.slice(0, at), tagged.slice(at + 1)] : [tagged, 'latest'];
}

export const imagesCommand: CommandModule = {
  command: 'images [service..]',
  describe: 'List images used by the created containers',
  builder: (yargs: Argv) =>
    yargs
      .option('format', { type: 'string', description: FORMAT_DESCRIPTION })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, description: 'Only display IDs' }),
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const project = loadFromOptions(options);
    const services = (argv['service'] as string[] | undefined) ?? [];
    checkServices(project, services);
    const format = argv['format'] as string | undefined;
    // json stays one array, as docker compose prints it; any other format is a template.
    const print = format === 'json' ? undefined : compileFormat(format, IMAGE_LIST);
    const containers = (await observeContainers(project)).containers.filter((container) => !container.oneoff && (services.length === 0 || services.includes(container.service)));
    const references = [...new Set(containers.map((container) => container.image))];
    const result = references.length === 0 ? { stdout: '' } : await runDocker(['image', 'inspect', '--format', INSPECT_FORMAT, ...references]);
    const images = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as InspectedImage);
    const imageOf = (reference: string): InspectedImage | undefined =>
      images.find((image) => (image.tags ?? []).includes(reference) || (image.tags ?? []).includes(`${reference}:latest`) || image.id === reference);
    const rows = containers.map((container): ImageRow => {
      const [repository, tag] = splitTag(container.image);
      return { containerName: container.name, repository, tag, image: imageOf(container.image) };
    });
    if (argv['quiet'] === true) {
      process.stdout.write([...new Set(rows.map((row) => row.image?.id ?? ''))].filter(Boolean).map((id) => `${id}\n`).join(''));
    } else if (print === undefined) {
      process.stdout.write(`${JSON.stringify(rows.map(({ containerName, repository, tag, image }) => ({ ID: image?.id ?? '', ContainerName: containerName, Repository: repository, Tag: tag, Platform: image?.platform ?? '', Size: image?.size ?? 0, Created: image?.created ?? '' })), null, 2)}\n`);
    } else {
      process.stdout.write(print(rows));
    }
  },
};
