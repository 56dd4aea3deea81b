import { parse } from 'dotenv';

/** Parses a `.env` / `env_file` text into its variables. */
export function parseEnvFile(text: string): Record<string, string> {
  return parse(text);
}
