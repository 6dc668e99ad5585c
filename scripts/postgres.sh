#!/usr/bin/env bash
# A throw-away PostgreSQL 15 (Debian package) for the tests: initdb in a temporary directory,
# trust authentication on 127.0.0.1 only, a free port.
#   scripts/postgres.sh start   start it (idempotent) and print the connection string
#   scripts/postgres.sh env     print the export lines for a shell: eval "$(scripts/postgres.sh env)"
#   scripts/postgres.sh stop    stop it and delete its directory
# RCA_POSTGRES_DIR chooses the directory (default: one per user under $TMPDIR). PostgreSQL refuses
# to run as root, so as root the server runs as the unprivileged user `nobody`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

PG_BIN="${RCA_POSTGRES_BIN:-/usr/lib/postgresql/15/bin}"
DIR="${RCA_POSTGRES_DIR:-${TMPDIR:-/tmp}/rca-postgres-$(id -u)}"
DATA="$DIR/data"
PORT_FILE="$DIR/port"

as_server_user() {
  if [[ $(id -u) == 0 ]]; then
    runuser -u nobody -- "$@"
  else
    "$@"
  fi
}

url() {
  echo "postgresql://postgres@127.0.0.1:$(cat "$PORT_FILE")/postgres"
}

running() {
  [[ -f "$PORT_FILE" ]] && as_server_user "$PG_BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  [[ -x "$PG_BIN/postgres" ]] || die "PostgreSQL 15 is not installed ($PG_BIN): run ./rca install"
  if running; then
    url
    return
  fi
  rm -rf "$DIR"
  mkdir -p "$DATA"
  [[ $(id -u) == 0 ]] && chown -R nobody "$DIR"
  as_server_user "$PG_BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 \
    --no-sync >"$DIR/initdb.log" 2>&1 || {
    cat "$DIR/initdb.log" >&2
    die "initdb failed"
  }
  local port
  port="$(free_port)"
  # Tests open many pools at once (two backend processes, each plugin its own database).
  as_server_user "$PG_BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 30 start \
    -o "-h 127.0.0.1 -p $port -k $DIR -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null || {
    cat "$DIR/server.log" >&2
    die "PostgreSQL did not start"
  }
  echo "$port" >"$PORT_FILE"
  url
}

stop() {
  if [[ -d "$DATA" ]]; then
    as_server_user "$PG_BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env)
    running || die "not running: scripts/postgres.sh start"
    # Backstage's TestDatabases reads the first; our own tests and scripts the second.
    echo "export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=$(url)"
    echo "export RCA_TEST_POSTGRES_URL=$(url)"
    ;;
  *)
    echo "usage: scripts/postgres.sh start | env | stop" >&2
    exit 2
    ;;
esac
