#!/usr/bin/env bash
# Makes the browser tests runnable: Debian's Chromium (apt-get install chromium, as root, where it is
# missing) and playwright-core (npm ci from the committed package-lock.json; never a downloaded browser).
# Exit 0 when ready; otherwise prints why on stdout and exits 3 (the tests are then skipped with that message).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chromium="${ROOMCAST_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  "$here/apt-install.sh" chromium || { echo "chromium missing at $chromium and apt-get install chromium failed (needs root and Debian's packages)"; exit 3; }
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  "$here/apt-install.sh" nodejs npm || { echo "node/npm missing and could not be installed"; exit 3; }
fi
if [ ! -f "$here/node_modules/playwright-core/package.json" ]; then
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent >/dev/null 2>&1) \
    || { echo "npm ci of playwright-core failed in $here (is the npm registry reachable?)"; exit 3; }
fi
exit 0
