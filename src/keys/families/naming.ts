/** Hostname, domain name, DNS, extra hosts and legacy links (`docker create` flags in argv order). */
import { listOrDict, str, stringList, stringOrList } from '../schema-blocks.js';
import { key, repeatFlag, valueFlag, type FlagRenderer, type KeyPath, type Readers } from '../entry.js';

/** `host:ip`, `host=ip` or a mapping (one address or a list per host), as `host=ip` entries. */
export function canonicalExtraHosts(value: unknown, keyPath: KeyPath, read: Readers): string[] {
  if (read.isMapping(value)) {
    return Object.entries(value).flatMap(([host, addresses]) => read.asStringList(addresses, [...keyPath, host]).map((address) => `${host}=${address}`));
  }
  return read.asStringList(value, keyPath).map((entry, index) => {
    const separator = entry.includes('=') ? entry.indexOf('=') : entry.indexOf(':');
    if (separator <= 0) read.fail([...keyPath, index], `invalid extra host "${entry}": expected host:ip or host=ip`);
    const address = entry.slice(separator + 1).replace(/^\[(.*)\]$/, '$1');
    return `${entry.slice(0, separator)}=${address}`;
  });
}

/** docker wants host:ip (an IPv6 address after the first colon is fine). */
function hostFlags(flag: string): FlagRenderer<string[]> {
  return (value, view) => repeatFlag(flag)(value?.map((entry) => entry.replace('=', ':')), view);
}

/** `--link container:alias`; `resolve` names the container of a link target. */
function linkFlags(resolve: (target: string, view: Parameters<FlagRenderer<string[]>>[1]) => string): FlagRenderer<string[]> {
  return (value, view) => (value ?? []).flatMap((link) => {
    const [target = '', alias = target] = link.split(':');
    return ['--link', `${resolve(target, view)}:${alias}`];
  });
}

export const NAMING_KEYS = [
  key<string>({ key: 'hostname', schema: str, handledBy: 'config/canonical/service.ts', docker: valueFlag('--hostname'), swarm: valueFlag('--hostname') }),
  key<string>({ key: 'domainname', schema: str, canonical: 'string', docker: valueFlag('--domainname') }),
  key<string[]>({ key: 'dns', schema: stringOrList, canonical: 'list', docker: repeatFlag('--dns'), swarm: repeatFlag('--dns') }),
  key<string[]>({ key: 'dns_search', schema: stringOrList, canonical: 'list', docker: repeatFlag('--dns-search'), swarm: repeatFlag('--dns-search') }),
  key<string[]>({ key: 'dns_opt', schema: stringList, canonical: 'list', docker: repeatFlag('--dns-option'), swarm: repeatFlag('--dns-option') }),
  key<string[]>({ key: 'extra_hosts', schema: listOrDict, canonical: canonicalExtraHosts, docker: hostFlags('--add-host'), swarm: hostFlags('--host') }),
  key<string[]>({ key: 'links', schema: stringList, canonical: 'list', docker: linkFlags((target, view) => view.firstContainerOf(target)) }),
  key<string[]>({ key: 'external_links', schema: stringList, canonical: 'list', docker: linkFlags((target) => target) }),
];
