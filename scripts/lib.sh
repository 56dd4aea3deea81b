# Shared helpers for berth's shell scripts. Source it; do not run it.
# shellcheck shell=bash

log() { printf '[berth] %s\n' "$*" >&2; }
die() { printf '%s\n' "$*" >&2; exit 1; }

# Seconds since the epoch with millisecond precision, and the elapsed time since $1.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# Wait (up to 10 minutes) until no other apt/dpkg process runs.
wait_for_apt() {
  local limit=600 waited=0
  while pgrep -x apt-get >/dev/null || pgrep -x apt >/dev/null || pgrep -x dpkg >/dev/null \
    || pgrep -f unattended-upgr >/dev/null; do
    [ "$waited" -eq 0 ] && log "waiting for another apt/dpkg run to finish"
    [ "$waited" -ge "$limit" ] && { log "apt/dpkg still busy after ${limit}s"; return 1; }
    sleep 2
    waited=$((waited + 2))
  done
}

# apt_install PKG...: install Debian packages non-interactively (root only),
# without recommends. Runs `apt-get update` only when the package lists do not
# offer the packages, or when installing from the current lists fails (stale
# lists). apt's output goes to a log that is shown only on failure.
apt_install() {
  local apt=(apt-get -y -q -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef
             -o Dpkg::Options::=--force-confold) out rc=0
  export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1
  out=$(mktemp /tmp/berth-apt.XXXXXX)
  log "apt-get install $*"
  wait_for_apt || return 1
  {
    if ! apt_has_candidates "$@"; then "${apt[@]}" update; fi
    wait_for_apt
    "${apt[@]}" install --no-install-recommends "$@" || {
      echo "install failed; refreshing package lists and retrying"
      wait_for_apt && "${apt[@]}" update && "${apt[@]}" install --no-install-recommends "$@"
    }
  } >"$out" 2>&1 </dev/null || rc=$?
  [ "$rc" -eq 0 ] || { tail -n 30 "$out" >&2; log "apt-get install $* failed (exit $rc)"; }
  rm -f "$out"
  return "$rc"
}

# apt_has_candidates PKG...: true when the package lists offer every PKG.
apt_has_candidates() {
  local p
  for p in "$@"; do
    LC_ALL=C apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [^(]' || return 1
  done
}

# pkg_installed PKG: true when dpkg has PKG fully installed.
pkg_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}
