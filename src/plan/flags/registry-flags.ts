import type { FlagView } from '../../keys/entry.js';
import { familyFlags, FLAG_FAMILIES } from '../../keys/registry.js';
import { firstContainerOf, needsApi, resolveServiceMode, type FlagContext } from './context.js';
import { VERSIONED_KEYS } from './versioned-keys.js';

/** What the registry's flag renderers see of a container being translated. */
export function flagView(context: FlagContext): FlagView {
  const { project } = context;
  return {
    service: context.service,
    runtime: context.runtime,
    workingDir: project.workingDir,
    resolveServiceMode: (mode) => resolveServiceMode(project, mode),
    firstContainerOf: (service) => firstContainerOf(project, service),
    needsApi: (keyPath, name) => needsApi(context, keyPath, VERSIONED_KEYS[name as keyof typeof VERSIONED_KEYS]),
    ignore: (keyPath, why) => context.ignore(keyPath, why),
  };
}

/** One flag family of the key registry (src/keys/registry.ts), rendered for this container. */
export function registryFlags(family: keyof typeof FLAG_FAMILIES): (context: FlagContext) => string[] {
  return (context) => familyFlags(FLAG_FAMILIES[family], flagView(context));
}
