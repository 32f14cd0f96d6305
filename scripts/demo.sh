#!/usr/bin/env bash
# `npm run demo`: dependencies, PostgreSQL and Redis, build, migrations, the demo footprint,
# then the API and the worker in the background. `npm run stop` stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
run="$root/.data/run"
mkdir -p "$run"

bash scripts/ensure-deps.sh
bash scripts/stop.sh --apps-only
bash scripts/services.sh start
set -a; . .data/services.env; set +a

# Secrets of this checkout's own, kept across runs so demo logins survive a restart. The first
# platform admin is created by the API at its first start from BOOTSTRAP_ADMIN_* (never a default).
if [ ! -f .data/demo.env ]; then
  random() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "$1"; }
  admin_password="demo-$(random 16)"
  {
    printf 'JWT_SECRET=%s\n' "$(random 48)"
    printf 'BOOTSTRAP_ADMIN_EMAIL=%s\n' 'admin@demo.pulse.local'
    printf 'BOOTSTRAP_ADMIN_PASSWORD=%s\n' "$admin_password"
    printf 'DEMO_ADMIN_EMAIL=%s\n' 'admin@demo.pulse.local'
    printf 'DEMO_ADMIN_PASSWORD=%s\n' "$admin_password"
  } > .data/demo.env
  chmod 600 .data/demo.env
fi
set -a; . .data/demo.env; set +a

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p=$1; while ! port_free "$p"; do p=$((p + 1)); done; echo "$p"; }
export PORT=${PORT:-$(free_port 3000)}
export WORKER_PORT=${WORKER_PORT:-$(free_port $((PORT + 1)))}
export NODE_ENV=${NODE_ENV:-development}

echo "[demo] building" >&2
npx nest build api >&2
npx vite build --config apps/web/vite.config.mts --logLevel warn >&2
echo "[demo] migrating" >&2
node dist/apps/api/src/cli.js migrate

start() {
  local name=$1 entry=$2
  nohup node "$entry" > "$run/$name.log" 2>&1 &
  echo $! > "$run/$name.pid"
}
start api dist/apps/api/src/main.js
start worker dist/apps/worker/src/main.js

wait_ready() {
  local url=$1 name=$2
  for _ in $(seq 1 100); do
    curl -fsS "$url" >/dev/null 2>&1 && return 0
    kill -0 "$(cat "$run/$name.pid")" 2>/dev/null || { echo "[demo] $name exited; see $run/$name.log" >&2; tail -n 20 "$run/$name.log" >&2; exit 1; }
    sleep 0.3
  done
  echo "[demo] $name did not become ready; see $run/$name.log" >&2
  exit 1
}
wait_ready "http://127.0.0.1:$PORT/health/ready" api
wait_ready "http://127.0.0.1:$WORKER_PORT/health/ready" worker

echo "[demo] loading the demo footprint" >&2
node scripts/demo-seed.mjs "http://127.0.0.1:$PORT" > "$run/logins.txt"

cat <<TXT

Partnership Pulse is running (demo data: real NHS/ONS codes, synthetic pulse answers).
  Web app       http://127.0.0.1:$PORT/
  API docs      http://127.0.0.1:$PORT/docs   (OpenAPI: http://127.0.0.1:$PORT/openapi.json)
  API health    http://127.0.0.1:$PORT/health/ready
  API metrics   http://127.0.0.1:$PORT/metrics
  Worker health http://127.0.0.1:$WORKER_PORT/health/ready
  Caught email  ${MAIL_CATCHER_URL:-(none: SMTP_URL points elsewhere)}/messages   (alerts sent to the leads)
$(cat "$run/logins.txt")
  Logs          $run/api.log, $run/worker.log
  Stop          npm run stop
TXT
