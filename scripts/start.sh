#!/usr/bin/env bash
# `npm start`: Partnership Pulse on this machine, on its own data: dependencies, the embedded
# PostgreSQL (durable) and Redis, migrations, build, then the API and the worker in the background.
# `npm run demo` (`--demo`): the same, then the demo footprint and its logins.
# `npm run stop` stops them all. A start that fails stops what it had started and says what failed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
run="$root/.data/run"
mkdir -p "$run"

demo=false
[ "${1:-}" = "--demo" ] && demo=true
tag=$([ "$demo" = true ] && echo demo || echo start)
say() { printf '[%s] %s\n' "$tag" "$*" >&2; }

# Only the test suite may run PostgreSQL without fsync (scripts/services.sh).
unset PP_PG_FAST

# What this run started, so that a failure stops exactly that and leaves running what was running.
step="starting"
apps_started=()
services_started=""
before=" postgres redis mail "
on_exit() {
  local status=$?
  trap - EXIT
  [ "$status" -eq 0 ] && return 0
  for name in "${apps_started[@]}"; do
    local pid
    pid=$(cat "$run/$name.pid" 2>/dev/null || true)
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    rm -f "$run/$name.pid"
  done
  # The services running now that were not before this run, even if their start itself failed.
  local name
  for name in $(bash scripts/services.sh running 2>/dev/null); do
    [[ $before == *" $name "* ]] || services_started+="$name "
  done
  # shellcheck disable=SC2086 # a list of service names
  [ -n "$services_started" ] && bash scripts/services.sh stop $services_started 2>/dev/null || true
  local stopped="${apps_started[*]} $services_started"
  stopped=$(echo $stopped)
  say "failed while ${step}${stopped:+; stopped what it had started: $stopped}"
  exit "$status"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

step="installing dependencies"
bash scripts/ensure-deps.sh
bash scripts/stop.sh --apps-only

step="starting PostgreSQL and Redis"
before=" $(bash scripts/services.sh running) "
bash scripts/services.sh start
set -a; . .data/services.env; set +a

# Secrets of this checkout's own, kept across runs so that logins and tokens survive a restart.
# The first platform admin is created by the API at its first start from BOOTSTRAP_ADMIN_* (never
# a default password); set BOOTSTRAP_ADMIN_EMAIL/PASSWORD before the first start to choose them.
[ ! -f .data/app.env ] && [ -f .data/demo.env ] && mv .data/demo.env .data/app.env # from earlier demos
if [ ! -f .data/app.env ]; then
  random() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "$1"; }
  {
    printf 'JWT_SECRET=%s\n' "$(random 48)"
    printf 'BOOTSTRAP_ADMIN_EMAIL=%s\n' "${BOOTSTRAP_ADMIN_EMAIL:-admin@pulse.local}"
    printf 'BOOTSTRAP_ADMIN_PASSWORD=%s\n' "${BOOTSTRAP_ADMIN_PASSWORD:-$(random 20)}"
  } > .data/app.env
  chmod 600 .data/app.env
fi
set -a; . .data/app.env; set +a

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p=$1; while ! port_free "$p"; do p=$((p + 1)); done; echo "$p"; }
export PORT=${PORT:-$(free_port 3000)}
export WORKER_PORT=${WORKER_PORT:-$(free_port $((PORT + 1)))}
# Where emails link to (the web app's pages); set APP_URL to the public address behind a proxy.
export APP_URL=${APP_URL:-http://127.0.0.1:$PORT}
if [ "$demo" = true ]; then
  export NODE_ENV=${NODE_ENV:-development}
else
  # The product as a partnership runs it: webhooks may not reach this machine's private network.
  export NODE_ENV=${NODE_ENV:-production}
  [ "$NODE_ENV" = production ] && export WEBHOOK_ALLOW_PRIVATE_TARGETS=false
fi

# Every build step goes here, and only here (the API serves whatever it builds).
build() {
  npx nest build api >&2
  # The web app the API serves at / (dist/web); its API types are the committed schema.d.ts.
  npx vite build --config apps/web/vite.config.mts --logLevel warn >&2
}
step="building"
say "building"
build

step="migrating the database"
say "migrating"
node dist/apps/api/src/cli.js migrate

start_app() {
  local name=$1
  shift
  nohup node "$@" > "$run/$name.log" 2>&1 &
  echo $! > "$run/$name.pid"
  apps_started+=("$name")
}
wait_ready() {
  local url=$1 name=$2
  step="starting the $name (see $run/$name.log)"
  for _ in $(seq 1 100); do
    curl -fsS "$url" >/dev/null 2>&1 && return 0
    if ! kill -0 "$(cat "$run/$name.pid")" 2>/dev/null; then
      tail -n 20 "$run/$name.log" >&2
      step="starting the $name: it exited (see $run/$name.log)"
      return 1
    fi
    sleep 0.3
  done
  step="starting the $name: not ready after 30 s (see $run/$name.log)"
  return 1
}
start_app api dist/apps/api/src/main.js
# The worker's V8 heap settings and glibc's two malloc arenas: see docs/operations.md, "Worker memory".
MALLOC_ARENA_MAX=2 start_app worker --max-semi-space-size=4 --heap-growing-percent=35 dist/apps/worker/src/main.js
wait_ready "http://127.0.0.1:$PORT/health/ready" api
wait_ready "http://127.0.0.1:$WORKER_PORT/health/ready" worker

logins="  Platform admin $BOOTSTRAP_ADMIN_EMAIL (password: BOOTSTRAP_ADMIN_PASSWORD in .data/app.env)"
if [ "$demo" = true ]; then
  step="loading the demo footprint"
  say "loading the demo footprint"
  DEMO_ADMIN_EMAIL=$BOOTSTRAP_ADMIN_EMAIL DEMO_ADMIN_PASSWORD=$BOOTSTRAP_ADMIN_PASSWORD \
    node scripts/demo-seed.mjs "http://127.0.0.1:$PORT" > "$run/logins.txt"
  logins=$(cat "$run/logins.txt")
fi

if [ -n "${MAIL_CATCHER_URL:-}" ]; then email="caught locally: $MAIL_CATCHER_URL/messages (set SMTP_URL to send it)"; else email="sent through ${SMTP_URL:-nothing: SMTP_URL is unset}"; fi
cat <<TXT

Partnership Pulse is running$([ "$demo" = true ] && echo ' (demo data: real NHS/ONS codes, synthetic pulse answers)').
  Web app       $APP_URL/
  API docs      http://127.0.0.1:$PORT/docs   (OpenAPI: http://127.0.0.1:$PORT/openapi.json)
  API health    http://127.0.0.1:$PORT/health/ready
  API metrics   http://127.0.0.1:$PORT/metrics
  Worker health http://127.0.0.1:$WORKER_PORT/health/ready
  Email         $email
$logins
  Logs          $run/api.log, $run/worker.log
  Stop          npm run stop
TXT
