/**
 * The labels docker compose v2 sets (pkg/api/labels.go); berth sets the same ones so that
 * `docker compose ps` lists berth's containers and the reverse.
 */
export const Label = {
  /** Project name; the primary discovery filter. */
  project: 'com.docker.compose.project',
  /** Service name of a container or image. */
  service: 'com.docker.compose.service',
  /** Replica index n of a service container (not set on one-offs). */
  containerNumber: 'com.docker.compose.container-number',
  /** "False" for service containers, "True" for `run` one-offs. */
  oneoff: 'com.docker.compose.oneoff',
  /** sha256 of the normalized service; a change means recreate. */
  configHash: 'com.docker.compose.config-hash',
  /** Absolute project directory. */
  workingDir: 'com.docker.compose.project.working_dir',
  /** Comma-joined absolute compose file paths. */
  configFiles: 'com.docker.compose.project.config_files',
  /** Comma-joined --env-file paths, only when given. */
  environmentFile: 'com.docker.compose.project.environment_file',
  /** The version of the tool that created the resource. */
  version: 'com.docker.compose.version',
  /** Local image ID the container was created from; a change means recreate. */
  image: 'com.docker.compose.image',
  /** `svc:condition:restart,...` so the graph can be rebuilt without the compose file. */
  dependsOn: 'com.docker.compose.depends_on',
  /** Name of the container a recreate replaced. */
  replace: 'com.docker.compose.replace',
  /** Compose key of a network. */
  network: 'com.docker.compose.network',
  /** Compose key of a volume. */
  volume: 'com.docker.compose.volume',
  /** Random slug of a one-off container. */
  slug: 'com.docker.compose.slug',
} as const;

/** The version berth writes in `com.docker.compose.version`. */
export const BERTH_VERSION = '0.1.0';
