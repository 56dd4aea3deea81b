import type { Project, ServiceConfig } from '../../model/project.js';
import { runtimeOf } from '../../model/service-runtime.js';

/** A key whose flag needs a recent engine: the API version that brought it, the flag, and who uses it. */
export interface VersionedKey {
  readonly minimum: string;
  readonly flag: string;
  readonly usedBy: (service: ServiceConfig) => boolean;
}

const volumesOf = (service: ServiceConfig): NonNullable<ServiceConfig['volumes']> => service.volumes ?? [];

/**
 * Every key the translator passes only to engines new enough (flag families call needsApi with these).
 * Kept in one table so that berth asks the engine's version only when a project uses one of them.
 */
export const VERSIONED_KEYS = {
  annotations: { minimum: '1.43', flag: '--annotation', usedBy: (service) => runtimeOf(service).annotations !== undefined },
  bindRecursive: { minimum: '1.44', flag: 'bind-recursive', usedBy: (service) => volumesOf(service).some((volume) => volume.bind?.recursive !== undefined) },
  healthStartInterval: { minimum: '1.44', flag: '--health-start-interval', usedBy: (service) => service.healthcheck?.start_interval !== undefined },
  imageMount: { minimum: '1.48', flag: '--mount type=image', usedBy: (service) => volumesOf(service).some((volume) => volume.type === 'image') },
  macAddress: {
    minimum: '1.44',
    flag: '--mac-address',
    usedBy: (service) => runtimeOf(service).mac_address !== undefined || Object.values(service.networks ?? {}).some((network) => network?.mac_address !== undefined),
  },
  volumeSubpath: { minimum: '1.45', flag: 'volume-subpath', usedBy: (service) => volumesOf(service).some((volume) => volume.volume?.subpath !== undefined) },
} as const satisfies Record<string, VersionedKey>;

/** Whether planning this project needs the engine's API version (one docker process fewer when not). */
export function needsEngineVersion(project: Project): boolean {
  const keys: readonly VersionedKey[] = Object.values(VERSIONED_KEYS);
  const ipv4Off = Object.values(project.networks).some((network) => network.external !== true && network['enable_ipv4'] === false);
  return ipv4Off || Object.values(project.services).some((service) => keys.some((key) => key.usedBy(service)));
}
