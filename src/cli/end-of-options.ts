/** Global options that take a value (their value is not a command word). */
const GLOBAL_VALUE_OPTIONS = ['-f', '--file', '-p', '--project-name', '--project-directory', '--env-file', '--profile', '--ansi', '--progress', '--parallel'];

/** Per command: options that take a value, for commands whose flags stop at the first positional. */
const HALTING_COMMANDS: Record<string, readonly string[]> = {
  exec: ['-u', '--user', '-w', '--workdir', '-e', '--env', '--index'],
  run: ['-u', '--user', '-w', '--workdir', '-e', '--env', '-l', '--label', '-p', '--publish', '-v', '--volume', '--name', '--entrypoint', '--pull', '--cap-add', '--cap-drop', '--env-from-file'],
};

/** Short flags a command redefines over a global one (cobra lets a command's flag shadow a persistent flag). */
const SHADOWING_FLAGS: Record<string, Record<string, string>> = {
  logs: { '-f': '--follow' },
  rm: { '-f': '--force' },
  version: { '-f': '--format' },
  run: { '-p': '--publish' },
};

/** Index of the command word: the first word that is not a global option or its value. */
export function commandIndex(args: readonly string[]): number {
  let index = 0;
  while (index < args.length) {
    const word = args[index] as string;
    if (word === '--' || !word.startsWith('-')) return index;
    index += skipsValue(word, GLOBAL_VALUE_OPTIONS) ? 2 : 1;
  }
  return index;
}

/** After the command word, a short flag the command redefines means the command's own long flag. */
export function resolveShadowedFlags(args: readonly string[]): string[] {
  const index = commandIndex(args);
  const shadows = SHADOWING_FLAGS[args[index] ?? ''];
  if (shadows === undefined) return [...args];
  const end = args.indexOf('--', index);
  return args.map((word, at) => (at > index && (end < 0 || at < end) ? shadows[word] ?? word : word));
}

function skipsValue(word: string, valueOptions: readonly string[]): boolean {
  return !word.includes('=') && valueOptions.includes(word);
}

/**
 * For `exec` and `run`, docker compose stops reading flags at the service name: everything after it
 * is the command, `-la` included. Inserting `--` after the service name makes yargs do the same.
 */
export function insertEndOfOptions(args: readonly string[]): string[] {
  const index = commandIndex(args);
  const command = args[index];
  if (command === '--') return [...args];
  const valueOptions = command === undefined ? undefined : HALTING_COMMANDS[command];
  if (valueOptions === undefined) return [...args];
  for (let at = index + 1; at < args.length; at++) {
    const word = args[at] as string;
    if (word === '--') return [...args];
    if (word.startsWith('-') && word !== '-') {
      if (skipsValue(word, [...valueOptions, ...GLOBAL_VALUE_OPTIONS])) at++;
      continue;
    }
    if (args[at + 1] === '--') return [...args];
    return [...args.slice(0, at + 1), '--', ...args.slice(at + 1)];
  }
  return [...args];
}
