import { createInterface } from 'node:readline/promises';
import type { Argv, CommandModule } from 'yargs';
import { RegistryClient, RegistryError } from '../../engine/oci-registry.js';
import { ExitStatus, UserError } from '../../model/errors.js';
import type { Project } from '../../model/project.js';
import { planPush } from '../../plan/images.js';
import { artifactLayers, artifactManifest, imageDigestsOverride, OCI_MANIFEST_MEDIA_TYPE, parseRepository, publishFindings, publishQuestions, publishRefusal, sensitiveData, type OciVersion, type RepositoryReference } from '../../plan/publish.js';
import { loadWithEnvironment } from '../context.js';
import { toGlobalOptions, type GlobalOptions } from '../global-options.js';
import { readPublishedFiles } from '../publish-files.js';
import { dockerCredentials } from '../registry-credentials.js';
import { runPlan } from '../run-plan.js';

/**
 * compose's questions: each must be answered yes, or -y given. Off a terminal berth waits on no
 * prompt: without -y it stops, naming the flag (nothing has been pushed).
 */
async function confirm(questions: readonly string[], yes: boolean): Promise<void> {
  if (questions.length === 0 || yes) return;
  if (process.stdin.isTTY !== true || process.stderr.isTTY !== true) {
    throw new UserError(`${questions.map((question) => question.replace(/\n[^\n]*\?$/, '')).join('\n')}\nnot published: confirm with -y (berth asks no question off a terminal)`);
  }
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  try {
    for (const question of questions) {
      if (!/^y(es)?$/i.test((await terminal.question(`${question} (y/N) `)).trim())) {
        process.stderr.write('publish cancelled\n');
        throw new ExitStatus(130);
      }
    }
  } finally {
    terminal.close();
  }
}

/** A reference of an image of the project, as the registry API wants it (digest references kept as they are). */
async function pinnedImages(project: Project): Promise<Map<string, string>> {
  const pinned = new Map<string, string>();
  for (const service of Object.values(project.services)) {
    if (service.image === undefined) continue;
    if (service.image.includes('@')) {
      pinned.set(service.name, service.image);
      continue;
    }
    const reference = parseRepository(service.image);
    const digest = await new RegistryClient(reference.registry, reference.repository, dockerCredentials).manifestDigest(reference.tag);
    pinned.set(service.name, `${service.image}@${digest}`);
  }
  return pinned;
}

/** Pushes the artifact: blobs, then the manifest (OCI 1.1 unless told; a registry refusing 1.1 with a 4xx other than auth gets 1.0, as compose does). */
async function pushArtifact(target: RepositoryReference, layers: ReturnType<typeof artifactLayers>, version: OciVersion | undefined): Promise<void> {
  const client = new RegistryClient(target.registry, target.repository, dockerCredentials);
  const created = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const attempt = async (oci: OciVersion): Promise<void> => {
    const { manifest, blobs } = artifactManifest(layers, oci, created);
    for (const blob of blobs) await client.pushBlob(blob);
    await client.putManifest(target.tag, manifest, OCI_MANIFEST_MEDIA_TYPE);
  };
  try {
    await attempt(version ?? '1.1');
  } catch (error) {
    const fallBack = version === undefined && error instanceof RegistryError && error.status >= 400 && error.status < 500 && ![401, 403, 407].includes(error.status);
    if (!fallBack) throw error;
    await attempt('1.0');
  }
}

/** A status line as compose's plain progress prints it (stdout with COMPOSE_STATUS_STDOUT). */
function progress(options: GlobalOptions, line: string): void {
  if (options.progress !== 'quiet') (options.statusStdout ? process.stdout : process.stderr).write(`${line}\n`);
}

export const publishCommand: CommandModule = {
  command: 'publish <repository>',
  describe: 'Publish compose application',
  builder: (yargs: Argv) =>
    yargs
      .option('oci-version', { type: 'string', choices: ['1.0', '1.1'], description: 'OCI image/artifact specification version (automatically determined by default)' })
      .option('resolve-image-digests', { type: 'boolean', default: false, description: 'Pin image tags to digests' })
      .option('with-env', { type: 'boolean', default: false, description: 'Include environment variables in the published OCI artifact' })
      .option('yes', { alias: 'y', type: 'boolean', default: false, description: 'Assume "yes" as answer to all prompts' }),
  handler: async (argv) => {
    const base = toGlobalOptions(argv);
    const target = parseRepository(String(argv['repository']));
    const withEnv = argv['withEnv'] === true;
    // compose publishes the whole application: every profile's services.
    const options: GlobalOptions = { ...base, profile: ['*'] };
    const { project } = loadWithEnvironment(options);
    const { files, envFileServices } = readPublishedFiles(project.configFiles, project.workingDir, withEnv);
    const findings = publishFindings(project, envFileServices);
    const refusal = publishRefusal(findings, withEnv);
    if (refusal !== undefined) throw new UserError(refusal);
    const questions = publishQuestions(findings, withEnv, sensitiveData(files));
    if (!options.dryRun) await confirm(questions, argv['yes'] === true);
    // As compose: the images the project builds are pushed first, failures ignored.
    const pushes = planPush(project, Object.values(project.services), { ignorePushFailures: true });
    if (pushes.steps.length > 0) await runPlan(pushes, options, { heading: `berth publish --dry-run: project "${project.name}"` });
    const imageDigests = argv['resolveImageDigests'] === true ? imageDigestsOverride(await pinnedImages(project)) : undefined;
    const layers = artifactLayers({ ...files, ...(imageDigests === undefined ? {} : { imageDigests }) });
    if (options.dryRun) {
      const names = layers.map((layer) => layer.annotations?.['com.docker.compose.file'] ?? layer.annotations?.['com.docker.compose.envfile'] ?? layer.digest);
      process.stdout.write(`# publish ${target.text}: an OCI artifact of ${layers.length} layer(s): ${names.join(', ')} (not sent in a dry run)\n`);
      return;
    }
    progress(options, ` ${target.text} Publishing`);
    await pushArtifact(target, layers, argv['ociVersion'] as OciVersion | undefined);
    progress(options, ` ${target.text} Published`);
  },
};
