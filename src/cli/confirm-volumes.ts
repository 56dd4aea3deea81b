import { createInterface } from 'node:readline/promises';
import type { ObservedState } from '../model/observed.js';
import type { Project, ServiceConfig } from '../model/project.js';
import { divergedVolumes } from '../plan/diverged-resources.js';
import { volumeQuestion } from '../plan/volume-recreate.js';

/**
 * The changed volumes `up` may recreate: all of them with -y; on a terminal, those the user answers
 * yes for (compose's question, default no); otherwise none (a Makefile never waits on a prompt; the
 * plan then warns that the volume is kept).
 */
export async function confirmVolumeRecreation(project: Project, observed: ObservedState, services: readonly ServiceConfig[], options: { yes: boolean; dryRun: boolean }): Promise<string[]> {
  const keys = divergedVolumes(project, observed, services);
  if (keys.length === 0 || options.yes) return keys;
  if (options.dryRun || process.stdin.isTTY !== true || process.stdout.isTTY !== true) return [];
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const agreed: string[] = [];
    for (const key of keys) {
      const answer = await terminal.question(`${volumeQuestion(project, key)} (y/N) `);
      if (/^y(es)?$/i.test(answer.trim())) agreed.push(key);
    }
    return agreed;
  } finally {
    terminal.close();
  }
}
