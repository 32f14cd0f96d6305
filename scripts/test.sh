#!/usr/bin/env bash
# `npm test`: dependencies, real PostgreSQL and Redis, type check, then every unit and e2e test.
# Arguments go to jest (`npm test -- test/e2e/registry`); SKIP_TYPECHECK=1 skips the tsc pass.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
# Tests alone may run PostgreSQL without fsync, on a cluster of their own (see scripts/services.sh).
export PP_PG_FAST=1
bash scripts/services.sh start
set -a; . .data/services-fast.env; set +a
if [ -z "${SKIP_TYPECHECK:-}" ]; then
  echo "[test] type-checking" >&2
  npx tsc --noEmit -p tsconfig.json
fi
NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning" npx jest --ci --maxWorkers=2 "$@"
