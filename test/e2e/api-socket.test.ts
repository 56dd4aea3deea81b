import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { berth } from '../helpers/berth.js';
import { docker, purgeProject } from '../helpers/docker.js';
import { stackDir } from '../helpers/converge.js';

// use_api_socket: the engine's own socket (whatever DOCKER_HOST names) is mounted at /var/run/docker.sock.
const project = 'berth-e2e-api-socket';
const dir = stackDir('services:\n  app:\n    image: berth-test/busybox\n    command: sleep 3600\n    use_api_socket: true\n');

after(() => purgeProject(project));

test('use_api_socket mounts the engine socket, says credentials are not copied, and converges', async () => {
  await purgeProject(project);
  const up = await berth(['-p', project, 'up', '-d'], { cwd: dir });
  assert.equal(up.exitCode, 0, up.stderr);
  assert.match(up.stderr, /warning: services\.app\.use_api_socket: the engine socket is mounted, but registry credentials are not copied in/);
  assert.equal(await docker(['exec', `${project}-app-1`, 'sh', '-c', 'test -S /var/run/docker.sock && echo socket']), 'socket');
  const again = await berth(['-p', project, 'up', '-d', '--dry-run'], { cwd: dir });
  assert.match(again.stdout, /nothing to do: the project is up to date/);
});
