/**
 * The one place berth reads its process environment (the shell's variables). Nothing in berth
 * writes it: values the env files add (compose's COMPOSE_* settings) travel in GlobalOptions.settings.
 */
export function processEnvironment(): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) environment[key] = value;
  return environment;
}

/** One variable of the process environment (no copy of the whole). */
export function environmentVariable(name: string): string | undefined {
  return process.env[name];
}

/** The process environment as a read-only view (no copy), for functions that take an environment. */
export function environmentView(): Readonly<Record<string, string | undefined>> {
  return process.env;
}
