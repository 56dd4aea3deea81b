/** YAML syntax errors worded for Compose users, at the position that points at the real culprit. */
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type LineCounter, type YAMLError } from 'yaml';

export interface YamlProblem {
  readonly message: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
}

/** The first error of a document, reworded (duplicate keys, a list item inside a mapping). */
export function describeYamlErrors(errors: readonly YAMLError[], text: string, lineCounter: LineCounter): YamlProblem {
  const first = errors[0] as YAMLError;
  const at = (error: YAMLError): { line: number | undefined; column: number | undefined } => ({ line: error.linePos?.[0].line, column: error.linePos?.[0].col });
  if (first.code === 'DUPLICATE_KEY') {
    const duplicate = findDuplicateKey(text, lineCounter);
    if (duplicate !== undefined) return duplicate;
  }
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

/** compose's wording: `mapping key "k" already defined at line M`, placed at the second occurrence. */
function findDuplicateKey(text: string, lineCounter: LineCounter): YamlProblem | undefined {
  const doc = parseDocument(text, { uniqueKeys: false });
  let found: YamlProblem | undefined;
  const visit = (node: unknown): void => {
    if (found !== undefined) return;
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const offset = pair.key.range?.[0] ?? 0;
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          const { line, col } = lineCounter.linePos(offset);
          found = { message: `mapping key "${key}" already defined at line ${lineCounter.linePos(earlier).line}`, line, column: col };
          return;
        }
        seen.set(key, offset);
        visit(pair.value);
      }
    } else if (isSeq(node)) {
      node.items.forEach(visit);
    }
  };
  visit(doc.contents);
  return found;
}

/** Errors of building the plain tree (unknown anchors, bad merge keys), placed at the offending node. */
export function describeConversionError(doc: Document, message: string): { message: string; offset: number | undefined } {
  let offset: number | undefined;
  let text = message;
  if (message.includes('Unresolved alias')) {
    visit(doc, {
      Alias(_key, node) {
        if (node.resolve(doc) !== undefined) return undefined;
        offset = node.range?.[0];
        text = `unknown anchor "${node.source}" referenced`;
        return visit.BREAK;
      },
    });
  } else if (message.includes('Merge sources')) {
    visit(doc, {
      Pair(_key, pair) {
        if (!isScalar(pair.key) || (pair.key as { source?: string }).source !== '<<') return undefined;
        const value = pair.value;
        if (isMap(value) || (isAlias(value) && isMap(value.resolve(doc)))) return undefined;
        if (isSeq(value) && value.items.every((item) => isMap(item) || (isAlias(item) && isMap(item.resolve(doc))))) return undefined;
        offset = pair.key.range?.[0];
        text = 'merge key "<<" must be given a mapping or an alias of one';
        return visit.BREAK;
      },
    });
  }
  return { message: text, offset };
}
