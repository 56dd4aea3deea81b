import type { Readable } from 'node:stream';
import { spawnDockerStream } from '../engine/docker.js';

/** compose's prefix colours: cyan, yellow, green, magenta, blue, then the intense variants. */
const COLOURS = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];

export interface LogSource {
  /** Container name for docker. */
  readonly container: string;
  /** Name shown in the prefix: the container name without `<project>-`. */
  readonly display: string;
}

export interface LogOptions {
  readonly follow?: boolean;
  readonly tail?: string;
  readonly timestamps?: boolean;
  readonly since?: string;
  readonly until?: string;
  readonly colour: boolean;
  readonly prefix: boolean;
  readonly signal?: AbortSignal;
  /** Called when a container's stream ends (it stopped, or logs finished). */
  readonly onEnd?: (source: LogSource) => void | Promise<void>;
}

/** Prints each container's log lines as `name-1  | line`, stdout to stdout and stderr to stderr. */
export class LogPrinter {
  private readonly width: number;
  private readonly colours = new Map<string, number>();

  constructor(sources: readonly LogSource[], private readonly options: Pick<LogOptions, 'colour' | 'prefix'>) {
    this.width = Math.max(0, ...sources.map((source) => source.display.length)) + 1;
    [...sources].sort((a, b) => (a.display < b.display ? -1 : 1)).forEach((source, index) => {
      this.colours.set(source.display, COLOURS[index % COLOURS.length] as number);
    });
  }

  prefixFor(display: string): string {
    if (!this.options.prefix) return '';
    const text = `${display.padEnd(this.width)}| `;
    const colour = this.colours.get(display);
    return this.options.colour && colour !== undefined ? `\u001b[${colour}m${text}\u001b[0m` : text;
  }

  /** Writes a status line such as `web-1 exited with code 0` in the container's colour. */
  status(display: string, message: string): void {
    const colour = this.colours.get(display);
    const text = `${display} ${message}`;
    process.stdout.write(`${this.options.colour && colour !== undefined ? `\u001b[${colour}m${text}\u001b[0m` : text}\n`);
  }

  pipe(stream: Readable | null | undefined, display: string, target: NodeJS.WriteStream): Promise<void> {
    if (stream === null || stream === undefined) return Promise.resolve();
    const prefix = this.prefixFor(display);
    let pending = '';
    return new Promise((resolve) => {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        if (lines.length > 0) target.write(lines.map((line) => `${prefix}${line}\n`).join(''));
      });
      stream.on('end', () => {
        if (pending !== '') target.write(`${prefix}${pending}\n`);
        resolve();
      });
      stream.on('error', () => resolve());
    });
  }
}

/** Streams the logs of every source until they end (or the signal aborts); resolves when all have ended. */
export async function streamLogs(sources: readonly LogSource[], options: LogOptions, printer = new LogPrinter(sources, options)): Promise<void> {
  await Promise.all(sources.map((source) => streamOne(source, options, printer)));
}

export async function streamOne(source: LogSource, options: LogOptions, printer: LogPrinter): Promise<void> {
  const argv = ['logs'];
  if (options.follow === true) argv.push('-f');
  if (options.tail !== undefined && options.tail !== 'all') argv.push('--tail', options.tail);
  if (options.timestamps === true) argv.push('-t');
  if (options.since !== undefined) argv.push('--since', options.since);
  if (options.until !== undefined) argv.push('--until', options.until);
  argv.push(source.container);
  const child = spawnDockerStream(argv, options.signal);
  await Promise.all([
    printer.pipe(child.stdout, source.display, process.stdout),
    printer.pipe(child.stderr, source.display, process.stderr),
    child.catch(() => undefined),
  ]);
  await options.onEnd?.(source);
}
