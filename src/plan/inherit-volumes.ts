import type { ObservedContainer, ObservedMount } from '../model/observed.js';
import type { ArgPart } from '../model/plan.js';
import type { ServiceConfig } from '../model/project.js';

/**
 * The old container's anonymous volumes that its replacement takes over (compose keeps them unless
 * `-V`): every volume mount not backed by a named volume, bind or tmpfs of the service.
 */
export function inheritedVolumes(service: ServiceConfig, old: ObservedContainer): ObservedMount[] {
  const declared = new Set((service.volumes ?? []).filter((volume) => volume.source !== undefined || volume.type !== 'volume').map((volume) => volume.target));
  return (old.mounts ?? []).filter((mount) => mount.type === 'volume' && mount.name !== '' && !declared.has(mount.destination));
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
