import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { repoRoot } from '../helpers/berth.js';
import { docker } from '../helpers/docker.js';

// Completion scripts driven through each shell's own completion machinery: bash's completion
// function with COMP_WORDS/COMP_CWORD, zsh's function with words/CURRENT (and _describe reporting
// what it is given), fish's `complete -C`. berth is on PATH as the shells find it.
const scratch = mkdtempSync(path.join(tmpdir(), 'berth-completion-'));
const project = path.join(scratch, 'project');
const other = path.join(scratch, 'other');
const bin = path.join(scratch, 'bin');
const engineProject = 'berth-completion-listed';
const env = { PATH: `${bin}:${process.env['PATH'] ?? ''}`, HOME: scratch, NO_COLOR: '1' };

before(async () => {
  for (const directory of [project, other, bin]) mkdirSync(directory);
  symlinkSync(path.join(repoRoot, 'bin', 'berth'), path.join(bin, 'berth'));
  writeFileSync(path.join(project, 'compose.yaml'), 'services:\n  web: { image: busybox }\n  db: { image: busybox }\n  worker: { image: busybox, profiles: [jobs] }\n  debug: { image: busybox, profiles: [tools, jobs] }\n');
  writeFileSync(path.join(other, 'compose.yaml'), 'services:\n  alpha: { image: busybox }\n  beta: { image: busybox }\n');
  // A project on the engine, as `ls -a` lists it (a created container with compose's labels).
  await docker(['create', '--name', `${engineProject}-app-1`, '--label', `com.docker.compose.project=${engineProject}`, '--label', 'com.docker.compose.config-hash=x', '--label', 'com.docker.compose.service=app', 'berth-test/busybox:latest']);
});
after(async () => {
  await docker(['rm', '-f', `${engineProject}-app-1`]).catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
});

const lines = (text: string): string[] => text.split('\n').map((line) => line.replace(/\t.*$/, '')).filter(Boolean).sort();

async function shell(command: string, args: string[]): Promise<string> {
  const result = await execa(command, args, { cwd: project, env, reject: false, stdin: 'ignore' });
  assert.equal(result.exitCode, 0, `${command} is needed (scripts/ensure-test-tools.sh installs it): ${String(result.stderr)}`);
  assert.equal(String(result.stderr), '', 'completion prints nothing on stderr');
  return String(result.stdout);
}

/** bash: the completion function with COMP_WORDS and COMP_CWORD as bash sets them; prints COMPREPLY. */
async function bash(words: string[]): Promise<string[]> {
  const array = words.map((word) => `'${word}'`).join(' ');
  return lines(await shell('bash', ['-c', `source <(berth completion bash); COMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; _berth_yargs_completions; printf '%s\\n' "\${COMPREPLY[@]}"`]));
}

/** zsh: the completion function with words and CURRENT; _describe and _default report what zsh would offer. */
async function zsh(words: string[]): Promise<string[]> {
  const array = words.map((word) => `'${word}'`).join(' ');
  const script = `compdef() { : }; _describe() { print -l -- "\${(@P)2}" }; _default() { print -- '<files>' }
source <(berth completion zsh); words=(${array}); CURRENT=${words.length}; BUFFER="\${(j: :)words}"; CURSOR=\${#BUFFER}; _berth_yargs_completions`;
  return lines((await shell('zsh', ['-f', '-c', script])).replace(/:[^\n]*/g, ''));
}

/** fish: its own completion engine on a command line. */
async function fish(commandLine: string): Promise<string[]> {
  return lines(await shell('fish', ['--no-config', '-c', `berth completion fish | source; complete -C '${commandLine}'`]));
}

test('service names from the project in the current directory, or -f', async () => {
  assert.deepEqual(await bash(['berth', 'logs', '']), ['db', 'debug', 'web', 'worker']);
  assert.deepEqual(await bash(['berth', 'logs', 'w']), ['web', 'worker']);
  assert.deepEqual(await bash(['berth', 'stop', 'web', '']), ['db', 'debug', 'worker'], 'a service already named is not offered again');
  assert.deepEqual(await bash(['berth', '-f', path.join(other, 'compose.yaml'), 'restart', '']), ['alpha', 'beta']);
  assert.deepEqual(await bash(['berth', 'exec', 'web', '']), [], 'exec takes one service, then a command');
  assert.deepEqual(await bash(['berth', 'up', '--attach', '']), ['db', 'debug', 'web', 'worker']);
  assert.deepEqual(await zsh(['berth', 'logs', '']), ['db', 'debug', 'web', 'worker']);
  assert.deepEqual(await zsh(['berth', '-f', path.join(other, 'compose.yaml'), 'ps', '']), ['alpha', 'beta']);
  assert.deepEqual(await fish('berth logs '), ['db', 'debug', 'web', 'worker']);
  assert.deepEqual(await fish(`berth -f ${path.join(other, 'compose.yaml')} up a`), ['alpha']);
});

test('profile names, project names from the engine, flag values with choices, commands', async () => {
  assert.deepEqual(await bash(['berth', '--profile', '']), ['jobs', 'tools']);
  assert.deepEqual(await zsh(['berth', '--profile', 't']), ['tools']);
  assert.deepEqual(await fish('berth --profile '), ['jobs', 'tools']);
  assert.ok((await bash(['berth', '-p', ''])).includes(engineProject), 'a project `ls -a` lists');
  assert.deepEqual(await fish(`berth -p ${engineProject.slice(0, 20)}`), [engineProject]);
  assert.deepEqual(await bash(['berth', '--progress', 'p']), ['plain']);
  assert.deepEqual(await bash(['berth', 'up', '--pull', '']), ['always', 'build', 'missing', 'never']);
  assert.deepEqual(await zsh(['berth', 'ps', '--format', '']), ['json', 'table']);
  assert.deepEqual(await fish('berth --ansi '), ['always', 'auto', 'never']);
  assert.deepEqual(await bash(['berth', 'lo']), ['logs']);
  assert.ok((await zsh(['berth', ''])).includes('up'));
  assert.ok((await fish('berth up --no-d')).includes('--no-deps'));
  assert.deepEqual(await zsh(['berth', '-f', '']), ['<files>'], 'a path flag is left to file completion');
});
