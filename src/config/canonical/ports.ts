import type { PortConfig } from '../../model/project.js';
import type { KeyPath } from '../yaml-source.js';
import { fail } from '../model-error.js';
import { asInteger, asString, isMapping } from './guards.js';

const PORT_SHORT = /^(?:(?<ip>\[[0-9a-fA-F:.]+\]|[0-9.]+|[^:]*?):)??(?:(?<host>\d*(?:-\d+)?):)?(?<container>\d+(?:-\d+)?)(?:\/(?<protocol>tcp|udp|sctp))?$/;

/** Long-syntax ports from a service's `ports` list; ranges expand to one entry per container port. */
export function canonicalPorts(value: unknown, keyPath: KeyPath): PortConfig[] {
  if (!Array.isArray(value)) fail(keyPath, 'must be a list');
  return value.flatMap((item, index) => canonicalPort(item, [...keyPath, index]));
}

function canonicalPort(item: unknown, keyPath: KeyPath): PortConfig[] {
  if (typeof item === 'number') return [{ mode: 'ingress', target: asPortNumber(item, keyPath), protocol: 'tcp' }];
  if (typeof item === 'string') return parseShortPort(item, keyPath);
  if (isMapping(item)) {
    if (item['target'] === undefined) fail(keyPath, 'target is required');
    const port: PortConfig = {
      mode: item['mode'] === undefined ? 'ingress' : oneOf(item['mode'], ['ingress', 'host'], [...keyPath, 'mode']),
      target: asPortNumber(item['target'], [...keyPath, 'target']),
      protocol: item['protocol'] === undefined ? 'tcp' : oneOf(item['protocol'], PROTOCOLS, [...keyPath, 'protocol']),
    };
    if (item['host_ip'] !== undefined) {
      port.host_ip = asString(item['host_ip'], [...keyPath, 'host_ip']);
      if (!isIpAddress(port.host_ip)) fail([...keyPath, 'host_ip'], `invalid IP address "${port.host_ip}"`);
    }
    if (item['published'] !== undefined && item['published'] !== '') {
      port.published = asString(item['published'], [...keyPath, 'published']);
      parseRange(port.published, port.published, [...keyPath, 'published']);
    }
    if (item['name'] !== undefined) port.name = asString(item['name'], [...keyPath, 'name']);
    if (item['app_protocol'] !== undefined) port.app_protocol = asString(item['app_protocol'], [...keyPath, 'app_protocol']);
    return [port];
  }
  fail(keyPath, 'must be a string, a number or a mapping');
}

const PROTOCOLS = ['tcp', 'udp', 'sctp'];

function oneOf(value: unknown, allowed: readonly string[], keyPath: KeyPath): string {
  const text = asString(value, keyPath);
  if (!allowed.includes(text)) fail(keyPath, `must be one of ${allowed.join(', ')}, not "${text}"`);
  return text;
}

/** `expose` entries: `80`, `8000-8010`, `53/udp`, as `docker create --expose` takes them. */
export function canonicalExpose(value: unknown, keyPath: KeyPath): string[] {
  if (!Array.isArray(value)) fail(keyPath, 'must be a list');
  return value.map((item, index) => {
    const text = asString(item, [...keyPath, index]);
    const match = /^(\d+(?:-\d+)?)(?:\/(tcp|udp|sctp))?$/.exec(text);
    if (match === null) fail([...keyPath, index], `invalid port "${text}"`);
    parseRange(match[1] as string, text, [...keyPath, index]);
    return text;
  });
}

function parseShortPort(text: string, keyPath: KeyPath): PortConfig[] {
  const match = PORT_SHORT.exec(text.trim());
  if (match?.groups === undefined) fail(keyPath, `invalid port "${text}"`);
  const { ip, host, container, protocol } = match.groups;
  const hostIp = ip === undefined || ip === '' ? undefined : ip.replace(/^\[(.*)\]$/, '$1');
  if (hostIp !== undefined && !isIpAddress(hostIp)) fail(keyPath, `invalid IP address "${hostIp}" in port "${text}"`);
  const [containerStart, containerEnd] = parseRange(container as string, text, keyPath);
  const hostRange = host === undefined || host === '' ? undefined : parseRange(host, text, keyPath);
  const count = containerEnd - containerStart + 1;
  if (hostRange !== undefined && hostRange[1] - hostRange[0] + 1 !== count && count !== 1) {
    fail(keyPath, `invalid port "${text}": host and container port ranges differ in size`);
  }
  const ports: PortConfig[] = [];
  for (let offset = 0; offset < count; offset++) {
    const port: PortConfig = { mode: 'ingress', target: containerStart + offset, protocol: protocol ?? 'tcp' };
    if (hostIp !== undefined) port.host_ip = hostIp;
    if (hostRange !== undefined) {
      port.published = count === 1 && hostRange[0] !== hostRange[1] ? `${hostRange[0]}-${hostRange[1]}` : String(hostRange[0] + offset);
    }
    ports.push(port);
  }
  return ports;
}

function parseRange(text: string, whole: string, keyPath: KeyPath): [number, number] {
  const [startText, endText] = text.split('-');
  const start = Number(startText);
  const end = endText === undefined ? start : Number(endText);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > 65535 || end < start) {
    fail(keyPath, `invalid port "${whole}"`);
  }
  return [start, end];
}

function asPortNumber(value: unknown, keyPath: KeyPath): number {
  const port = asInteger(value, keyPath);
  if (port < 1 || port > 65535) fail(keyPath, `invalid port ${port}: must be between 1 and 65535`);
  return port;
}

function isIpAddress(text: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) return text.split('.').every((part) => Number(part) <= 255);
  return /^[0-9a-fA-F:.]+$/.test(text) && text.includes(':');
}
