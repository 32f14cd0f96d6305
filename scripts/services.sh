#!/usr/bin/env bash
# Starts (or stops) a real PostgreSQL, Redis and SMTP catcher on loopback for `npm start`, the demo
# and the tests. Data lives under .data/ (git-ignored); ports are picked free; the settings the apps
# need are written to .data/services.env. Set DATABASE_URL, REDIS_URL and SMTP_URL yourself to use
# servers you run. PostgreSQL and Redis are installed with apt-get when missing and we run as root.
#   scripts/services.sh start|stop [postgres|redis|mail ...]|running|status|env
#
# PostgreSQL is durable (fsync and synchronous_commit on): an acknowledged submission survives a
# power cut. Only the test suite trades that for speed, with PP_PG_FAST=1 (scripts/test.sh), and
# then it gets a cluster of its own (.data/postgres-fast, settings in .data/services-fast.env):
# a running cluster keeps the settings it started with, and one cluster switched between the modes
# would either run the product's data without fsync while tests run or be restarted under the demo.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
data="$root/.data"
if [ "${PP_PG_FAST:-}" = "1" ]; then
  envfile="$data/services-fast.env"
  pgdata="$data/postgres-fast"
  pg_durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  pg_fsync=off
else
  envfile="$data/services.env"
  pgdata="$data/postgres"
  pg_durability="-c fsync=on -c synchronous_commit=on -c full_page_writes=on"
  pg_fsync=on
fi
redisdir="$data/redis"
maildir="$data/mail"
mkdir -p "$data"

say() { printf '[services] %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local port=$1
  while ! port_free "$port"; do port=$((port + 1)); done
  echo "$port"
}

# PostgreSQL refuses to run as root, so as root we run it as the 'postgres' system user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin/"$name" 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$found" ] && echo "$found"
}

load_env() { [ -f "$envfile" ] && set -a && . "$envfile" && set +a; return 0; }

ensure_postgres_installed() {
  [ -n "$(pg_bin initdb)" ] && [ -n "$(pg_bin pg_ctl)" ] && [ -n "$(pg_bin psql)" ] && return
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing postgresql with apt-get"
    (apt-get install -y -qq postgresql >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq postgresql >/dev/null 2>&1; }) \
      || die "apt-get could not install postgresql. Install PostgreSQL 15+ yourself or set DATABASE_URL to a server you run."
    # Debian creates and may start its own cluster on 5432; we run ours under .data/ instead.
    (service postgresql stop >/dev/null 2>&1 || true)
    [ -n "$(pg_bin initdb)" ] && [ -n "$(pg_bin pg_ctl)" ] || die "postgresql was installed but initdb/pg_ctl were not found under /usr/lib/postgresql/*/bin."
  else
    die "PostgreSQL 15+ is not installed. Install it (Debian: sudo apt-get install postgresql; macOS: brew install postgresql@16) or set DATABASE_URL to a server you run."
  fi
}

pg_running_fsync() {
  PGPASSWORD="$PP_PG_PASSWORD" "$(pg_bin psql)" -h 127.0.0.1 -p "$1" -U pulse -d postgres -tAc 'show fsync' 2>/dev/null || true
}

start_postgres() {
  ensure_postgres_installed
  local initdb pg_ctl
  initdb=$(pg_bin initdb)
  pg_ctl=$(pg_bin pg_ctl)
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    say "initialising PostgreSQL cluster in $pgdata"
    mkdir -p "$pgdata"
    local pwfile="$pgdata.pwinit"
    PP_PG_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
    printf '%s\n' "$PP_PG_PASSWORD" > "$pwfile"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres "$pgdata" "$pwfile"; fi
    as_pg "$initdb" -D "$pgdata" -U pulse --pwfile="$pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null \
      || die "initdb failed; is $pgdata writable by the user that runs PostgreSQL?"
    rm -f "$pwfile"
    printf 'PP_PG_PASSWORD=%s\n' "$PP_PG_PASSWORD" > "$pgdata.secret"
  fi
  . "$pgdata.secret"
  if as_pg "$pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    PP_PG_PORT=$(sed -n 's/^port = \([0-9]*\).*/\1/p' "$pgdata/postgresql.auto.conf" | tail -n 1)
    # A cluster started by an older version of this script ran without fsync: restart it durable.
    if [ "$(pg_running_fsync "$PP_PG_PORT")" != "$pg_fsync" ]; then
      say "restarting PostgreSQL with fsync=$pg_fsync"
      as_pg "$pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null || die "PostgreSQL did not stop; see $pgdata.log"
    fi
  fi
  if ! as_pg "$pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    PP_PG_PORT=$(free_port "${PG_PORT:-55432}")
    touch "$pgdata.log"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$pgdata.log"; fi
    # Only loopback, no unix socket (paths under deep checkouts exceed the socket name limit).
    as_pg "$pg_ctl" -D "$pgdata" -w -t 60 -l "$pgdata.log" \
      -o "-c port=$PP_PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' $pg_durability -c max_connections=200" \
      start >/dev/null || die "PostgreSQL did not start; see $pgdata.log"
    printf 'port = %s\n' "$PP_PG_PORT" | as_pg tee "$pgdata/postgresql.auto.conf" >/dev/null
  fi
  DATABASE_URL="postgres://pulse:${PP_PG_PASSWORD}@127.0.0.1:${PP_PG_PORT}/pulse"
  local psql
  psql=$(pg_bin psql)
  if ! PGPASSWORD="$PP_PG_PASSWORD" "$psql" -h 127.0.0.1 -p "$PP_PG_PORT" -U pulse -d postgres -tAc "select 1 from pg_database where datname='pulse'" | grep -q 1; then
    PGPASSWORD="$PP_PG_PASSWORD" "$psql" -h 127.0.0.1 -p "$PP_PG_PORT" -U pulse -d postgres -qc "create database pulse" >/dev/null
  fi
  say "PostgreSQL on 127.0.0.1:$PP_PG_PORT (fsync=$pg_fsync)"
}

ensure_redis_installed() {
  command -v redis-server >/dev/null 2>&1 && return
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing redis-server with apt-get"
    (apt-get install -y -qq redis-server >/dev/null 2>&1 || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq redis-server >/dev/null 2>&1; }) \
      || die "apt-get could not install redis-server. Install Redis 7 yourself or set REDIS_URL to a server you run."
    # Debian starts its own service on 6379; we run ours on a free port instead.
    (service redis-server stop >/dev/null 2>&1 || true)
  else
    die "redis-server is not installed. Install it (Debian: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_URL to a server you run."
  fi
}

start_redis() {
  ensure_redis_installed
  mkdir -p "$redisdir"
  if [ -f "$redisdir/redis.pid" ] && kill -0 "$(cat "$redisdir/redis.pid")" 2>/dev/null && [ -f "$redisdir/port" ]; then
    PP_REDIS_PORT=$(cat "$redisdir/port")
  else
    # As for the mail catcher: another checkout may take the port first, and then a ping would be
    # answered by its Redis; ours is the one whose process_id is in our pid file.
    local ours=false port=${REDIS_PORT:-56379}
    for _attempt in 1 2 3 4 5; do
      PP_REDIS_PORT=$(free_port "$port")
      rm -f "$redisdir/redis.pid"
      redis-server --bind 127.0.0.1 --port "$PP_REDIS_PORT" --dir "$redisdir" --daemonize yes \
        --pidfile "$redisdir/redis.pid" --logfile "$redisdir/redis.log" --save '' --appendonly yes \
        --maxmemory-policy noeviction >/dev/null || die "Redis did not start; see $redisdir/redis.log"
      for _ in $(seq 1 50); do
        if [ -f "$redisdir/redis.pid" ] && redis-cli -p "$PP_REDIS_PORT" info server 2>/dev/null | tr -d '\r' | grep -qx "process_id:$(cat "$redisdir/redis.pid")"; then ours=true; break; fi
        sleep 0.1
      done
      [ "$ours" = true ] && break
      port=$((PP_REDIS_PORT + 1))
    done
    [ "$ours" = true ] || die "Redis did not start; see $redisdir/redis.log"
    echo "$PP_REDIS_PORT" > "$redisdir/port"
  fi
  REDIS_URL="redis://127.0.0.1:${PP_REDIS_PORT}"
  say "Redis on 127.0.0.1:$PP_REDIS_PORT"
}

# scripts/mail-catcher.mjs: a real SMTP server that keeps what it receives and shows it over HTTP.
start_mail_catcher() {
  mkdir -p "$maildir"
  if [ -f "$maildir/pid" ] && kill -0 "$(cat "$maildir/pid")" 2>/dev/null && [ -f "$maildir/ports" ]; then
    read -r PP_SMTP_PORT PP_MAIL_HTTP_PORT < "$maildir/ports"
  else
    # Other checkouts on this machine pick ports the same way: one may take ours between the check
    # and the listen, so a catcher that exits at once is tried again on the next ports.
    local pid ready=false port=${SMTP_PORT:-51025}
    for _attempt in 1 2 3 4 5; do
      PP_SMTP_PORT=$(free_port "$port")
      PP_MAIL_HTTP_PORT=$(free_port $((PP_SMTP_PORT + 1)))
      nohup node "$root/scripts/mail-catcher.mjs" --smtp-port "$PP_SMTP_PORT" --http-port "$PP_MAIL_HTTP_PORT" > "$maildir/mail-catcher.log" 2>&1 &
      pid=$!
      for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        # Ours, not another checkout's catcher that holds the port.
        curl -fsS "http://127.0.0.1:$PP_MAIL_HTTP_PORT/health" 2>/dev/null | grep -q "\"pid\":$pid[,}]" && { ready=true; break; }
        sleep 0.1
      done
      [ "$ready" = true ] && break
      ready=false
      kill "$pid" 2>/dev/null || true
      port=$((PP_MAIL_HTTP_PORT + 1))
    done
    [ "$ready" = true ] || die "the mail catcher did not start; see $maildir/mail-catcher.log"
    echo "$pid" > "$maildir/pid"
    echo "$PP_SMTP_PORT $PP_MAIL_HTTP_PORT" > "$maildir/ports"
  fi
  SMTP_URL="smtp://127.0.0.1:${PP_SMTP_PORT}"
  MAIL_CATCHER_URL="http://127.0.0.1:${PP_MAIL_HTTP_PORT}"
  say "SMTP catcher on 127.0.0.1:$PP_SMTP_PORT, received mail at $MAIL_CATCHER_URL/messages"
}

write_env() {
  {
    printf 'DATABASE_URL=%s\n' "$DATABASE_URL"
    printf 'REDIS_URL=%s\n' "$REDIS_URL"
    printf 'SMTP_URL=%s\n' "$SMTP_URL"
    [ -n "${MAIL_CATCHER_URL:-}" ] && printf 'MAIL_CATCHER_URL=%s\n' "$MAIL_CATCHER_URL"
    # Local services only: the demo's and the tests' webhook receivers listen on loopback.
    printf 'WEBHOOK_ALLOW_PRIVATE_TARGETS=true\n'
  } > "$envfile"
}

# Stops the named services (postgres, redis, mail), or all of them and both PostgreSQL clusters.
stop_services() {
  local pg_ctl cluster clusters=()
  local wanted=" ${*:-postgres redis mail} "
  pg_ctl=$(pg_bin pg_ctl) || true
  if [ $# -eq 0 ]; then clusters=("$data/postgres" "$data/postgres-fast"); elif [[ $wanted == *" postgres "* ]]; then clusters=("$pgdata"); fi
  for cluster in "${clusters[@]}"; do
    if [ -n "$pg_ctl" ] && [ -f "$cluster/PG_VERSION" ]; then
      as_pg "$pg_ctl" -D "$cluster" -m fast stop >/dev/null 2>&1 && say "PostgreSQL stopped ($(basename "$cluster"))" || true
    fi
  done
  if [[ $wanted == *" redis "* ]] && [ -f "$redisdir/redis.pid" ]; then
    kill "$(cat "$redisdir/redis.pid")" 2>/dev/null && say "Redis stopped" || true
    rm -f "$redisdir/redis.pid"
  fi
  if [[ $wanted == *" mail "* ]] && [ -f "$maildir/pid" ]; then
    kill "$(cat "$maildir/pid")" 2>/dev/null && say "SMTP catcher stopped" || true
    rm -f "$maildir/pid"
  fi
}

# Which of this checkout's services run now (postgres: this mode's cluster), so that a start that
# fails (scripts/start.sh) can stop only those it started itself.
running_services() {
  local names=() pg_ctl
  pg_ctl=$(pg_bin pg_ctl) || true
  if [ -n "$pg_ctl" ] && [ -f "$pgdata/PG_VERSION" ] && as_pg "$pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then names+=(postgres); fi
  if [ -f "$redisdir/redis.pid" ] && kill -0 "$(cat "$redisdir/redis.pid")" 2>/dev/null; then names+=(redis); fi
  if [ -f "$maildir/pid" ] && kill -0 "$(cat "$maildir/pid")" 2>/dev/null; then names+=(mail); fi
  echo "${names[*]:-}"
}

case "${1:-start}" in
  start)
    external_db=${DATABASE_URL:-}
    external_redis=${REDIS_URL:-}
    if [ -n "$external_db" ]; then DATABASE_URL=$external_db; say "using DATABASE_URL from the environment"; else start_postgres; fi
    if [ -n "$external_redis" ]; then REDIS_URL=$external_redis; say "using REDIS_URL from the environment"; else start_redis; fi
    external_smtp=${SMTP_URL:-}
    if [ -n "$external_smtp" ]; then SMTP_URL=$external_smtp; say "using SMTP_URL from the environment"; else start_mail_catcher; fi
    write_env
    ;;
  stop) shift; stop_services "$@" ;;
  running) running_services ;;
  status) load_env; cat "$envfile" 2>/dev/null || say "not started" ;;
  env) load_env; cat "$envfile" ;;
  *) die "usage: $0 start|stop [postgres|redis|mail ...]|running|status|env" ;;
esac
