#!/usr/bin/env bash
# `npm run stop`: stops the API and worker of `npm start` or `npm run demo`, then PostgreSQL and Redis (unless --apps-only).
set -uo pipefail
cd "$(dirname "$0")/.."
for pidfile in .data/run/*.pid; do
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    echo "[stop] $(basename "$pidfile" .pid) stopped" >&2
  fi
  rm -f "$pidfile"
done
[ "${1:-}" = "--apps-only" ] || bash scripts/services.sh stop
