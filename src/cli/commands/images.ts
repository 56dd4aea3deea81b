import type { Argv, CommandModule } from 'yargs';
import { runDocker } from '../../engine/docker.js';
import { humanSize, timeAgo } from '../../ui/human-units.js';
import { formatTable } from '../../ui/table.js';
import { checkServices, observeContainers } from '../containers.js';
import { loadFromOptions } from '../context.js';
import { toGlobalOptions } from '../global-options.js';

interface ImageRow {
  readonly id: string;
  readonly tags: string[] | null;
  readonly size: number;
  readonly created: string;
  readonly platform: string;
}

/** `repo:tag` → [repo, tag]; a digest-only image shows `<none>`. */
function splitTag(tag: string | undefined): [string, string] {
  if (tag === undefined) return ['<none>', '<none>'];
  const at = tag.lastIndexOf(':');
  return at > tag.lastIndexOf('/') ? [tag.slice(0, at), tag.slice(at + 1)] : [tag, 'latest'];
}

export const imagesCommand: CommandModule = {
  command: 'images [service..]',
  describe: 'List images used by the created containers',
  builder: (yargs: Argv) =>
    yargs
      .option('format', { type: 'string', default: 'table', choices: ['table', 'json'], description: 'Format the output' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, description: 'Only display IDs' }),
  handler: async (argv) => {
    const options = toGlobalOptions(argv);
    const project = loadFromOptions(options);
    const services = (argv['service'] as string[] | undefined) ?? [];
    checkServices(project, services);
    const containers = (await observeContainers(project)).containers.filter((container) => !container.oneoff && (services.length === 0 || services.includes(container.service)));
    const references = [...new Set(containers.map((container) => container.image))];
    const result = references.length === 0 ? { stdout: '' } : await runDocker(['image', 'inspect', '--format', '{"id":{{json .Id}},"tags":{{json .RepoTags}},"size":{{.Size}},"created":{{json .Created}},"platform":"{{.Os}}/{{.Architecture}}"}', ...references]);
    const images = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as ImageRow);
    const imageOf = (reference: string): ImageRow | undefined =>
      images.find((image) => (image.tags ?? []).includes(reference) || (image.tags ?? []).includes(`${reference}:latest`) || image.id === reference);
    const rows = containers.map((container) => ({ container, image: imageOf(container.image) }));
    if (argv['quiet'] === true) {
      process.stdout.write([...new Set(rows.map((row) => row.image?.id ?? ''))].filter(Boolean).map((id) => `${id}\n`).join(''));
    } else if (argv['format'] === 'json') {
      process.stdout.write(`${JSON.stringify(rows.map(({ container, image }) => {
        const [repository, tag] = splitTag(container.image.includes(':') ? container.image : `${container.image}:latest`);
        return { ID: image?.id ?? '', ContainerName: container.name, Repository: repository, Tag: tag, Platform: image?.platform ?? '', Size: image?.size ?? 0, Created: image?.created ?? '' };
      }), null, 2)}\n`);
    } else {
      process.stdout.write(formatTable(['CONTAINER', 'REPOSITORY', 'TAG', 'PLATFORM', 'IMAGE ID', 'SIZE', 'CREATED'], rows.map(({ container, image }) => {
        const [repository, tag] = splitTag(container.image.includes(':') ? container.image : `${container.image}:latest`);
        return [container.name, repository, tag, image?.platform ?? '', (image?.id ?? '').replace(/^sha256:/, '').slice(0, 12), humanSize(image?.size ?? 0, 3), image === undefined ? 'N/A' : timeAgo(image.created)];
      })));
    }
  },
};
