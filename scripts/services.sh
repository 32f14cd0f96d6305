#!/usr/bin/env bash
# Starts (or stops) a real PostgreSQL, Redis and SMTP catcher on loopback for the demo and the tests.
# Data lives under .data/ (git-ignored); ports are picked free; the settings the apps need are
# written to .data/services.env. Set DATABASE_URL, REDIS_URL and SMTP_URL yourself to use servers you run.
#   scripts/services.sh start|stop|status|env
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
data="$root/.data"
envfile="$data/services.env"
pgdata="$data/postgres"
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

start_postgres() {
  local initdb pg_ctl
  initdb=$(pg_bin initdb) || true
  pg_ctl=$(pg_bin pg_ctl) || true
  [ -n "$initdb" ] && [ -n "$pg_ctl" ] || die "PostgreSQL 15+ is not installed. Install it (Debian: apt-get install postgresql) or set DATABASE_URL to a server you run."
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    say "initialising PostgreSQL cluster in $pgdata"
    mkdir -p "$pgdata"
    local pwfile="$data/.pgpass-init"
    PP_PG_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
    printf '%s\n' "$PP_PG_PASSWORD" > "$pwfile"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres "$pgdata" "$pwfile"; fi
    as_pg "$initdb" -D "$pgdata" -U pulse --pwfile="$pwfile" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null \
      || die "initdb failed; is $pgdata writable by the user that runs PostgreSQL?"
    rm -f "$pwfile"
    printf 'PP_PG_PASSWORD=%s\n' "$PP_PG_PASSWORD" > "$data/postgres.secret"
  fi
  . "$data/postgres.secret"
  if as_pg "$pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    PP_PG_PORT=$(sed -n 's/^port = \([0-9]*\).*/\1/p' "$pgdata/postgresql.auto.conf" | tail -n 1)
  else
    PP_PG_PORT=$(free_port "${PG_PORT:-55432}")
    touch "$data/postgres.log"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$data/postgres.log"; fi
    # Only loopback, no unix socket (paths under deep checkouts exceed the socket name limit).
    as_pg "$pg_ctl" -D "$pgdata" -w -t 60 -l "$data/postgres.log" \
      -o "-c port=$PP_PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c max_connections=200" \
      start >/dev/null || die "PostgreSQL did not start; see $data/postgres.log"
    printf 'port = %s\n' "$PP_PG_PORT" | as_pg tee "$pgdata/postgresql.auto.conf" >/dev/null
  fi
  DATABASE_URL="postgres://pulse:${PP_PG_PASSWORD}@127.0.0.1:${PP_PG_PORT}/pulse"
  if ! PGPASSWORD="$PP_PG_PASSWORD" psql -h 127.0.0.1 -p "$PP_PG_PORT" -U pulse -d postgres -tAc "select 1 from pg_database where datname='pulse'" | grep -q 1; then
    PGPASSWORD="$PP_PG_PASSWORD" psql -h 127.0.0.1 -p "$PP_PG_PORT" -U pulse -d postgres -qc "create database pulse" >/dev/null
  fi
  say "PostgreSQL on 127.0.0.1:$PP_PG_PORT"
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
    PP_REDIS_PORT=$(free_port "${REDIS_PORT:-56379}")
    redis-server --bind 127.0.0.1 --port "$PP_REDIS_PORT" --dir "$redisdir" --daemonize yes \
      --pidfile "$redisdir/redis.pid" --logfile "$redisdir/redis.log" --save '' --appendonly yes \
      --maxmemory-policy noeviction >/dev/null || die "Redis did not start; see $redisdir/redis.log"
    echo "$PP_REDIS_PORT" > "$redisdir/port"
    for _ in $(seq 1 50); do redis-cli -p "$PP_REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
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
    PP_SMTP_PORT=$(free_port "${SMTP_PORT:-51025}")
    PP_MAIL_HTTP_PORT=$(free_port $((PP_SMTP_PORT + 1)))
    nohup node "$root/scripts/mail-catcher.mjs" --smtp-port "$PP_SMTP_PORT" --http-port "$PP_MAIL_HTTP_PORT" > "$maildir/mail-catcher.log" 2>&1 &
    echo $! > "$maildir/pid"
    echo "$PP_SMTP_PORT $PP_MAIL_HTTP_PORT" > "$maildir/ports"
    for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$PP_MAIL_HTTP_PORT/health" >/dev/null 2>&1 && break; sleep 0.1; done
    curl -fsS "http://127.0.0.1:$PP_MAIL_HTTP_PORT/health" >/dev/null 2>&1 || die "the mail catcher did not start; see $maildir/mail-catcher.log"
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

stop_all() {
  local pg_ctl
  pg_ctl=$(pg_bin pg_ctl) || true
  if [ -n "$pg_ctl" ] && [ -f "$pgdata/PG_VERSION" ]; then
    as_pg "$pg_ctl" -D "$pgdata" -m fast stop >/dev/null 2>&1 && say "PostgreSQL stopped" || true
  fi
  if [ -f "$redisdir/redis.pid" ]; then
    kill "$(cat "$redisdir/redis.pid")" 2>/dev/null && say "Redis stopped" || true
    rm -f "$redisdir/redis.pid"
  fi
  if [ -f "$maildir/pid" ]; then
    kill "$(cat "$maildir/pid")" 2>/dev/null && say "SMTP catcher stopped" || true
    rm -f "$maildir/pid"
  fi
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
  stop) stop_all ;;
  status) load_env; cat "$envfile" 2>/dev/null || say "not started" ;;
  env) load_env; cat "$envfile" ;;
  *) die "usage: $0 start|stop|status|env" ;;
esac
