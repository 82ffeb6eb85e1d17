#!/usr/bin/env bash
# Installs Debian packages quietly where this process may (root, apt-get present): apt-get install, and
# after apt-get update when that first try fails. Waits up to 5 minutes for another apt-get or dpkg to
# release its lock (DPkg::Lock::Timeout, apt.conf(5)): the demo installs Chromium while the platform
# installs coturn. Usage: apt-install.sh <package>...; exit 0 when installed, 1 otherwise.
set -uo pipefail
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  exit 1
fi
apt() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 "$@" >/dev/null 2>&1; }
apt install -y -qq "$@" || { apt update -qq && apt install -y -qq "$@"; }
