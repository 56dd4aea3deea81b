import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { repoRoot } from './berth.js';

/**
 * A DOCKER_BIN stand-in that numbers berth's docker commands (those whose first word is in `counted`,
 * all when empty) and, at command number FAULT_AT, runs FAULT_HOOK (a shell command) `before` the
 * command starts, `during` it (FAULT_DELAY seconds in), or `after` it ends; then behaves as docker.
 * The fault settings come from the environment, so one wrapper serves every point of a loop; the hook
 * finds berth's pid in BERTH_PID. Ended with SIGTERM (berth's second Ctrl-C), it ends that docker
 * command too, as berth ends a real one.
 */
export function faultyDocker(counted: readonly string[] = []): { bin: string; env: (at: number, when: 'before' | 'during' | 'after', hook: string) => Record<string, string> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-faulty-docker-'));
  const bin = path.join(dir, 'docker');
  const counter = path.join(dir, 'count');
  const filter = counted.length === 0 ? '' : `case "$1" in ${counted.join('|')}) ;; *) exec docker "$@" ;; esac\n`;
  writeFileSync(bin, `#!/bin/sh
${filter}n=$(flock "${counter}.lock" sh -c 'n=$(( $(cat "$0" 2>/dev/null || echo 0) + 1 )); echo $n > "$0"; echo $n' "${counter}")
[ "$n" = "$FAULT_AT" ] || exec docker "$@"
BERTH_PID=$PPID
export BERTH_PID
[ "$FAULT_WHEN" = before ] && sh -c "$FAULT_HOOK"
docker "$@" &
child=$!
trap 'kill -TERM $child; wait $child; exit 143' TERM
[ "$FAULT_WHEN" = during ] && { sleep "\${FAULT_DELAY:-0.1}"; sh -c "$FAULT_HOOK"; }
wait $child
code=$?
[ "$FAULT_WHEN" = after ] && sh -c "$FAULT_HOOK"
exit $code
`);
  chmodSync(bin, 0o755);
  return {
    bin,
    env: (at, when, hook) => {
      writeFileSync(counter, '0');
      return { DOCKER_BIN: bin, FAULT_AT: String(at), FAULT_WHEN: when, FAULT_HOOK: hook };
    },
  };
}

/** A private engine (scripts/private-engine.sh) that a test may kill and restart. */
export class PrivateEngine {
  readonly script = path.join(repoRoot, 'scripts', 'private-engine.sh');
  host = '';
  constructor(readonly id: string) {}

  private async run(action: string): Promise<string> {
    const result = await execa('bash', [this.script, action, this.id], { reject: false });
    if (result.exitCode !== 0) throw new Error(`private-engine.sh ${action} ${this.id} failed: ${String(result.stderr)}`);
    return String(result.stdout).trim();
  }

  async start(): Promise<void> {
    this.host = await this.run('start');
  }

  /** The shell command that kill -9s the engine's dockerd (`crash`: with its containerd and shims). */
  killCommand(mode: 'kill' | 'crash'): string {
    return `bash '${this.script}' ${mode} ${this.id}`;
  }

  restart(): Promise<string> {
    return this.run('restart');
  }

  stop(): Promise<string> {
    return this.run('stop');
  }
}
