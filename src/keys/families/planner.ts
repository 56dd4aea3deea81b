/** Keys the planner reads (image, build, order, scale, lifecycle) and keys with no engine meaning. */
import { bool, closed, command, int, intOrStr, listOrDict, shortOrLong, str, stringList, stringOrList, strOrNum, uniqueStrings } from '../schema-blocks.js';
import { key } from '../entry.js';

const hook = closed({ command, user: str, privileged: bool, working_dir: str, environment: listOrDict });

const watchRule = closed({
  path: str, action: { enum: ['sync', 'rebuild', 'restart', 'sync+restart', 'sync+exec'] }, target: str,
  ignore: stringOrList, include: stringOrList, initial_sync: bool, exec: hook,
}, { required: ['path', 'action'] });
const develop = { ...closed({ watch: { type: ['array', 'null'], items: watchRule } }), type: ['object', 'null'] };

const build = shortOrLong(['string'], {
  context: str, dockerfile: str, dockerfile_inline: str, entitlements: stringList, args: listOrDict, ssh: listOrDict,
  labels: listOrDict, cache_from: stringList, cache_to: stringList, no_cache: bool, no_cache_filter: stringOrList,
  additional_contexts: listOrDict, network: str, provenance: { type: ['string', 'boolean'] }, sbom: { type: ['string', 'boolean'] },
  pull: bool, target: str, shm_size: strOrNum, extra_hosts: listOrDict, isolation: str, privileged: bool,
  secrets: { type: 'array', items: shortOrLong(['string'], { source: str, target: str, uid: str, gid: str, mode: intOrStr }) },
  tags: stringList, ulimits: { type: 'object' }, platforms: stringList,
});

const dependsOn = {
  type: ['array', 'object'],
  items: str,
  uniqueItems: true,
  additionalProperties: { ...closed({ condition: { enum: ['service_started', 'service_healthy', 'service_completed_successfully'] }, restart: bool, required: bool }, { required: ['condition'] }), type: ['object', 'null'] },
};

export const PLANNER_KEYS = [
  key({ key: 'image', schema: str, handledBy: 'config/canonical/service.ts; plan/flags/process.ts (imageAndCommand)' }),
  key({ key: 'build', schema: build, handledBy: 'config/canonical/service.ts (canonicalBuild); plan/container-args.ts (buildArgs)' }),
  key({ key: 'command', schema: command, handledBy: 'config/canonical/service.ts (canonicalCommand); plan/flags/process.ts (imageAndCommand)' }),
  key({ key: 'container_name', schema: str, handledBy: 'config/canonical/service.ts; plan/names.ts' }),
  key({ key: 'depends_on', schema: dependsOn, casts: { '*.required': 'bool', '*.restart': 'bool' }, handledBy: 'config/canonical/service.ts; plan/graph.ts' }),
  key({ key: 'scale', schema: int, casts: { '': 'int' }, handledBy: 'config/canonical/service.ts; plan/converge.ts' }),
  key({ key: 'profiles', schema: uniqueStrings, handledBy: 'config/canonical/service.ts; config/load.ts' }),
  key({ key: 'pull_policy', schema: { type: 'string', pattern: '^(always|never|build|if_not_present|missing|refresh|daily|weekly|every_.+)$' }, handledBy: 'plan/images.ts' }),
  key({ key: 'pull_refresh_after', schema: str, handledBy: 'plan/images.ts' }),
  key({ key: 'attach', schema: bool, casts: { '': 'bool' }, handledBy: 'cli (which services up attaches to)' }),
  key({ key: 'extends', schema: shortOrLong(['string'], { service: str, file: str }, { required: ['service'] }), handledBy: 'config/extends.ts' }),
  key({ key: 'develop', schema: develop, handledBy: 'config/canonical/develop.ts; plan/watch.ts and cli/watch-session.ts (watch, up --watch)' }),
  key({ key: 'post_start', schema: { type: 'array', items: hook }, handledBy: 'config/canonical/hooks.ts; plan/hooks.ts (docker exec after start)' }),
  key({ key: 'pre_start', schema: { type: 'array', items: hook }, ignored: 'pre_start hooks (a container run before the service starts) are not supported by berth' }),
  key({ key: 'pre_stop', schema: { type: 'array', items: hook }, handledBy: 'config/canonical/hooks.ts; plan/hooks.ts (docker exec before stop)' }),
  key({ key: 'credential_spec', schema: closed({ config: str, file: str, registry: str }), ignored: 'a Windows-only security setting' }),
  key({ key: 'use_api_socket', schema: bool, casts: { '': 'bool' }, handledBy: 'plan/flags/api-socket.ts (the engine socket mounted at /var/run/docker.sock)' }),
  key({ key: 'models', schema: { type: ['array', 'object'] }, ignored: 'model runners are not supported by berth' }),
  key({ key: 'provider', schema: { type: 'object' }, ignored: 'provider services are not supported by berth (one without image or build is refused)' }),
];
