/** A snapshot of the engine's state for one project, taken once per command; planning never queries docker. */

export interface ObservedContainer {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  /** `com.docker.compose.container-number`; 0 for one-offs. */
  readonly number: number;
  readonly oneoff: boolean;
  /** created | running | paused | restarting | removing | exited | dead */
  readonly state: string;
  /** `docker ps` status text, e.g. "Up 2 seconds (healthy)". */
  readonly status: string;
  readonly image: string;
  readonly configHash: string | undefined;
  /** The `com.docker.compose.image` label: the image ID it was created from. */
  readonly imageId: string | undefined;
  readonly createdAt: string;
  /** "2 minutes ago" */
  readonly runningFor: string;
  readonly ports: string;
  readonly command: string;
  /** Names of the networks it is attached to (`docker ps` .Networks); absent when unknown. */
  readonly networks?: readonly string[];
  /** Volume and bind mounts, from `docker inspect`; only for containers that may be recreated. */
  readonly mounts?: readonly ObservedMount[];
}

/** One mount of a container, as `docker inspect` reports it in `.Mounts`. */
export interface ObservedMount {
  /** volume | bind | tmpfs */
  readonly type: string;
  /** Volume name (empty for binds). */
  readonly name: string;
  readonly source: string;
  readonly destination: string;
}

export interface ObservedResource {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /**
   * Other networks of the same name (the engine accepts two networks named alike when they are
   * created at the same moment, or by another tool): a name then no longer designates one network.
   */
  readonly duplicates?: readonly ObservedResource[];
}

export interface ObservedState {
  /** false when no engine answered: the plan is made against empty state. */
  readonly engineReachable: boolean;
  /** Why no engine answered, when that is not simply an engine down (e.g. no docker CLI). */
  readonly unreachable?: string;
  readonly projectName: string;
  readonly containers: readonly ObservedContainer[];
  /** Networks by name: the project's own, and any external ones the model names. */
  readonly networks: ReadonlyMap<string, ObservedResource>;
  readonly volumes: ReadonlyMap<string, ObservedResource>;
  /** Image reference → local image ID; absent means not present locally. */
  readonly images: ReadonlyMap<string, string>;
  /** Image reference → the paths its `VOLUME` instructions declare; absent when not looked up. */
  readonly imageVolumes?: ReadonlyMap<string, readonly string[]>;
  /**
   * Image reference → when the engine last tagged it locally (a pull or build; `Metadata.LastTagTime`,
   * ms since the epoch; 0: never), and `observedAt`, when berth looked: compose's pull_policy windows
   * (daily, weekly, every_<duration>) compare the two.
   */
  readonly imagesTagged?: ReadonlyMap<string, number>;
  readonly observedAt?: number;
  /** The engine the docker CLI talks to (`unix:///var/run/docker.sock`, a context's host); absent when none answered. */
  readonly endpoint?: string;
  /** The engine's API version (`docker version`), e.g. "1.41"; absent when unknown. */
  readonly apiVersion?: string;
  /** Network name → the containers (ID, name) with an endpoint on it; read only for networks a plan recreates. */
  readonly endpoints?: ReadonlyMap<string, readonly { readonly id: string; readonly name: string }[]>;
  /** Read only when one of the project's network names is duplicated (see NetworkAttachments). */
  readonly attachments?: NetworkAttachments;
}

/** Container ID → network name → ID of the network that endpoint belongs to ('' when not started yet). */
export type NetworkAttachments = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** Whether a container has a process to stop: running, restarting or paused. */
export function needsStop(container: Pick<ObservedContainer, 'state'>): boolean {
  return container.state === 'running' || container.state === 'restarting' || container.state === 'paused';
}

/** The stderr note of a command that plans from empty state because no engine answered. */
export function unreachableNote(observed: Pick<ObservedState, 'unreachable'>): string {
  return `berth: ${observed.unreachable ?? 'no Docker engine reachable'}: planning from empty state\n`;
}

/** The state of an engine on which nothing exists yet. */
export function emptyState(projectName: string, engineReachable = false): ObservedState {
  return { engineReachable, projectName, containers: [], networks: new Map(), volumes: new Map(), images: new Map() };
}

/** How docker commands address an existing container: its ID (a name can meanwhile mean another container, or none). */
export function containerRef(container: Pick<ObservedContainer, 'id' | 'name'>): string {
  return container.id !== '' ? container.id : container.name;
}
