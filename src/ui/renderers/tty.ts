import type { ProgressRenderer, ResourceOutcome } from './renderer.js';

/** One line of the live list: its latest title, the listr2 task showing it once started, how it ended. */
interface Row {
  title: string;
  task?: { title: string; output?: string };
  readonly ended: Promise<ResourceOutcome>;
  readonly end: (outcome: ResourceOutcome) => void;
}

function row(title: string): Row {
  let end: (outcome: ResourceOutcome) => void = () => undefined;
  const ended = new Promise<ResourceOutcome>((resolve) => {
    end = resolve;
  });
  return { title, ended, end };
}

/**
 * --progress tty: a live listr2 task list on stderr, one line per resource showing its latest word;
 * a resource skipped because of a failure or an interruption is marked skipped, a failed one failed
 * (listr2 is imported only when there is work to show).
 */
export async function ttyRenderer(stream: NodeJS.WriteStream = process.stderr): Promise<ProgressRenderer> {
  const { Listr, ListrLogger, ProcessOutput } = await import('listr2');
  const rows = new Map<string, Row>();
  let running: Promise<unknown> = Promise.resolve();
  return {
    begin: ({ unchanged, planned }) => {
      for (const resource of unchanged) rows.set(resource, row(`${resource}  Running`));
      for (const resource of planned) rows.set(resource, row(`${resource}  Waiting`));
      for (const resource of unchanged) rows.get(resource)?.end({ state: 'done' });
      const tasks = [...rows.values()].map((line) => ({
        title: line.title,
        task: async (_context: unknown, task: { title: string; output?: string; skip: (message?: string) => void }): Promise<void> => {
          line.task = task;
          task.title = line.title;
          const outcome = await line.ended;
          if (outcome.state === 'failed') throw outcome.error;
          if (outcome.state === 'skipped') task.skip(task.title);
        },
      }));
      const logger = new ListrLogger({ processOutput: new ProcessOutput(stream, stream) });
      const list = new Listr(tasks, { concurrent: true, exitOnError: false, registerSignalListeners: false, renderer: 'default', fallbackRendererCondition: false, rendererOptions: { logger } });
      running = list.run();
    },
    update: (resource, word) => {
      const line = rows.get(resource);
      if (line === undefined) return;
      line.title = `${resource}  ${word}`;
      if (line.task !== undefined) line.task.title = line.title;
    },
    // The latest line of a build shows under its row while it runs (listr2's output bar).
    output: (resource, line) => {
      const task = rows.get(resource)?.task;
      if (task !== undefined && line.trim() !== '') task.output = line;
    },
    finish: (resource, outcome) => rows.get(resource)?.end(outcome),
    end: async () => {
      await running.catch(() => undefined);
    },
  };
}
