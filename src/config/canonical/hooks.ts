import type { ServiceHook } from '../../model/project.js';
import type { KeyPath } from '../yaml-source.js';
import { fail } from '../model-error.js';
import { splitShellWords } from '../shell-words.js';
import { asBoolean, asKeyValueMap, asMapping, asString, asStringList } from './guards.js';

/** A command (service or hook): a list, or a string split as compose-go splits it (shell words, no shell). */
export function commandWords(value: unknown, keyPath: KeyPath): string[] {
  if (typeof value !== 'string') return asStringList(value, keyPath);
  try {
    return splitShellWords(value);
  } catch (error) {
    fail(keyPath, (error as Error).message);
  }
}

/** `post_start` / `pre_stop`: each hook in long form; a command is required and must not be empty. */
export function canonicalHooks(value: unknown, keyPath: KeyPath): ServiceHook[] {
  if (!Array.isArray(value)) fail(keyPath, 'must be a list of hooks');
  return value.map((item, index) => {
    const at = [...keyPath, index];
    const raw = asMapping(item, at);
    if (raw['command'] === undefined || raw['command'] === null) fail(at, 'command is required');
    const hook: ServiceHook = { command: commandWords(raw['command'], [...at, 'command']) };
    if (hook.command.length === 0) fail([...at, 'command'], 'must not be empty');
    if (raw['user'] !== undefined) hook.user = asString(raw['user'], [...at, 'user']);
    if (raw['privileged'] !== undefined) hook.privileged = asBoolean(raw['privileged'], [...at, 'privileged']);
    if (raw['working_dir'] !== undefined) hook.working_dir = asString(raw['working_dir'], [...at, 'working_dir']);
    if (raw['environment'] !== undefined) hook.environment = asKeyValueMap(raw['environment'], [...at, 'environment']);
    return hook;
  });
}
