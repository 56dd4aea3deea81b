import type { FlagContext } from './context.js';

/**
 * `use_api_socket: true`: the engine's socket bind-mounted at /var/run/docker.sock, as compose and
 * `docker run --use-api-socket` do. Only a unix socket can be mounted; registry credentials, which
 * compose also copies in as a DOCKER_CONFIG, are not (berth reads no credential store).
 */
export function apiSocketFlags(context: FlagContext): string[] {
  if (context.service['use_api_socket'] !== true) return [];
  const endpoint = context.engine.endpoint;
  if (endpoint === undefined || !endpoint.startsWith('unix://')) {
    context.ignore('use_api_socket', endpoint === undefined ? 'the engine endpoint is not known (no engine answered)' : `only a unix socket can be mounted, and the engine is ${endpoint}`);
    return [];
  }
  context.caveat('use_api_socket', 'the engine socket is mounted, but registry credentials are not copied in (compose writes them to a DOCKER_CONFIG)');
  return ['-v', `${endpoint.slice('unix://'.length)}:/var/run/docker.sock`];
}
