import { runDocker } from '../engine/docker.js';
import type { Project, ServiceConfig } from '../model/project.js';
import { containerName, replicaCount } from '../plan/names.js';
import { LogPrinter, streamOne, type LogSource } from '../ui/log-printer.js';

export interface AttachOptions {
  readonly colour: boolean;
  readonly prefix: boolean;
  readonly scale?: Readonly<Record<string, number>>;
}

/** The containers of these services, as log sources (`web-1` shown for `proj-web-1`). */
export function logSourcesOf(project: Project, services: readonly ServiceConfig[], scale: Readonly<Record<string, number>> = {}): LogSource[] {
  return services.flatMap((service) =>
    Array.from({ length: replicaCount(service, scale) }, (_, index) => {
      const container = containerName(project, service, index + 1);
      const display = container.startsWith(`${project.name}-`) ? container.slice(project.name.length + 1) : container;
      return { container, display };
    }),
  );
}

/**
 * Attached `up`: prints `Attaching to ...`, multiplexes the containers' logs until they all stop,
 * and on the first Ctrl-C stops them gracefully (the second kills). Resolves to the exit code.
 */
export async function attachAndWait(sources: readonly LogSource[], options: AttachOptions): Promise<number> {
  const printer = new LogPrinter(sources, options);
  process.stdout.write(`Attaching to ${sources.map((source) => source.display).join(', ')}\n`);
  let interrupts = 0;
  const names = sources.map((source) => source.container);
  const onSignal = (): void => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write('Gracefully stopping... (press Ctrl+C again to force)\n');
      void runDocker(['stop', ...names]);
    } else {
      void runDocker(['kill', ...names]);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await Promise.all(sources.map((source) => streamOne(source, {
      follow: true,
      colour: options.colour,
      prefix: options.prefix,
      onEnd: async (ended) => {
        const state = await runDocker(['inspect', '--format', '{{.State.ExitCode}}', ended.container]);
        if (state.exitCode === 0) printer.status(ended.display, `exited with code ${state.stdout.trim()}`);
      },
    }, printer)));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return interrupts > 0 ? 130 : 0;
}
