import type { ProgressRenderer } from './renderer.js';

/** One line per event, as `format` writes it: unchanged resources once as `Running`, then every new word; output lines as `formatOutput` writes them. */
export function lineRenderer(stream: NodeJS.WritableStream, format: (resource: string, word: string) => string, formatOutput: (resource: string, line: string) => string = format): ProgressRenderer {
  return {
    begin: ({ unchanged }) => {
      for (const resource of unchanged) stream.write(format(resource, 'Running'));
    },
    update: (resource, word) => stream.write(format(resource, word)),
    output: (resource, line) => stream.write(formatOutput(resource, line)),
    finish: () => undefined,
    end: async () => undefined,
  };
}

/** --progress plain: ` Container p-web-1  Started`, one line per event, as docker compose prints them. */
export function plainRenderer(stream: NodeJS.WritableStream = process.stderr): ProgressRenderer {
  return lineRenderer(stream, (resource, word) => ` ${resource}  ${word}\n`);
}
