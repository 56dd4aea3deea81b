/**
 * How each repeatable `docker service create` flag changes on `docker service update`: its -add and
 * -rm flags, and what -rm takes of an entry (its key). Other repeatable flags (FIXED_LISTS) have no
 * such pair: a change to one recreates the service. Any other flag is a scalar given again on update.
 */
export interface ListShape {
  readonly add: string;
  readonly rm: string;
  /** What the -rm flag takes of an entry (default: the entry itself). */
  readonly key?: (entry: string) => string;
}

const beforeEquals = (entry: string): string => entry.split('=')[0] ?? entry;

/** The value of `field=` in a CSV option (`source=a,target=b`). */
export function csvField(entry: string, field: string): string {
  for (const part of entry.split(',')) if (part.startsWith(`${field}=`)) return part.slice(field.length + 1);
  return entry;
}

const pair = (flag: string, key?: (entry: string) => string): ListShape => ({ add: `${flag}-add`, rm: `${flag}-rm`, ...(key === undefined ? {} : { key }) });

export const LIST_FLAGS: Readonly<Record<string, ListShape>> = {
  '--constraint': pair('--constraint'),
  '--placement-pref': pair('--placement-pref'),
  '--label': pair('--label', beforeEquals),
  '--container-label': pair('--container-label', beforeEquals),
  '--publish': pair('--publish'),
  '--mount': pair('--mount', (entry) => csvField(entry, 'target')),
  '--secret': pair('--secret', (entry) => csvField(entry, 'source')),
  '--config': pair('--config', (entry) => csvField(entry, 'source')),
  '--network': pair('--network', (entry) => csvField(entry, 'name')),
  '--dns': pair('--dns'),
  '--dns-search': pair('--dns-search'),
  '--dns-option': pair('--dns-option'),
  '--host': pair('--host'),
  '--group': pair('--group'),
  '--sysctl': pair('--sysctl', beforeEquals),
  '--ulimit': pair('--ulimit', beforeEquals),
};

/** Repeatable flags without -add/-rm on update (--cap-add/--cap-drop there add to one list and take from the other). */
export const FIXED_LISTS: readonly string[] = ['--cap-add', '--cap-drop', '--log-opt'];

/** Flags that take no value; on update a removed one is given as `--flag=false`. */
export const SWITCHES: readonly string[] = ['--init', '--read-only', '--tty', '--no-healthcheck'];

/** Scalars only `docker service create` takes: a change to one recreates the service. */
export const CREATE_ONLY: readonly string[] = ['--mode'];

/** Scalars a removal resets on update with the value meaning "none" (others removed recreate the service). */
export const RESET_VALUES: Readonly<Record<string, string>> = {
  '--limit-cpu': '0', '--limit-memory': '0', '--limit-pids': '0', '--reserve-cpu': '0', '--reserve-memory': '0',
  '--restart-max-attempts': '0', '--replicas-max-per-node': '0',
};
