/** compose's prefix colours: cyan, yellow, green, magenta, blue, then the intense variants. */
const COLOURS = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];

export interface LogSource {
  /** Container name for docker. */
  readonly container: string;
  /** Name shown in the prefix: the container name without `<project>-`. */
  readonly display: string;
}

export interface LogLook {
  readonly colour: boolean;
  readonly prefix: boolean;
}

/** Prints containers' log lines as `name-1  | line`, stdout to stdout and stderr to stderr. */
export class LogPrinter {
  private readonly width: number;
  private readonly colours = new Map<string, number>();

  constructor(sources: readonly LogSource[], private readonly look: LogLook) {
    this.width = Math.max(0, ...sources.map((source) => source.display.length)) + 1;
    [...sources].sort((a, b) => (a.display < b.display ? -1 : 1)).forEach((source, index) => {
      this.colours.set(source.display, COLOURS[index % COLOURS.length] as number);
    });
  }

  prefixFor(display: string): string {
    if (!this.look.prefix) return '';
    const text = `${display.padEnd(this.width)}| `;
    const colour = this.colours.get(display);
    return this.look.colour && colour !== undefined ? `\u001b[${colour}m${text}\u001b[0m` : text;
  }

  /** Writes a status line such as `web-1 exited with code 0` in the container's colour. */
  status(display: string, message: string): void {
    const colour = this.colours.get(display);
    const text = `${display} ${message}`;
    process.stdout.write(`${this.look.colour && colour !== undefined ? `\u001b[${colour}m${text}\u001b[0m` : text}\n`);
  }

  /** Writes log lines of one container, each with its prefix, on the stream docker wrote them to. */
  lines(display: string, stream: 'stdout' | 'stderr', lines: readonly string[]): void {
    const prefix = this.prefixFor(display);
    (stream === 'stdout' ? process.stdout : process.stderr).write(lines.map((line) => `${prefix}${line}\n`).join(''));
  }
}
