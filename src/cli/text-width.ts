import { createRequire } from 'node:module';

/**
 * Stands in for `string-width` in the bundle (scripts/bundle.mjs), where cliui measures yargs' help
 * text with it: string-width builds its Unicode-property regexes when loaded, ~14 ms of every run even
 * when no help is shown. Printable ASCII is measured directly; any other text goes to string-width,
 * loaded on first use. In the bundle (CommonJS, `require` defined) esbuild bundles string-width and
 * evaluates it on that first call, so an installed berth needs no node_modules; run from source (ES
 * modules: the tests), it comes from node_modules.
 */
type StringWidth = (text: string, options?: object) => number;
let stringWidth: StringWidth | undefined;

function loadStringWidth(): StringWidth {
  const module = (typeof require === 'function' ? require('string-width') : createRequire(import.meta.url)('string-width')) as { default: StringWidth };
  return module.default;
}

export default function textWidth(text: string, options?: object): number {
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  stringWidth ??= loadStringWidth();
  return stringWidth(text, options);
}
