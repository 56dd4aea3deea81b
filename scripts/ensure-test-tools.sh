#!/usr/bin/env bash
# Tools the end-to-end tests drive besides docker: tmux (the terminal view), zsh and fish (their
# completion functions). Installs the missing ones with apt-get as root on Debian; elsewhere says
# which are missing (the tests that need them then fail with that message).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

missing=()
for tool in tmux zsh fish; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  apt_install "${missing[@]}" || die "could not install ${missing[*]}"
else
  log "missing test tools (install them to run every test): ${missing[*]}"
fi
