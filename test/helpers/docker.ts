import http from 'node:http';
import { execa } from 'execa';

/** Runs docker and returns stdout; throws with stderr on failure. */
export async function docker(args: readonly string[], input?: string): Promise<string> {
  const result = await execa('docker', args, { reject: false, ...(input === undefined ? {} : { input }) });
  if (result.exitCode !== 0) throw new Error(`docker ${args.join(' ')} failed (${result.exitCode}): ${String(result.stderr)}`);
  return String(result.stdout);
}

/** Everything on the engine that a command could change: containers (with state), networks, volumes, images. */
export async function engineSnapshot(): Promise<string> {
  const [containers, networks, volumes, images] = await Promise.all([
    docker(['ps', '-a', '--no-trunc', '--format', '{{.ID}} {{.Names}} {{.State}} {{.Status}}']),
    docker(['network', 'ls', '--no-trunc', '--format', '{{.ID}} {{.Name}}']),
    docker(['volume', 'ls', '--format', '{{.Name}}']),
    docker(['images', '-a', '--no-trunc', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}']),
  ]);
  const sorted = (text: string): string => text.split('\n').filter(Boolean).map((line) => line.replace(/ Up .*$| Exited .*$/, '')).sort().join('\n');
  return [sorted(containers), sorted(networks), sorted(volumes), sorted(images)].join('\n--\n');
}

/** Names of the containers and networks that carry the project's label. */
export async function projectResources(project: string): Promise<{ containers: string[]; networks: string[]; volumes: string[] }> {
  const filter = `label=com.docker.compose.project=${project}`;
  const lines = (text: string): string[] => text.split('\n').filter(Boolean).sort();
  const [containers, networks, volumes] = await Promise.all([
    docker(['ps', '-a', '--filter', filter, '--format', '{{.Names}}']),
    docker(['network', 'ls', '--filter', filter, '--format', '{{.Name}}']),
    docker(['volume', 'ls', '--filter', filter, '--format', '{{.Name}}']),
  ]);
  return { containers: lines(containers), networks: lines(networks), volumes: lines(volumes) };
}

/** Removes every container, network and volume of a project (test clean-up, whatever state it is in). */
export async function purgeProject(project: string): Promise<void> {
  const { containers, volumes } = await projectResources(project);
  if (containers.length > 0) await docker(['rm', '-f', '-v', ...containers]);
  // By ID: the engine may hold two networks of one name.
  const networks = (await docker(['network', 'ls', '-q', '--no-trunc', '--filter', `label=com.docker.compose.project=${project}`])).split('\n').filter(Boolean);
  if (networks.length > 0) await docker(['network', 'rm', ...networks]);
  if (volumes.length > 0) await docker(['volume', 'rm', '-f', ...volumes]);
}

/** One HTTP GET with node:http (a ref'd socket and timer keep the test's event loop alive). */
function getOnce(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    request.setTimeout(timeoutMs, () => request.destroy(new Error('timeout')));
    request.on('error', reject);
  });
}

/** GETs a URL until it answers 200 (or the deadline passes) and returns the body. */
export async function httpGet(url: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await getOnce(url, 3000);
      if (response.status === 200) return response.body;
      lastError = new Error(`HTTP ${response.status}`);
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer in ${timeoutMs} ms: ${String(lastError)}`);
}
