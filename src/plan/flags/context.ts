import type { ArgPart } from '../../model/plan.js';
import type { Project, ServiceConfig } from '../../model/project.js';
import type { RuntimeKeys } from '../../model/service-runtime.js';
import type { VersionedKey } from './versioned-keys.js';
import { projectScopedName } from '../names.js';

/** What a container is, beyond its service: its name, replica number and network attachment. */
export interface ContainerIdentity {
  readonly name: string;
  readonly number: number;
  /** The network given to `docker create/run --network`; others are connected before start. */
  readonly primaryNetwork: string | undefined;
  /** A `run` one-off: its slug, and whether it takes the service's network aliases (--use-aliases). */
  readonly oneOff?: { readonly slug: string; readonly useAliases: boolean };
}

/** What the engine can do, as far as the translator needs to know. */
export interface EngineFacts {
  /** The engine's API version (`docker version`), e.g. "1.41"; undefined when unknown (then every flag is used). */
  readonly apiVersion?: string | undefined;
  /** The engine the docker CLI talks to (`unix:///var/run/docker.sock`); undefined when unknown. */
  readonly endpoint?: string | undefined;
}

/** Everything a flag family reads, and where it reports keys it cannot translate. */
export interface FlagContext {
  readonly project: Project;
  readonly service: ServiceConfig;
  readonly runtime: RuntimeKeys;
  readonly identity: ContainerIdentity;
  readonly engine: EngineFacts;
  /** Records `ignored: services.<name>.<keyPath>: <why>`. */
  ignore(keyPath: string, why: string): void;
  /** Records `warning: services.<name>.<keyPath>: <what>`: a key passed on with a difference. */
  caveat(keyPath: string, what: string): void;
}

/** One family of `docker create` flags. */
export type FlagFamily = (context: FlagContext) => ArgPart[];

function versionParts(version: string): number[] {
  return version.split('.').map((part) => Number(part) || 0);
}

/** True when the engine's API is at least `minimum` (or unknown). */
export function apiAtLeast(engine: EngineFacts, minimum: string): boolean {
  if (engine.apiVersion === undefined || engine.apiVersion === '') return true;
  const [major = 0, minor = 0] = versionParts(engine.apiVersion);
  const [wantMajor = 0, wantMinor = 0] = versionParts(minimum);
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}

/** Whether a key needing a recent engine can be used; if not, records it as ignored. */
export function needsApi(context: FlagContext, keyPath: string, key: VersionedKey): boolean {
  if (apiAtLeast(context.engine, key.minimum)) return true;
  context.ignore(keyPath, `${key.flag} needs engine API ${key.minimum}, this engine speaks ${context.engine.apiVersion ?? '?'}`);
  return false;
}

export { sortedEntries } from '../../keys/entry.js';

/** `flag value` pairs for every value of a list. */
export function repeated(flag: string, values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => [flag, value]);
}

/** The first container of service `name` (what `service:name` references resolve to). */
export function firstContainerOf(project: Project, name: string): string {
  const service = project.services[name] ?? project.disabledServices[name];
  return service?.container_name ?? projectScopedName(project, name, 1);
}

/** `service:x` → `container:<x's first container>`; other modes unchanged. */
export function resolveServiceMode(project: Project, mode: string): string {
  return mode.startsWith('service:') ? `container:${firstContainerOf(project, mode.slice('service:'.length))}` : mode;
}
