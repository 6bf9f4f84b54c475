#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the server tests and the ingest bench.
#
#   export TEST_DATABASE_URL="$(bash .ci/pg-test-cluster.sh start)"
#   bash .ci/pg-test-cluster.sh stop
#
# `start` installs Debian's postgresql when it is missing (as root), creates a
# cluster in PG_TEST_DIR on first use, starts it when it is not running and
# creates the admin database; it is safe to run again at any time. The URL is
# the only thing printed on stdout; progress goes to stderr.
#
# The cluster trusts every local connection and runs with fsync off: it holds
# test data only, and must never be used for anything else.
set -euo pipefail

PORT="${PG_TEST_PORT:-54329}"
DIR="${PG_TEST_DIR:-/tmp/kasir-pg-test}"
DB="${PG_TEST_DB:-kasir_test}"
URL="postgres://postgres@127.0.0.1:${PORT}/${DB}"

say() { echo "pg-test-cluster: $*" >&2; }

find_bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  if command -v pg_config >/dev/null 2>&1; then
    d="$(pg_config --bindir)"
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  fi
  return 1
}

BIN="$(find_bindir || true)"
if [ -z "$BIN" ] && [ "${1:-start}" = start ]; then
  if [ "$(id -u)" -ne 0 ]; then
    say "PostgreSQL is not installed. Install it, then run this again: sudo apt-get install -y postgresql"
    exit 1
  fi
  say "installing Debian's postgresql (apt-get install -y postgresql)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  BIN="$(find_bindir)"
fi

# PostgreSQL refuses to run as root: as root, the cluster belongs to `postgres`.
if [ "$(id -u)" -eq 0 ]; then
  OWNER=postgres
  as_owner() { runuser -u postgres -- "$@"; }
else
  OWNER="$(id -un)"
  as_owner() { "$@"; }
fi

running() { [ -f "$DIR/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; }

case "${1:-start}" in
  start)
    if [ ! -f "$DIR/PG_VERSION" ]; then
      say "creating a cluster in $DIR (owner $OWNER)"
      rm -rf "$DIR"
      mkdir -p "$DIR"
      chown "$OWNER" "$DIR"
      chmod 700 "$DIR"
      as_owner "$BIN/initdb" -D "$DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! running; then
      say "starting PostgreSQL on 127.0.0.1:$PORT"
      # Tests open a database per test and several pools at once.
      as_owner "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 start \
        -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2 \
        || { cat "$DIR/server.log" >&2; exit 1; }
    fi
    if ! as_owner "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1; then
      as_owner "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qc "CREATE DATABASE $DB" >&2
    fi
    echo "$URL"
    ;;
  stop)
    if [ -n "$BIN" ] && running; then as_owner "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >&2; fi
    ;;
  url)
    echo "$URL"
    ;;
  *)
    say "usage: $0 [start|stop|url]"
    exit 2
    ;;
esac
