import { runDocker } from './docker.js';
import { readEvents } from './events.js';

/** A container's state as attached `up` follows it. */
export interface ContainerState {
  readonly status: string;
  readonly exitCode: number;
  readonly startedAt: string;
}

/** The container's state now; undefined when it is gone. */
export async function containerState(container: string): Promise<ContainerState | undefined> {
  const result = await runDocker(['inspect', '--type', 'container', '--format', '{{.State.Status}} {{.State.ExitCode}} {{.State.StartedAt}}', container]);
  if (result.exitCode !== 0) return undefined;
  const [status = '', code = '0', startedAt = ''] = result.stdout.trim().split(' ');
  return { status, exitCode: Number(code), startedAt };
}

/** The exit code of `container`'s last `die` event since `since` (docker's events keep it), else `fallback`. */
export async function lastExitCode(container: string, since: string, fallback: number): Promise<number> {
  const codes: number[] = [];
  await readEvents({ filters: [['container', container], ['event', 'die']], since, until: new Date().toISOString() }, (event) => {
    const code = event.Actor?.Attributes?.['exitCode'];
    if (code !== undefined && /^\d+$/.test(code)) codes.push(Number(code));
  });
  return codes.at(-1) ?? fallback;
}
