import type { Project, ServiceVolumeConfig } from '../../model/project.js';
import type { FileReference } from '../../model/service-runtime.js';
import { firstContainerOf, needsApi, repeated, type FlagContext } from './context.js';
import { VERSIONED_KEYS } from './versioned-keys.js';

/** `--mount` option text: commas inside a value need CSV quoting. */
export function mountField(key: string, value: string): string {
  const field = `${key}=${value}`;
  return field.includes(',') || field.includes('"') ? `"${field.replace(/"/g, '""')}"` : field;
}

/** One service volume as `-v` (plain binds and volumes, as compose's Binds) or `--mount` (everything else). */
function volumeFlags(context: FlagContext, volume: ServiceVolumeConfig, index: number): string[] {
  const at = `volumes[${index}]`;
  switch (volume.type) {
    case 'tmpfs': {
      const options = ['type=tmpfs', mountField('dst', volume.target)];
      if (volume.tmpfs?.size !== undefined) options.push(`tmpfs-size=${volume.tmpfs.size}`);
      if (volume.tmpfs?.mode !== undefined) options.push(`tmpfs-mode=${volume.tmpfs.mode.toString(8)}`);
      if (volume.read_only === true) options.push('readonly');
      return ['--mount', options.join(',')];
    }
    case 'bind':
      return bindFlags(context, volume, at);
    case 'volume':
      return namedVolumeFlags(context, volume, at);
    case 'image': {
      if (!needsApi(context, at, VERSIONED_KEYS.imageMount)) return [];
      const options = ['type=image', mountField('src', volume.source ?? ''), mountField('dst', volume.target)];
      if (volume.image?.subpath !== undefined) options.push(mountField('image-subpath', volume.image.subpath));
      return ['--mount', options.join(',')];
    }
    default:
      context.ignore(at, `volume type ${volume.type} does not exist on a Linux engine`);
      return [];
  }
}

function bindFlags(context: FlagContext, volume: ServiceVolumeConfig, at: string): string[] {
  const source = volume.source ?? '';
  const bind = volume.bind ?? {};
  if (bind.recursive !== undefined && needsApi(context, `${at}.bind.recursive`, VERSIONED_KEYS.bindRecursive)) {
    return ['--mount', bindMount(volume, [mountField('bind-recursive', bind.recursive)])];
  }
  if (bind.create_host_path === false) {
    if (bind.selinux !== undefined) context.ignore(`${at}.bind.selinux`, 'SELinux relabelling exists only with -v, which would create the missing host path');
    return ['--mount', bindMount(volume, [])];
  }
  const options: string[] = [volume.read_only === true ? 'ro' : 'rw'];
  if (bind.selinux !== undefined) options.push(bind.selinux);
  if (bind.propagation !== undefined) options.push(bind.propagation);
  return ['-v', `${source}:${volume.target}:${options.join(',')}`];
}

/** `--mount type=bind,...` (fails on a missing source instead of creating it). */
function bindMount(volume: ServiceVolumeConfig, extra: string[]): string {
  const options = ['type=bind', mountField('src', volume.source ?? ''), mountField('dst', volume.target)];
  if (volume.read_only === true) options.push('readonly');
  if (volume.bind?.propagation !== undefined) options.push(`bind-propagation=${volume.bind.propagation}`);
  return [...options, ...extra].join(',');
}

function namedVolumeFlags(context: FlagContext, volume: ServiceVolumeConfig, at: string): string[] {
  const options = volume.volume ?? {};
  // Engines before API 1.45 accept volume-subpath and silently mount the whole volume.
  const subpath = options.subpath !== undefined && needsApi(context, `${at}.volume.subpath`, VERSIONED_KEYS.volumeSubpath) ? options.subpath : undefined;
  const name = volume.source === undefined ? undefined : context.project.volumes[volume.source]?.name ?? volume.source;
  const needsMount = subpath !== undefined || (options.labels !== undefined && Object.keys(options.labels).length > 0) || (name === undefined && (options.nocopy === true || volume.read_only === true));
  if (!needsMount) {
    if (name === undefined) return ['-v', volume.target];
    const flags = [volume.read_only === true ? 'ro' : 'rw'];
    if (options.nocopy === true) flags.push('nocopy');
    return ['-v', `${name}:${volume.target}:${flags.join(',')}`];
  }
  const fields = ['type=volume'];
  if (name !== undefined) fields.push(mountField('src', name));
  fields.push(mountField('dst', volume.target));
  if (volume.read_only === true) fields.push('readonly');
  if (options.nocopy === true) fields.push('volume-nocopy');
  if (subpath !== undefined) fields.push(mountField('volume-subpath', subpath));
  for (const [key, value] of Object.entries(options.labels ?? {}).sort()) fields.push(mountField('volume-label', `${key}=${value}`));
  return ['--mount', fields.join(',')];
}

/** Service volumes, the `tmpfs` key, volumes_from, and file-backed secrets and configs. */
export function mountFlags(context: FlagContext): string[] {
  const { project, runtime } = context;
  const flags: string[] = [];
  const volumes = context.service.volumes;
  if (volumes !== undefined) volumes.forEach((volume, index) => flags.push(...volumeFlags(context, volume, index)));
  if (runtime.tmpfs !== undefined) flags.push(...repeated('--tmpfs', runtime.tmpfs));
  if (runtime.volumes_from !== undefined) for (const entry of runtime.volumes_from) flags.push('--volumes-from', volumesFromReference(project, entry));
  if (runtime.secrets !== undefined) flags.push(...fileObjectMounts(context, 'secrets'));
  if (runtime.configs !== undefined) flags.push(...fileObjectMounts(context, 'configs'));
  return flags;
}

/** `service[:ro|rw]` → its first container; `container:name[:ro|rw]` → the name. */
function volumesFromReference(project: Project, entry: string): string {
  const parts = entry.split(':');
  if (parts[0] === 'container') return parts.slice(1).join(':');
  const [service = '', mode] = parts;
  return mode === undefined ? firstContainerOf(project, service) : `${firstContainerOf(project, service)}:${mode}`;
}

/** Secrets and configs with a `file:` source: read-only bind mounts of the file at the target. */
function fileObjectMounts(context: FlagContext, section: 'secrets' | 'configs'): string[] {
  const references: readonly FileReference[] = context.runtime[section] ?? [];
  return references.flatMap((reference, index) => {
    const object = context.project[section][reference.source];
    if (object?.file === undefined) return [];
    for (const attribute of ['uid', 'gid', 'mode'] as const) {
      if (reference[attribute] !== undefined) context.ignore(`${section}[${index}].${attribute}`, `a ${section === 'secrets' ? 'secret' : 'config'} from a file is bind-mounted: its owner and mode are the file's`);
    }
    return ['--mount', ['type=bind', mountField('src', object.file), mountField('dst', reference.target), 'readonly'].join(',')];
  });
}
