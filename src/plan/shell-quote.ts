/** Characters a POSIX shell takes literally in a word: `[A-Za-z0-9_@%+=:,./-]`, by char code. */
const SAFE_CHARS = new Uint8Array(128);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_@%+=:,./-') SAFE_CHARS[char.charCodeAt(0)] = 1;

/** Whether a word needs no quotes (a loop over a table: a script of 10,000 containers tests ~300,000 words). */
function isSafeWord(word: string): boolean {
  if (word.length === 0) return false;
  for (let index = 0; index < word.length; index++) {
    const code = word.charCodeAt(index);
    if (code >= 128 || SAFE_CHARS[code] === 0) return false;
  }
  return true;
}

/** Quotes one word for a POSIX shell: unchanged when safe, else in single quotes. */
export function shellQuote(word: string): string {
  if (isSafeWord(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A whole command line, each word quoted. */
export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
