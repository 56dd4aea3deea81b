import type { ObservedContainer, ObservedMount } from '../model/observed.js';
import type { ArgPart } from '../model/plan.js';
import type { ServiceConfig } from '../model/project.js';

/** The engine names an anonymous volume with 64 random hex digits. */
export function isAnonymousVolume(mount: ObservedMount): boolean {
  return mount.type === 'volume' && /^[0-9a-f]{64}$/.test(mount.name);
}

/** Paths the service mounts something at other than an anonymous volume: named volumes, binds, tmpfs. */
function otherwiseMounted(service: ServiceConfig): Set<string> {
  const declared = (service.volumes ?? []).filter((volume) => volume.source !== undefined || volume.type !== 'volume').map((volume) => volume.target);
  const tmpfs = Array.isArray(service['tmpfs']) ? (service['tmpfs'] as unknown[]).filter((entry): entry is string => typeof entry === 'string').map((entry) => entry.split(':')[0] ?? entry) : [];
  return new Set([...declared, ...tmpfs]);
}

/**
 * The old container's anonymous volumes that its replacement takes over, as compose does (unless
 * `-V`): those at a path the service still declares as an anonymous volume, or that the image
 * declares with `VOLUME` and the service does not mount otherwise. A volume the service no longer
 * declares is not carried over, nor is a named volume, bind or tmpfs.
 */
export function inheritedVolumes(service: ServiceConfig, old: ObservedContainer, imageVolumes: readonly string[] = []): ObservedMount[] {
  const anonymous = new Set((service.volumes ?? []).filter((volume) => volume.source === undefined && volume.type === 'volume').map((volume) => volume.target));
  const other = otherwiseMounted(service);
  const fromImage = new Set(imageVolumes.filter((target) => !other.has(target)));
  return (old.mounts ?? []).filter((mount) => isAnonymousVolume(mount) && (anonymous.has(mount.destination) || fromImage.has(mount.destination)));
}

function mountsAnonymously(flag: ArgPart | undefined, value: ArgPart | undefined, destination: string): boolean {
  if (typeof value !== 'string') return false;
  if (flag === '-v' || flag === '--volume') return value === destination;
  if (flag !== '--mount') return false;
  const fields = value.split(',');
  return fields.includes('type=volume') && !fields.some((field) => /^(src|source)=/.test(field)) && fields.some((field) => field === `dst=${destination}` || field === `target=${destination}` || field === `destination=${destination}`);
}

/** create/run arguments with each inherited volume mounted by name at its path, replacing the anonymous mount. */
export function withInheritedVolumes(args: readonly ArgPart[], mounts: readonly ObservedMount[]): ArgPart[] {
  if (mounts.length === 0) return [...args];
  const result: ArgPart[] = [];
  let inserted = false;
  for (let index = 0; index < args.length; index++) {
    if (mounts.some((mount) => mountsAnonymously(args[index], args[index + 1], mount.destination))) {
      index++;
      continue;
    }
    result.push(args[index] as ArgPart);
    if (!inserted && args[index] === '--name' && index + 1 < args.length) {
      inserted = true;
      result.push(args[++index] as ArgPart);
      for (const mount of mounts) result.push('--mount', `type=volume,src=${mount.name},dst=${mount.destination}`);
    }
  }
  return result;
}
