/** A stack's secrets and configs: each under a name carrying a hash of its content. */
import { UserError } from '../../model/errors.js';
import type { FileObjectConfig, Project } from '../../model/project.js';
import { shortHash, stackObjectName } from './names.js';

export type FileSection = 'secrets' | 'configs';

/** Where the content of a secret or config comes from; the CLI reads it (plan/ reads no files). */
export type ContentSource = { readonly file: string } | { readonly environment: string } | { readonly content: string };

/** The content of every non-external secret and config, by `secrets.KEY` / `configs.KEY`. */
export type FileContents = Readonly<Record<string, string>>;

export function contentKey(section: FileSection, key: string): string {
  return `${section}.${key}`;
}

/** The `secrets.KEY` / `configs.KEY` some service of the project uses. */
export function usedFileObjects(project: Project): Set<string> {
  return new Set(Object.values(project.services).flatMap((service) =>
    (['secrets', 'configs'] as const).flatMap((section) => ((service[section] as Array<{ source: string }> | undefined) ?? []).map((reference) => contentKey(section, reference.source)))));
}

/** What the CLI must read for each secret and config a service uses (external ones need nothing). */
export function contentSources(project: Project): Array<{ readonly key: string; readonly source: ContentSource }> {
  const used = usedFileObjects(project);
  const sources: Array<{ key: string; source: ContentSource }> = [];
  for (const section of ['secrets', 'configs'] as const) {
    for (const [key, object] of Object.entries(project[section])) {
      if (object.external === true || !used.has(contentKey(section, key))) continue;
      sources.push({ key: contentKey(section, key), source: sourceOf(section, key, object) });
    }
  }
  return sources;
}

function sourceOf(section: FileSection, key: string, object: FileObjectConfig): ContentSource {
  if (object.file !== undefined) return { file: object.file };
  if (object.environment !== undefined) return { environment: object.environment };
  if (object.content !== undefined) return { content: object.content };
  throw new UserError(`${section}.${key}: needs file, environment or content (driver-backed ${section} are not supported)`);
}

/** The Swarm name of a secret or config: external ones as named, others `STACK_key-<content hash>`. */
export function fileObjectName(project: Project, stack: string, section: FileSection, key: string, contents: FileContents): string {
  const object = project[section][key];
  if (object === undefined) throw new UserError(`undefined ${section === 'secrets' ? 'secret' : 'config'} "${key}"`);
  if (object.external === true) return object.name;
  const content = contents[contentKey(section, key)];
  if (content === undefined) throw new UserError(`${section}.${key}: its content was not read`);
  return `${stackObjectName(stack, key)}-${shortHash(content)}`;
}
