import { createRequire } from 'node:module';

/**
 * Stands in for `string-width` in the bundle (scripts/bundle.mjs), where cliui measures yargs' help
 * text with it: string-width builds its Unicode-property regexes when loaded, ~14 ms of every run even
 * when no help is shown. Printable ASCII is measured directly; any other text goes to string-width,
 * loaded on first use.
 */
const require = createRequire(import.meta.url);
type StringWidth = (text: string, options?: object) => number;
let stringWidth: StringWidth | undefined;

export default function textWidth(text: string, options?: object): number {
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  stringWidth ??= (require('string-width') as { default: StringWidth }).default;
  return stringWidth(text, options);
}
