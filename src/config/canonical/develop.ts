/** `develop.watch` rules, checked as compose-go checks them, before anything runs. */
import { WATCH_ACTIONS, isSyncAction, type DevelopConfig, type ExecHook, type WatchAction, type WatchRule } from '../../model/develop.js';
import type { KeyPath } from '../yaml-source.js';
import { fail } from '../model-error.js';
import { splitShellWords } from '../shell-words.js';
import { asBoolean, asKeyValueMap, asMapping, asString, asStringList } from './guards.js';
import { modelHostPath, type PathContext } from './volumes.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function stringOrList(value: unknown, keyPath: KeyPath): string[] {
  return typeof value === 'string' ? [value] : asStringList(value, keyPath);
}

function canonicalExec(value: unknown, keyPath: KeyPath): ExecHook {
  const raw = asMapping(value, keyPath);
  const at = (key: string): KeyPath => [...keyPath, key];
  const command = raw['command'];
  const words = typeof command === 'string' ? splitShellWords(command) : command === undefined || command === null ? [] : asStringList(command, at('command'));
  const exec: Mutable<ExecHook> = { command: words };
  if (raw['user'] !== undefined) exec.user = asString(raw['user'], at('user'));
  if (raw['privileged'] !== undefined) exec.privileged = asBoolean(raw['privileged'], at('privileged'));
  if (raw['working_dir'] !== undefined) exec.working_dir = asString(raw['working_dir'], at('working_dir'));
  if (raw['environment'] !== undefined) exec.environment = asKeyValueMap(raw['environment'], at('environment'));
  return exec;
}

function canonicalRule(value: unknown, keyPath: KeyPath, paths: PathContext): WatchRule {
  const raw = asMapping(value, keyPath);
  const at = (key: string): KeyPath => [...keyPath, key];
  if (raw['path'] === undefined) fail(keyPath, 'a watch rule needs a path');
  const path = asString(raw['path'], at('path'));
  if (path.trim() === '') fail(at('path'), "value can't be blank");
  if (raw['action'] === undefined) fail(keyPath, 'a watch rule needs an action');
  const action = asString(raw['action'], at('action')) as WatchAction;
  if (!WATCH_ACTIONS.includes(action)) fail(at('action'), `unknown watch action "${action}": must be one of ${WATCH_ACTIONS.join(', ')}`);
  const rule: Mutable<WatchRule> = { action, path: modelHostPath(path, paths) };
  if (raw['target'] !== undefined) rule.target = asString(raw['target'], at('target'));
  if (isSyncAction(action) && (rule.target ?? '') === '') fail(keyPath, `target is required for the ${action} action`);
  if (raw['ignore'] !== undefined) rule.ignore = stringOrList(raw['ignore'], at('ignore'));
  if (raw['include'] !== undefined) rule.include = stringOrList(raw['include'], at('include'));
  if (raw['initial_sync'] !== undefined) rule.initial_sync = asBoolean(raw['initial_sync'], at('initial_sync'));
  if (raw['exec'] !== undefined) rule.exec = canonicalExec(raw['exec'], at('exec'));
  if (action === 'sync+exec' && (rule.exec?.command.length ?? 0) === 0) fail(keyPath, `the sync+exec action needs an exec.command`);
  return rule;
}

/** The service's `develop` section with each watch rule checked and its path made absolute. */
export function canonicalDevelop(value: unknown, keyPath: KeyPath, paths: PathContext): DevelopConfig {
  if (value === null) return {};
  const raw = asMapping(value, keyPath);
  const watch = raw['watch'];
  if (watch === undefined || watch === null) return { ...raw };
  if (!Array.isArray(watch)) fail([...keyPath, 'watch'], 'must be a list');
  return { ...raw, watch: watch.map((rule, index) => canonicalRule(rule, [...keyPath, 'watch', index], paths)) };
}
