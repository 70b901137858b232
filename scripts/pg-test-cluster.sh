#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on a loopback port, owned by a non-root user.
#   scripts/pg-test-cluster.sh start   prints the TEST_DATABASE_URL to use
#   scripts/pg-test-cluster.sh stop
set -euo pipefail
PGPORT=${PGPORT:-55432}
PGDIR=${PGDIR:-/tmp/duban-pg-$PGPORT}
PGUSER_OS=${PGUSER_OS:-postgres}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$BIN" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

run_as() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$PGUSER_OS" -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    if [ ! -f "$PGDIR/data/PG_VERSION" ]; then
      mkdir -p "$PGDIR"
      [ "$(id -u)" = 0 ] && chown "$PGUSER_OS" "$PGDIR"
      run_as "$BIN/initdb" -D "$PGDIR/data" -U duban --auth=trust -E UTF8 --locale=C.UTF-8 >"$PGDIR/initdb.log" 2>&1 ||
        run_as "$BIN/initdb" -D "$PGDIR/data" -U duban --auth=trust -E UTF8 --locale=C >"$PGDIR/initdb.log" 2>&1
    fi
    if ! run_as "$BIN/pg_ctl" -D "$PGDIR/data" status >/dev/null 2>&1; then
      run_as "$BIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 60 \
        -o "-p $PGPORT -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
    fi
    echo "postgres://duban@127.0.0.1:$PGPORT/postgres"
    ;;
  stop)
    run_as "$BIN/pg_ctl" -D "$PGDIR/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$PGDIR"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
