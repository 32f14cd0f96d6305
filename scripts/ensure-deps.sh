#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than the lockfile.
# `npm install` (which honours package-lock.json) rather than `npm ci`: npm 11 writes lockfiles
# without other platforms' optional packages and its `ci` then refuses them as out of sync.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "[deps] installing npm dependencies" >&2
  npm install --no-audit --no-fund --loglevel=error
fi
