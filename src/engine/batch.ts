import { DockerCommandError } from '../model/errors.js';
import { runDocker } from './docker.js';

interface Waiting {
  readonly name: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Merges `docker stop|rm|kill|pause|unpause ... NAME` calls that become due in the same turn of the
 * event loop and differ only in the container name into one `docker ... NAME1 NAME2 ...` (the CLI acts
 * on them in parallel). Thirty containers then cost one docker process instead of thirty, which is
 * most of the time `down` takes on a busy machine. A failure is pinned on the containers it names.
 */
export class ContainerCommandBatcher {
  private readonly pending = new Map<string, { prefix: readonly string[]; waiting: Waiting[] }>();

  /** Whether `argv` is a batchable container command ending in one container name. */
  static accepts(argv: readonly string[]): boolean {
    return ['stop', 'rm', 'kill', 'pause', 'unpause'].includes(argv[0] ?? '') && argv.length >= 2;
  }

  run(argv: readonly string[]): Promise<void> {
    const prefix = argv.slice(0, -1);
    const key = prefix.join('\u0000');
    let batch = this.pending.get(key);
    if (batch === undefined) {
      batch = { prefix, waiting: [] };
      this.pending.set(key, batch);
      setImmediate(() => {
        this.pending.delete(key);
        void this.flush(prefix, batch?.waiting ?? []);
      });
    }
    const waiting = batch.waiting;
    return new Promise((resolve, reject) => waiting.push({ name: argv[argv.length - 1] as string, resolve, reject }));
  }

  private async flush(prefix: readonly string[], waiting: readonly Waiting[]): Promise<void> {
    const argv = [...prefix, ...waiting.map((entry) => entry.name)];
    const result = await runDocker(argv);
    if (result.exitCode === 0) {
      for (const entry of waiting) entry.resolve();
      return;
    }
    const lines = result.stderr.split('\n');
    for (const entry of waiting) {
      const about = lines.filter((line) => line.includes(entry.name));
      if (about.length === 0 && waiting.length > 1) entry.resolve();
      else entry.reject(new DockerCommandError([...prefix, entry.name], result.exitCode, (about.length > 0 ? about : lines).join('\n')));
    }
  }
}
