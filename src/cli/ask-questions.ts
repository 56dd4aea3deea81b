import { createInterface } from 'node:readline/promises';
import type { Question } from '../model/plan.js';

/**
 * The keys of the plan's questions the user answers yes to (compose's prompt, default no), asked on a
 * terminal only: off a terminal, or in a dry-run, nothing is agreed (a Makefile never waits on a
 * prompt; the plan warns that the volume is kept). -y answers them all before planning.
 */
export async function askQuestions(questions: readonly Question[], options: { dryRun: boolean }): Promise<string[]> {
  if (questions.length === 0 || options.dryRun || process.stdin.isTTY !== true || process.stdout.isTTY !== true) return [];
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const agreed: string[] = [];
    for (const question of questions) {
      const answer = await terminal.question(`${question.text} (y/N) `);
      if (/^y(es)?$/i.test(answer.trim())) agreed.push(question.key);
    }
    return agreed;
  } finally {
    terminal.close();
  }
}
