/** yargs reads a lone `-` after `-f`/`--file` as a missing value; `-f -` (stdin) becomes `--file=-`. */
export function stdinFileArgs(args: readonly string[]): string[] {
  const result: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '--') return [...result, ...args.slice(index)];
    if ((arg === '-f' || arg === '--file') && args[index + 1] === '-') {
      result.push('--file=-');
      index++;
    } else {
      result.push(arg);
    }
  }
  return result;
}
