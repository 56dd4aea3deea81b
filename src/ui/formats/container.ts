import type { ObservedContainer } from '../../model/observed.js';
import type { GoValue, ListFormat } from '../go-template/format.js';

/** One container as `ps` lists it: the observed container and what only `ps` reads. */
export interface ContainerRow {
  readonly container: ObservedContainer;
  readonly project: string;
  /** `docker ps` .Labels: `key=value` comma-joined. */
  readonly labels: string;
  /** Volume names (bind sources for binds), as `docker ps --no-trunc` .Mounts lists them. */
  readonly mounts: readonly string[];
  readonly localVolumes: number;
  /** false with --no-trunc: full IDs, commands and mount names. */
  readonly trunc: boolean;
}

/** One published or exposed port, as compose's `Publishers` holds it. */
export type Publisher = {
  readonly URL: string;
  readonly TargetPort: number;
  readonly PublishedPort: number;
  readonly Protocol: string;
};

/** The docker CLI's Ellipsis: at most `width` characters, the last one `…` when cut. */
export function ellipsis(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, width - 1).join('')}…`;
}

/** `docker ps` .Ports (`0.0.0.0:8000-8001->80-81/tcp, 6379/tcp`) as publishers, by target port (compose: `[]` for none). */
export function parsePublishers(ports: string): Publisher[] {
  const publishers: Publisher[] = [];
  for (const entry of ports.split(',').map((part) => part.trim()).filter(Boolean)) {
    const match = /^(?:(.*):(\d+)(?:-\d+)?->)?(\d+)(?:-(\d+))?\/(\w+)$/.exec(entry);
    if (match === null) continue;
    const [, ip = '', published, first = '0', last, protocol = 'tcp'] = match;
    for (let offset = 0; offset <= Number(last ?? first) - Number(first); offset++) {
      publishers.push({ URL: ip.replace(/^\[(.*)\]$/, '$1'), TargetPort: Number(first) + offset, PublishedPort: published === undefined ? 0 : Number(published) + offset, Protocol: protocol });
    }
  }
  return publishers.sort((a, b) => a.TargetPort - b.TargetPort);
}

/** `key=value,key=value` → a map (a comma inside a value stays in it). */
export function parseLabels(labels: string): Map<string, string> {
  const map = new Map<string, string>();
  let last: string | undefined;
  for (const part of labels.split(',')) {
    const at = part.indexOf('=');
    if (at > 0) map.set((last = part.slice(0, at)), part.slice(at + 1));
    else if (last !== undefined) map.set(last, `${map.get(last) ?? ''},${part}`);
  }
  return map;
}

export function health(status: string): string {
  return /\((healthy|unhealthy|health: starting)\)/.exec(status)?.[1]?.replace('health: ', '') ?? '';
}

export function exitCode(status: string): number {
  return Number(/^Exited \((\d+)\)/.exec(status)?.[1] ?? 0);
}

/** docker's quoted `.Command` (`"sleep 600"`) as the command itself. */
function unquoteCommand(command: string): string {
  try {
    return command.startsWith('"') ? (JSON.parse(command) as string) : command;
  } catch {
    return command.replace(/^"(.*)"$/, '$1');
  }
}

const field = (read: (row: ContainerRow) => GoValue) => read;

/** `ps` rows as docker compose's ContainerContext renders them (cmd/formatter/container.go). */
export const CONTAINER_LIST: ListFormat<ContainerRow> = {
  kind: 'container',
  fields: {
    Command: field(({ container, trunc }) => JSON.stringify(trunc ? ellipsis(unquoteCommand(container.command), 20) : unquoteCommand(container.command))),
    CreatedAt: field(({ container }) => container.createdAt),
    ExitCode: field(({ container }) => exitCode(container.status)),
    Health: field(({ container }) => health(container.status)),
    ID: field(({ container, trunc }) => (trunc ? container.id.slice(0, 12) : container.id)),
    Image: field(({ container }) => container.image),
    Labels: field(({ labels }) => labels),
    LocalVolumes: field(({ localVolumes }) => String(localVolumes)),
    Mounts: field(({ mounts, trunc }) => mounts.map((name) => (trunc ? ellipsis(name, 15) : name)).join(',')),
    Name: field(({ container }) => container.name),
    Names: field(({ container }) => container.name),
    Networks: field(({ container }) => (container.networks ?? []).join(',')),
    Ports: field(({ container }) => container.ports),
    Project: field(({ project }) => project),
    Publishers: field(({ container }) => parsePublishers(container.ports)),
    RunningFor: field(({ container }) => container.runningFor),
    Service: field(({ container }) => container.service),
    Size: field(() => '0B'),
    State: field(({ container }) => container.state),
    Status: field(({ container }) => container.status),
  },
  methods: { Label: (row, name) => parseLabels(row.labels).get(name) ?? '' },
  headers: {
    ID: 'CONTAINER ID', Name: 'NAME', Project: 'PROJECT', Service: 'SERVICE', Image: 'IMAGE', Command: 'COMMAND', CreatedAt: 'CREATED AT',
    RunningFor: 'CREATED', Ports: 'PORTS', State: 'STATE', Status: 'STATUS', Size: 'SIZE', Labels: 'LABELS',
  },
  defaultTable: 'table {{.Name}}\\t{{.Image}}\\t{{.Command}}\\t{{.Service}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Ports}}',
};
