#!/usr/bin/env bash
# `npm test`: dependencies, real PostgreSQL and Redis, type check, every unit and e2e test, then the
# browser tests (Playwright, Debian's Chromium) against the real API serving the built web app.
#   npm test -- test/e2e/registry        the type check and those jest tests only
#   npm test -- --web [playwright args]  the type check and the browser tests only (npm run test:web)
# SKIP_TYPECHECK=1 skips the tsc passes.
set -euo pipefail
cd "$(dirname "$0")/.."
web_only=
if [ "${1:-}" = "--web" ]; then web_only=1; shift; fi
bash scripts/ensure-deps.sh
# Tests alone may run PostgreSQL without fsync, on a cluster of their own (see scripts/services.sh).
export PP_PG_FAST=1
bash scripts/services.sh start
set -a; . .data/services-fast.env; set +a
if [ -z "${SKIP_TYPECHECK:-}" ]; then
  echo "[test] type-checking" >&2
  npx tsc --noEmit -p tsconfig.json
  # The web app's API types must be those of the API as it is, and the web app must compile against them.
  npx ts-node -r tsconfig-paths/register --transpile-only scripts/openapi-schema.ts --check
  npx tsc --noEmit -p apps/web/tsconfig.json
  npx tsc --noEmit -p test/web/tsconfig.json
fi
if [ -z "$web_only" ]; then
  bash scripts/ensure-poppler.sh
  NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning" npx jest --ci --maxWorkers=2 "$@"
  # Jest arguments pick jest tests: the browser tests run with the whole suite, or with --web.
  [ $# -eq 0 ] || exit 0
fi
bash scripts/ensure-chromium.sh
echo "[test] building the web app" >&2
npx vite build --config apps/web/vite.config.mts --logLevel warn
npx playwright test --config test/web/playwright.config.ts "$@"
