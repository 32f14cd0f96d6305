#!/usr/bin/env bash
# `npm test`: dependencies, real PostgreSQL and Redis, type check, then every unit and e2e test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/services.sh start
set -a; . .data/services.env; set +a
echo "[test] type-checking" >&2
npx tsc --noEmit -p tsconfig.json
NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning" npx jest --ci --maxWorkers=2 "$@"
