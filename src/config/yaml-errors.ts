/** YAML syntax errors worded for Compose users, at the position that points at the real culprit. */
import type { YAMLError } from 'yaml';

export interface YamlProblem {
  readonly message: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
}

/** The first error of a document, reworded (a list item inside a mapping); duplicate keys are yaml-tree.ts's. */
export function describeYamlErrors(errors: readonly YAMLError[], text: string): YamlProblem {
  const first = errors[0] as YAMLError;
  const at = (error: YAMLError): { line: number | undefined; column: number | undefined } => ({ line: error.linePos?.[0].line, column: error.linePos?.[0].col });
  if (first.code === 'BLOCK_AS_IMPLICIT_KEY' && errors[1] !== undefined) {
    const culprit = errors[1];
    const line = culprit.linePos?.[0].line;
    const itemText = line === undefined ? '' : (text.split('\n')[line - 1] ?? '').trim();
    return { message: `unexpected list item "${itemText}" inside a mapping: a key holds either a mapping or a list, not both`, ...at(culprit) };
  }
  return { message: cleanYamlMessage(first.message), ...at(first) };
}

function cleanYamlMessage(message: string): string {
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '').trim();
}
