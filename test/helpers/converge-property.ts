import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { berth } from './berth.js';
import { docker, purgeProject } from './docker.js';
import { mutatingCalls, recordingDocker } from './converge.js';
import { composeYaml, edit, enabled, random, randomModel } from './converge-model.js';

/**
 * Convergence property: a random project put through random edits, `up -d` after each, ends equal to a
 * fresh `up -d` of the final file in another project; one more `up -d` then changes nothing.
 */

interface InspectedContainer {
  Name: string;
  Config: { Cmd: string[] | null; Env: string[]; Image: string; Healthcheck?: unknown; Labels: Record<string, string> };
  HostConfig: { PortBindings: Record<string, Array<{ HostIp: string }>> | null; RestartPolicy: unknown; Tmpfs?: unknown };
  Mounts: Array<{ Type: string; Name?: string; Source: string; Destination: string; RW: boolean }>;
  NetworkSettings: { Networks: Record<string, { Aliases: string[] | null }> };
  State: { Status: string };
}

/**
 * Labels left out of the comparison: the project's own, and depends_on, which (as in compose) is not
 * part of the config hash, so a changed dependency condition alone recreates nothing.
 */
const IGNORED_LABELS = ['com.docker.compose.project', 'com.docker.compose.project.working_dir', 'com.docker.compose.project.config_files', 'com.docker.compose.replace', 'com.docker.compose.depends_on'];

/** Per `service#number`, the config-relevant fields of the project's containers, with names made project-neutral. */
export async function projectSnapshot(project: string, dir: string, services: readonly string[]): Promise<Record<string, unknown>> {
  const ids = (await docker(['ps', '-a', '-q', '--filter', `label=com.docker.compose.project=${project}`, '--filter', 'label=com.docker.compose.oneoff=False'])).split('\n').filter(Boolean);
  if (ids.length === 0) return {};
  const neutral = (text: string): string => text.split(project).join('<project>');
  const containers = JSON.parse(await docker(['inspect', ...ids])) as InspectedContainer[];
  const snapshot: Record<string, unknown> = {};
  for (const container of containers) {
    const labels = container.Config.Labels;
    const service = labels['com.docker.compose.service'] ?? '';
    if (!services.includes(service)) continue;
    snapshot[`${service}#${labels['com.docker.compose.container-number']}`] = {
      name: neutral(container.Name),
      cmd: container.Config.Cmd,
      env: [...container.Config.Env].sort(),
      image: container.Config.Image,
      healthcheck: container.Config.Healthcheck ?? null,
      labels: Object.fromEntries(Object.entries(labels).filter(([key]) => key.startsWith('com.docker.compose.') && !IGNORED_LABELS.includes(key)).map(([key, value]) => [key, neutral(value)])),
      ports: Object.fromEntries(Object.entries(container.HostConfig.PortBindings ?? {}).map(([port, bindings]) => [port, bindings.map((binding) => binding.HostIp)])),
      restart: container.HostConfig.RestartPolicy,
      tmpfs: container.HostConfig.Tmpfs ?? null,
      mounts: container.Mounts.map((mount) => ({
        type: mount.Type,
        destination: mount.Destination,
        rw: mount.RW,
        source: mount.Type === 'volume' ? (/^[0-9a-f]{64}$/.test(mount.Name ?? '') ? '<anonymous>' : neutral(mount.Name ?? '')) : mount.Type === 'bind' ? path.relative(dir, mount.Source) : '',
      })).sort((a, b) => (a.destination < b.destination ? -1 : 1)),
      networks: Object.fromEntries(Object.entries(container.NetworkSettings.Networks).map(([name, network]) => [neutral(name), (network.Aliases ?? []).filter((alias) => !/^[0-9a-f]{12}$/.test(alias)).sort()])),
      state: container.State.Status,
    };
  }
  return snapshot;
}

export interface PropertyOutcome {
  readonly seed: number;
  readonly edits: string[];
  /** What went wrong; empty when the property held. */
  readonly failures: string[];
  readonly ups: number;
  readonly milliseconds: number;
}

/** One seeded run: random project, `rounds` random edits with `up -d` after each, then the comparisons. */
export async function runProperty(seed: number, rounds: number): Promise<PropertyOutcome> {
  const started = Date.now();
  const rng = random(seed);
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-property-'));
  for (const name of ['b0', 'b1']) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, 'file'), `${name}\n`);
  }
  const converged = `bcp-${seed}-a`;
  const fresh = `bcp-${seed}-b`;
  const failures: string[] = [];
  const edits: string[] = [];
  let ups = 0;
  const model = randomModel(rng);
  const up = async (project: string, env: Record<string, string> = {}): Promise<boolean> => {
    writeFileSync(path.join(dir, 'compose.yaml'), composeYaml(model));
    ups++;
    const began = Date.now();
    const result = await berth(['-p', project, '--profile', 'on', 'up', '-d'], { cwd: dir, env });
    if (process.env['BERTH_PROPERTY_TRACE'] !== undefined) process.stderr.write(`up ${project} ${Date.now() - began} ms\n${result.stderr}\n`);
    if (result.exitCode !== 0) failures.push(`up -d of ${project} after [${edits.join('; ')}] exited ${result.exitCode}: ${result.stderr.trim().split('\n').slice(-3).join(' / ')}`);
    return result.exitCode === 0;
  };
  try {
    await purgeProject(converged);
    await purgeProject(fresh);
    if (await up(converged)) {
      for (let round = 0; round < rounds; round++) {
        edits.push(edit(rng, model));
        if (!(await up(converged))) break;
      }
    }
    if (failures.length === 0 && (await up(fresh))) {
      const services = enabled(model);
      const [left, right] = await Promise.all([projectSnapshot(converged, dir, services), projectSnapshot(fresh, dir, services)]);
      for (const key of [...new Set([...Object.keys(left), ...Object.keys(right)])].sort()) {
        const a = JSON.stringify(left[key]);
        const b = JSON.stringify(right[key]);
        if (a !== b) failures.push(`${key} differs:\n  converged: ${a}\n  fresh:     ${b}`);
      }
      const recorder = recordingDocker();
      if (await up(converged, { DOCKER_BIN: recorder.bin })) {
        const mutating = mutatingCalls(recorder.calls());
        if (mutating.length > 0) failures.push(`one more up -d ran: ${mutating.map((argv) => argv.slice(0, 3).join(' ')).join('; ')}`);
      }
    }
  } finally {
    for (const project of [converged, fresh]) await berth(['-p', project, '--profile', 'on', 'down', '-v', '--remove-orphans', '-t', '1'], { cwd: dir });
    await purgeProject(converged);
    await purgeProject(fresh);
  }
  return { seed, edits, failures, ups, milliseconds: Date.now() - started };
}

/** A failure report that names the seed to replay. */
export function describeFailure(outcome: PropertyOutcome, rounds: number): string {
  return `convergence property failed for seed ${outcome.seed} (rounds ${rounds}; replay: node scripts/converge-property.mjs ${outcome.seed} ${rounds} 1)\nedits: ${outcome.edits.join('; ')}\n${outcome.failures.join('\n')}`;
}
