import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { environmentView } from '../engine/environment.js';

/** The docker CLI's configuration directory: $DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDirectory(environment: Readonly<Record<string, string | undefined>> = environmentView()): string {
  const config = environment['DOCKER_CONFIG'];
  return config !== undefined && config !== '' ? config : path.join(homedir(), '.docker');
}

/** A string setting of the docker CLI's config.json (`psFormat`); undefined when unset or unreadable, as docker treats it. */
export function dockerConfigSetting(name: string): string | undefined {
  try {
    const value = (JSON.parse(readFileSync(path.join(dockerConfigDirectory(), 'config.json'), 'utf8')) as Record<string, unknown>)[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}
