import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { berth } from '../helpers/berth.js';
import { stackDir } from '../helpers/converge.js';
import { docker, purgeProject } from '../helpers/docker.js';

// build: keys reach the builder. The classic `docker build` flags are seen from inside a RUN step
// (extra_hosts in /etc/hosts, ulimits, shm_size); keys only BuildKit knows make berth use
// `docker buildx build`, and where the docker CLI has no buildx (this machine's), the command stops
// before anything is built or created, naming the key.
const project = 'berth-build-keys';
after(() => purgeProject(project));

const dockerfile = `FROM berth-test/busybox:latest
RUN grep buildhost /etc/hosts > /hosts.txt; ulimit -n > /nofile.txt; df -k /dev/shm | tail -1 > /shm.txt
`;

async function projectObjects(): Promise<string> {
  const filter = `label=com.docker.compose.project=${project}`;
  return [await docker(['ps', '-aq', '--filter', filter]), await docker(['network', 'ls', '-q', '--filter', filter]), await docker(['images', '-q', '--filter', filter])].join('').trim();
}

test('extra_hosts, ulimits, shm_size and no_cache reach docker build: a RUN step sees them', async () => {
  await purgeProject(project);
  const dir = stackDir(`services:
  app:
    build:
      context: .
      extra_hosts: ["buildhost:10.11.12.13"]
      ulimits: {nofile: {soft: 1234, hard: 1234}}
      shm_size: 96m
      no_cache: true
    image: ${project}-app:built
    command: ["sleep", "3600"]
`);
  writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  const built = await berth(['-p', project, 'build'], { cwd: dir });
  assert.equal(built.exitCode, 0, built.stderr);
  const read = (file: string) => docker(['run', '--rm', `${project}-app:built`, 'cat', file]);
  assert.match(await read('/hosts.txt'), /^10\.11\.12\.13\s+buildhost$/m);
  assert.equal((await read('/nofile.txt')).trim(), '1234');
  assert.equal((await read('/shm.txt')).trim().split(/\s+/)[1], String(96 * 1024), '/dev/shm of 96 MiB in KiB');
  const dry = await berth(['-p', project, 'build', '--dry-run'], { cwd: dir });
  assert.match(dry.stdout, /docker build -t berth-build-keys-app:built .*--add-host buildhost:10\.11\.12\.13 --shm-size 100663296 --ulimit nofile=1234 --no-cache /);
  await docker(['rmi', `${project}-app:built`]);
});

test('a BuildKit-only key without buildx: up stops before anything is built or created, naming the key; the dry-run shows docker buildx build', async () => {
  await purgeProject(project);
  const dir = stackDir(`services:
  app:
    build:
      context: .
      secrets: [token]
    command: ["sleep", "3600"]
secrets:
  token:
    file: ./token.txt
`);
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM berth-test/busybox:latest\nRUN --mount=type=secret,id=token cat /run/secrets/token\n');
  writeFileSync(path.join(dir, 'token.txt'), 's3cret\n');
  const buildx = await docker(['buildx', 'version']).then(() => true, () => false);
  assert.equal(buildx, false, 'this test is about a docker CLI without buildx (as here): with buildx, the build would run');
  const up = await berth(['-p', project, 'up', '-d'], { cwd: dir });
  assert.equal(up.exitCode, 1);
  assert.match(up.stderr, /^services\.app\.build\.secrets: needs BuildKit, and this docker CLI has no buildx plugin \(docker buildx version: .+\); install it \(Debian: docker-buildx\) or remove the key$/m);
  assert.doesNotMatch(up.stderr, /s3cret/);
  assert.equal(await projectObjects(), '', 'nothing built or created');
  const dry = await berth(['-p', project, 'up', '--dry-run'], { cwd: dir });
  assert.equal(dry.exitCode, 0, dry.stderr);
  assert.match(dry.stdout, new RegExp(`docker buildx build --load -t ${project}-app .*--secret id=token,src=${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/token\\.txt `));
});
