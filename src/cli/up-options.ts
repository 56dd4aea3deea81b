import type { Argv } from 'yargs';
import { UserError } from '../model/errors.js';
import type { PullPolicy } from '../plan/up-resources.js';

/** `up`'s parsed flags, after compose's validation rules (cmd/compose/up.go validateFlags). */
export interface UpFlags {
  readonly services: string[];
  readonly detach: boolean;
  readonly build: boolean;
  readonly noBuild: boolean;
  readonly pull: PullPolicy | undefined;
  readonly quietPull: boolean;
  /** --quiet-build: builds run without showing their output. */
  readonly quietBuild: boolean;
  readonly forceRecreate: boolean;
  readonly noRecreate: boolean;
  readonly alwaysRecreateDeps: boolean;
  readonly renewAnonVolumes: boolean;
  readonly noDeps: boolean;
  readonly noStart: boolean;
  readonly removeOrphans: boolean | undefined;
  readonly scale: Record<string, number>;
  readonly wait: boolean;
  readonly waitTimeout: number | undefined;
  readonly timeout: number | undefined;
  readonly abortOnExit: boolean;
  readonly abortOnFailure: boolean;
  readonly exitCodeFrom: string | undefined;
  readonly attach: string[];
  readonly noAttach: string[];
  readonly attachDependencies: boolean;
  readonly noColor: boolean;
  readonly noLogPrefix: boolean;
  readonly timestamps: boolean;
  /** -y: recreate changed volumes without asking. */
  readonly yes: boolean;
  /** -w/--watch: follow the services' develop.watch rules while attached. */
  readonly watch: boolean;
}

/** `--scale web=3` values as a map. */
export function parseScale(values: readonly string[]): Record<string, number> {
  const scale: Record<string, number> = {};
  for (const value of values) {
    const match = /^([^=]+)=(\d+)$/.exec(value);
    if (match === null) throw new UserError(`invalid --scale option "${value}". Should be SERVICE=NUM`);
    scale[match[1] as string] = Number(match[2]);
  }
  return scale;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String).flatMap((item) => item.split(',')).filter(Boolean) : [];
}

function incompatible(pairs: ReadonlyArray<readonly [boolean, string, boolean, string]>): void {
  for (const [a, aName, b, bName] of pairs) if (a && b) throw new UserError(`${aName} and ${bName} are incompatible`);
}

/** Reads and validates `up`'s flags from yargs' argv. */
export function readUpFlags(argv: Record<string, unknown>): UpFlags {
  const flag = (name: string): boolean => argv[name] === true;
  const pull = argv['pull'] as string | undefined;
  if (pull !== undefined && !['always', 'missing', 'never', 'build'].includes(pull)) throw new UserError(`invalid --pull option "${pull}"`);
  const waitTimeout = argv['waitTimeout'] as number | undefined;
  if (waitTimeout !== undefined && (Number.isNaN(waitTimeout) || waitTimeout < 0)) throw new UserError('--wait-timeout must be a positive integer');
  const exitCodeFrom = argv['exitCodeFrom'] as string | undefined;
  const abortOnFailure = flag('abortOnContainerFailure');
  const abortOnExit = flag('abortOnContainerExit') || (exitCodeFrom !== undefined && !abortOnFailure);
  const attach = strings(argv['attach']);
  const attachDependencies = flag('attachDependencies');
  const wait = flag('wait');
  const detach = flag('detach');
  incompatible([
    [flag('abortOnContainerExit'), '--abort-on-container-exit', abortOnFailure, '--abort-on-container-failure'],
    [wait, '--wait', abortOnExit, '--abort-on-container-exit'],
    [wait, '--wait', attach.length > 0, '--attach'],
    [wait, '--wait', attachDependencies, '--attach-dependencies'],
    [detach, '--detach', abortOnExit, '--abort-on-container-exit'],
    [detach, '--detach', abortOnFailure, '--abort-on-container-failure'],
    [detach, '--detach', attach.length > 0, '--attach'],
    [detach, '--detach', attachDependencies, '--attach-dependencies'],
    [detach, '--detach', flag('watch'), '--watch'],
    [flag('noBuild'), '--no-build', flag('watch'), '--watch'],
    [flag('build'), '--build', flag('noBuild'), '--no-build'],
    [flag('forceRecreate'), '--force-recreate', flag('noRecreate'), '--no-recreate'],
    [flag('noRecreate'), '--no-recreate', flag('renewAnonVolumes'), '--renew-anon-volumes'],
    [flag('noRecreate'), '--no-recreate', flag('alwaysRecreateDeps'), '--always-recreate-deps'],
  ]);
  if (attach.length > 0 && attachDependencies) throw new UserError('cannot combine --attach and --attach-dependencies');
  const timeout = argv['timeout'] as number | undefined;
  return {
    services: strings(argv['services']),
    detach: detach || wait,
    build: flag('build'),
    noBuild: flag('noBuild'),
    pull: pull as PullPolicy | undefined,
    quietPull: flag('quietPull'),
    quietBuild: flag('quietBuild'),
    forceRecreate: flag('forceRecreate'),
    noRecreate: flag('noRecreate'),
    alwaysRecreateDeps: flag('alwaysRecreateDeps'),
    renewAnonVolumes: flag('renewAnonVolumes'),
    noDeps: flag('noDeps'),
    noStart: flag('noStart'),
    removeOrphans: argv['removeOrphans'] as boolean | undefined,
    scale: parseScale(strings(argv['scale'])),
    wait,
    waitTimeout,
    timeout: timeout === undefined || Number.isNaN(timeout) ? undefined : timeout,
    abortOnExit,
    abortOnFailure,
    exitCodeFrom,
    attach,
    noAttach: strings(argv['noAttach']),
    attachDependencies,
    noColor: flag('noColor'),
    noLogPrefix: flag('noLogPrefix'),
    timestamps: flag('timestamps'),
    yes: flag('yes'),
    watch: flag('watch'),
  };
}

/** The flags `create` shares with `up` (what to build, pull and recreate). */
export function addCreateOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('build', { type: 'boolean', default: false, description: 'Build images before starting containers' })
    .option('no-build', { type: 'boolean', default: false, description: "Don't build an image, even if it's missing" })
    .option('pull', { type: 'string', choices: ['always', 'missing', 'never', 'build'], description: 'Pull image before running ("always"|"missing"|"never"|"build")' })
    .option('quiet-pull', { type: 'boolean', default: false, description: 'Pull without printing progress information' })
    .option('quiet-build', { type: 'boolean', default: false, description: 'Suppress the build output' })
    .option('force-recreate', { type: 'boolean', default: false, description: "Recreate containers even if their configuration and image haven't changed" })
    .option('no-recreate', { type: 'boolean', default: false, description: "If containers already exist, don't recreate them" })
    .option('remove-orphans', { type: 'boolean', description: 'Remove containers for services not defined in the Compose file' })
    .option('scale', { type: 'string', array: true, nargs: 1, default: [] as string[], description: 'Scale SERVICE to NUM instances. Overrides the scale setting in the Compose file if present' })
    .option('yes', { alias: 'y', type: 'boolean', default: false, description: 'Assume "yes" as answer to all prompts and run non-interactively' });
}
