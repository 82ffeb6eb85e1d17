#!/usr/bin/env bash
# Builds the web client (web/dist) with the machine's node and npm: npm ci from the committed package-lock.json
# when node_modules is missing or older than the lock, then `npm run build` (tsc, then vite build) when a source
# changed since the last build. Node.js 20.19 or newer is required (Vite 8); where node/npm are missing it tries
# apt-get (clients/src/main/browser/apt-install.sh). Exits non-zero with the reason on stderr when it cannot build.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
min_node="20.19.0"

fail() { echo "web/build.sh: $*" >&2; exit 1; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  "$here/../clients/src/main/browser/apt-install.sh" nodejs npm || true
fi
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
  || fail "node and npm are needed to build the web client (Node.js $min_node or newer, e.g. the nodejs package of NodeSource), and none is on PATH"
node -e "const [a,b,c]=process.versions.node.split('.').map(Number),[x,y,z]='$min_node'.split('.').map(Number);process.exit(a>x||(a==x&&(b>y||(b==y&&c>=z)))?0:1)" \
  || fail "Node.js $min_node or newer is needed to build the web client (Vite 8); this is $(node -v) at $(command -v node)"

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "web/build.sh: npm ci (the first time this fetches the packages from the npm registry)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error \
    || fail "npm ci failed in $here (is the npm registry reachable?)"
fi

if [ -f dist/index.html ] && [ -z "$(find src index.html package-lock.json vite.config.ts tsconfig.json -newer dist/index.html -type f -print -quit)" ]; then
  echo "web/build.sh: dist/ is up to date"
  exit 0
fi
npm run --silent build || fail "the web client's build failed (npm run build in $here)"
