/**
 * Bounds on what one compose file may make the YAML parser and the loader do, checked before the
 * work is done, so that no input can exhaust time, memory or the stack: the number of nodes (read
 * off the lexer's tokens), the nesting depth (read off the parser's syntax tree, without recursion)
 * and, in yaml-tree.ts, the size that aliases expand to.
 */
import { CST, Lexer, Parser } from 'yaml';

/** Far above any real compose file (a few thousand nodes), low enough to load in well under 2 s. */
export const MAX_NODES = 100_000;
/** go-yaml's cap is 10,000; compose files nest about 8 deep, and deeper trees cost stack in every walk. */
export const MAX_DEPTH = 200;
/** What aliases may expand a file's tree to, counted in nodes (go-yaml refuses "excessive aliasing"). */
export const MAX_EXPANDED_NODES = 400_000;

/** A limit passed at a source offset. */
export class YamlLimitError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
    this.name = 'YamlLimitError';
  }
}

/** Tokens the lexer adds that are not source text. */
const CONTROL_TOKENS = new Set([CST.SCALAR, CST.DOCUMENT, CST.FLOW_END]);
const NODE_TOKENS = new Set(['scalar', 'single-quoted-scalar', 'double-quoted-scalar', 'block-scalar-header', 'alias', 'flow-map-start', 'flow-seq-start', 'seq-item-ind']);

/**
 * A check fed each lexeme in order (the parser's own lexing, so the text is lexed once): counts nodes
 * and flow nesting, and throws, at the lexeme's offset, past MAX_NODES or MAX_DEPTH.
 */
export function tokenLimits(): (lexeme: string) => void {
  let nodes = 0;
  let flowDepth = 0;
  let offset = 0;
  return (lexeme) => {
    const type = CST.tokenType(lexeme);
    if (type !== null && NODE_TOKENS.has(type) && ++nodes > MAX_NODES) throw new YamlLimitError(`file is too large: more than ${MAX_NODES} YAML nodes`, offset);
    if (type === 'flow-map-start' || type === 'flow-seq-start') {
      if (++flowDepth > MAX_DEPTH) throw new YamlLimitError(depthMessage(), offset);
    } else if (type === 'flow-map-end' || type === 'flow-seq-end') {
      flowDepth = Math.max(0, flowDepth - 1);
    }
    if (!CONTROL_TOKENS.has(lexeme)) offset += lexeme.length;
  };
}

/** The syntax tree of `text`, lexed once with tokenLimits checked before the parser takes each token. */
export function parseWithinLimits(text: string, onNewLine: (offset: number) => void): CST.Token[] {
  const check = tokenLimits();
  const parser = new Parser(onNewLine);
  const tokens: CST.Token[] = [];
  onNewLine(0);
  for (const lexeme of new Lexer().lex(text)) {
    check(lexeme);
    for (const token of parser.next(lexeme)) tokens.push(token);
  }
  for (const token of parser.end()) tokens.push(token);
  return tokens;
}

/** Walks the syntax tree without recursion; throws at the first collection nested past MAX_DEPTH. */
export function checkDepth(tokens: readonly CST.Token[]): void {
  const stack: Array<[CST.Token | null | undefined, number]> = tokens.map((token) => [token, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop() as [CST.Token | null | undefined, number];
    if (token === null || token === undefined) continue;
    if (token.type === 'document') {
      stack.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > MAX_DEPTH) throw new YamlLimitError(depthMessage(), token.offset);
      for (const item of token.items) {
        if ('key' in item) stack.push([item.key, depth + 1]);
        stack.push([item.value, depth + 1]);
      }
    }
  }
}

function depthMessage(): string {
  return `exceeded max depth of ${MAX_DEPTH} nested mappings and lists`;
}
