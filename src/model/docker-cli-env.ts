/**
 * Variables that docker's CLI (or what it starts: plugins, credential helpers, ssh, a wrapper script
 * given as DOCKER_BIN) reads as its own settings. A container's or a build's value for one of these
 * must never be put in the docker command's environment, where it would change how docker itself runs.
 */
const EXACT = new Set([
  'PATH', 'HOME', 'TMPDIR', 'TERM', 'NO_COLOR', 'USER',
  // Go's proxy settings (any case) and its CGI guard; Go runtime knobs.
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY', 'FTP_PROXY', 'REQUEST_METHOD',
  'GODEBUG', 'GOGC', 'GOMAXPROCS', 'GOMEMLIMIT', 'GOTRACEBACK',
  // ssh, for ssh:// engine hosts.
  'SSH_AUTH_SOCK', 'SSH_ASKPASS', 'SSH_ASKPASS_REQUIRE', 'DISPLAY',
  // Shell start-up, for a docker that is a wrapper script.
  'BASH_ENV', 'ENV', 'SHELLOPTS', 'BASHOPTS', 'IFS', 'CDPATH', 'PS4', 'POSIXLY_CORRECT',
  'XDG_CONFIG_HOME', 'XDG_RUNTIME_DIR',
]);
const PREFIXES = ['DOCKER_', 'BUILDKIT_', 'BUILDX_', 'OTEL_', 'LD_', 'BASH_FUNC_'];

/** Whether docker's CLI reads `key` from its own environment (proxy names in any case). */
export function dockerCliReads(key: string): boolean {
  const upper = key.toUpperCase();
  if (upper.endsWith('_PROXY') && EXACT.has(upper)) return true;
  return EXACT.has(key) || PREFIXES.some((prefix) => key.startsWith(prefix));
}
