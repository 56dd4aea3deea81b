/**
 * Docker's ignore patterns (moby/patternmatcher, as `.dockerignore` and compose's watch `ignore`
 * read them): `*` and `?` stop at `/`, `**` crosses directories, `!` re-includes, the last matching
 * pattern wins, and a pattern that matches a parent directory matches everything under it.
 */
import { posix } from 'node:path';

interface Pattern {
  readonly exclusion: boolean;
  readonly regex: RegExp;
}

export interface PathMatcher {
  matches(absolutePath: string): boolean;
}

const SPECIAL = new Set(['.', '+', '(', ')', '|', '{', '}', '$', '^']);

function patternRegex(pattern: string): RegExp {
  let regex = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] as string;
    if (ch === '*' && pattern[i + 1] === '*') {
      i++;
      if (pattern[i + 1] === '/') i++;
      regex += i + 1 >= pattern.length ? '.*' : '(.*/)?';
    } else if (ch === '*') regex += '[^/]*';
    else if (ch === '?') regex += '[^/]';
    else if (ch === '\\' && i + 1 < pattern.length) regex += `\\${pattern[++i] as string}`;
    else if (SPECIAL.has(ch)) regex += `\\${ch}`;
    else regex += ch;
  }
  return new RegExp(`${regex}$`);
}

/** Patterns relative to `root` (absolute), as compose makes them; blank lines and `#` comments dropped. */
export function dockerPatternMatcher(root: string, patterns: readonly string[]): PathMatcher {
  const compiled: Pattern[] = [];
  for (const line of patterns) {
    const text = line.trim();
    if (text === '' || text.startsWith('#')) continue;
    const exclusion = text.startsWith('!');
    const body = posix.normalize(exclusion ? text.slice(1).trim() : text).replace(/(.)\/+$/, '$1');
    compiled.push({ exclusion, regex: patternRegex(posix.isAbsolute(body) ? body : posix.join(root, body)) });
  }
  return {
    matches(absolutePath: string): boolean {
      const file = posix.normalize(absolutePath);
      const parents = posix.dirname(file).split('/').map((_, index, parts) => parts.slice(0, index + 1).join('/') || '/');
      let matched = false;
      for (const pattern of compiled) {
        if (pattern.exclusion !== matched) continue;
        if (pattern.regex.test(file) || parents.some((parent) => pattern.regex.test(parent))) matched = !pattern.exclusion;
      }
      return matched;
    },
  };
}

/** Editors' temporary files compose never reacts to (GoLand, emacs, vim), and `.git` directories. */
export const EPHEMERAL_PATTERNS = ['**/*___jb_old___', '**/*___jb_tmp___', '**/.idea/**', '**/.#*', '**/4913', '**/*~', '**/.*.swp', '**/.*.swx', '**/.*.swo', '**/.*.swn', '**/.git'];

/** The patterns of a `.dockerignore` file's text (compose reads `<Dockerfile>.dockerignore` first). */
export function dockerignoreLines(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#')).map((line) => line.replace(/^(!?)\/+/, '$1'));
}
