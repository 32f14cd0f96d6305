#!/usr/bin/env bash
# `npm run cli -- <command>`: operator commands against the local services (builds the app first if needed).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
[ -f dist/apps/api/src/cli.js ] || npx nest build api >&2
if [ -z "${DATABASE_URL:-}" ] && [ -f .data/services.env ]; then set -a; . .data/services.env; set +a; fi
exec node dist/apps/api/src/cli.js "$@"
