/**
 * A compose service as a Swarm service spec: scalar flags, repeatable flags, environment and command,
 * from the key registry's `swarm` mappings and the hand-written families of service-flags.ts.
 */
import type { FlagView } from '../../keys/entry.js';
import { SERVICE_KEY_ENTRIES } from '../../keys/registry.js';
import { UserError } from '../../model/errors.js';
import { runtimeOf } from '../../model/service-runtime.js';
import { healthFlags } from '../flags/health.js';
import { shellJoin } from '../shell-quote.js';
import { FIXED_LISTS, LIST_FLAGS, SWITCHES } from './flag-shapes.js';
import { StackLabel, stackObjectName } from './names.js';
import { fileObjectFlags, mountFlags, publishFlags, serviceNetworkFlags, type SwarmServiceContext } from './service-flags.js';

export interface SwarmServiceSpec {
  /** `STACK_service`. */
  readonly name: string;
  readonly image: string;
  /** The command (positional on create, `--args` on update); undefined: the image's. */
  readonly args: readonly string[] | undefined;
  readonly env: Readonly<Record<string, string>>;
  /** Flag → value ('' for a switch). */
  readonly scalars: Readonly<Record<string, string>>;
  /** Repeatable flag → its values, in order. */
  readonly lists: Readonly<Record<string, readonly string[]>>;
}

/** Why Swarm cannot honour a key (reported as `ignored: services.X.key: <why>`). */
const NOT_IN_SWARM: Readonly<Record<string, string>> = {
  container_name: "a service's tasks are named by Swarm",
  links: 'services reach each other by name on a shared network',
  external_links: 'services reach each other by name on a shared network',
  privileged: 'docker service create has no --privileged',
  devices: 'docker service create has no --device',
  depends_on: 'Swarm starts services in no order',
  expose: 'tasks on a shared network reach every port',
  pull_policy: 'nodes pull when a task starts (see --resolve-image)',
};

/** Keys the loader consumes, or the hand-written flags below read. */
const HANDLED = new Set(['name', 'image', 'build', 'command', 'entrypoint', 'environment', 'env_file', 'label_file', 'labels', 'ports', 'volumes', 'tmpfs', 'volumes_from',
  'secrets', 'configs', 'networks', 'network_mode', 'healthcheck', 'restart', 'scale', 'profiles', 'extends', 'attach', 'develop', 'pull_refresh_after']);

function reportIgnoredKeys(context: SwarmServiceContext): void {
  for (const entry of SERVICE_KEY_ENTRIES) {
    if (context.service[entry.key] === undefined || entry.swarm !== undefined || HANDLED.has(entry.key)) continue;
    context.ignore(entry.key, NOT_IN_SWARM[entry.key] ?? entry.ignored ?? 'docker service create has no flag for it');
  }
}

function flagView(context: SwarmServiceContext): FlagView {
  return {
    service: context.service,
    runtime: runtimeOf(context.service),
    workingDir: context.project.workingDir,
    resolveServiceMode: (mode) => mode,
    firstContainerOf: (service) => stackObjectName(context.stack, service),
    needsApi: () => true,
    ignore: (keyPath, why) => context.ignore(keyPath, why),
  };
}

/** Sorts a flat argv of flags into scalars and lists (LIST_FLAGS, FIXED_LISTS); switches take ''. */
export function sortFlags(argv: readonly string[]): { scalars: Record<string, string>; lists: Record<string, string[]> } {
  const scalars: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index] as string;
    if (SWITCHES.includes(flag)) {
      scalars[flag] = '';
      continue;
    }
    const value = argv[++index] ?? '';
    if (LIST_FLAGS[flag] !== undefined || FIXED_LISTS.includes(flag)) (lists[flag] ??= []).push(value);
    else scalars[flag] = value;
  }
  return { scalars, lists };
}

/** The spec of one service (`image`: the one a build made, else the service's); `ignore` receives keys Swarm cannot honour. */
export function serviceSpec(context: SwarmServiceContext & { readonly image?: string | undefined }): SwarmServiceSpec {
  const { service, stack } = context;
  reportIgnoredKeys(context);
  const image = context.image ?? service.image;
  if (image === undefined) throw new UserError(`service "${service.name}" has no image: give it an image or a build section`);
  const healthContext = { project: context.project, service, runtime: runtimeOf(service), identity: { name: service.name, number: 1, primaryNetwork: undefined }, engine: {}, ignore: context.ignore, caveat: context.caveat };
  const entrypoint = service.entrypoint;
  const flags = [
    ...(entrypoint === undefined || entrypoint === null ? [] : ['--entrypoint', shellJoin(entrypoint)]),
    ...SERVICE_KEY_ENTRIES.flatMap((entry) => entry.swarm?.(service[entry.key], flagView(context)) ?? []),
    ...healthFlags(healthContext),
    ...Object.entries(service.labels ?? {}).sort().flatMap(([key, value]) => ['--container-label', `${key}=${value}`]),
    '--container-label', `${StackLabel.namespace}=${stack}`,
    ...publishFlags(context),
    ...mountFlags(context),
    ...fileObjectFlags(context, 'secrets'),
    ...fileObjectFlags(context, 'configs'),
    ...serviceNetworkFlags(context),
  ];
  const env = Object.fromEntries(Object.entries(service.environment ?? {}).filter((entry): entry is [string, string] => entry[1] !== null).sort(([a], [b]) => (a < b ? -1 : 1)));
  const command = service.command;
  return { name: stackObjectName(stack, service.name), image, args: command === null ? undefined : command, env, ...sortFlags(flags) };
}
