#!/usr/bin/env node
// berth stack deploy against docker stack deploy on the 10-service busybox stack (scripts/bench-lib.mjs),
// alternating, both detached (-d: the deploy, not Swarm's scheduling, is timed). Per round and tool: a
// first deploy, a no-op redeploy, a redeploy with one service's environment changed; then `docker stack rm`.
// Prints the medians. Needs an active swarm (`docker swarm init --advertise-addr 127.0.0.1`).
// Usage: node scripts/bench-stack-deploy.mjs [rounds=5]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchEnv, berthBin, composeFile, median, time } from './bench-lib.mjs';

const rounds = Number(process.argv[2] ?? 5);
if (execFileSync('docker', ['info', '--format', '{{.Swarm.LocalNodeState}}'], { encoding: 'utf8' }).trim() !== 'active') {
  console.error('bench-stack-deploy: the engine is in no swarm (docker swarm init --advertise-addr 127.0.0.1)');
  process.exit(1);
}
const dir = mkdtempSync(path.join(tmpdir(), 'berth-bench-stack-'));
const file = path.join(dir, 'compose.yaml');
const write = (changed) => writeFileSync(file, composeFile(10).replace('  s1:\n', `  s1:\n    environment: {ROUND: "${changed}"}\n`));

const removeStack = (stack) => {
  spawnSync('docker', ['stack', 'rm', stack], { stdio: 'ignore' });
  // Networks go once their tasks are gone: wait, so the next first deploy starts from nothing.
  for (let i = 0; i < 60 && execFileSync('docker', ['network', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`], { encoding: 'utf8' }).trim() !== ''; i++) spawnSync('sleep', ['0.5']);
  // docker stack rm keeps the stack's volumes: removed here (once the tasks' containers are gone), so the engine is left as found.
  for (let i = 0; i < 30; i++) {
    const volumes = execFileSync('docker', ['volume', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`], { encoding: 'utf8' }).split('\n').filter(Boolean);
    if (volumes.length === 0 || spawnSync('docker', ['volume', 'rm', ...volumes], { stdio: 'ignore' }).status === 0) break;
    spawnSync('sleep', ['0.5']);
  }
};
process.on('exit', () => ['bench-berth', 'bench-docker'].forEach(removeStack));

const tools = {
  berth: (stack) => time(berthBin, ['stack', 'deploy', '-d', '-c', file, stack], { env: benchEnv }),
  'docker stack': (stack) => time('docker', ['stack', 'deploy', '-d', '-c', file, stack], { env: benchEnv }),
};
const results = Object.fromEntries(Object.keys(tools).map((tool) => [tool, { first: [], noop: [], change: [] }]));
for (let round = 0; round < rounds; round++) {
  for (const [tool, deploy] of Object.entries(tools)) {
    const stack = tool === 'berth' ? 'bench-berth' : 'bench-docker';
    write('a');
    results[tool].first.push(deploy(stack));
    results[tool].noop.push(deploy(stack));
    write('b');
    results[tool].change.push(deploy(stack));
    removeStack(stack);
  }
}
for (const phase of ['first', 'noop', 'change']) {
  const berth = median(results.berth[phase]);
  const docker = median(results['docker stack'][phase]);
  console.log(`${phase.padEnd(7)} berth ${berth.toFixed(3)} s  docker stack ${docker.toFixed(3)} s  ratio ${(berth / docker).toFixed(2)}`);
}
