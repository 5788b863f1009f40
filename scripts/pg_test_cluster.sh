#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests, on a free loopback port.
#   eval "$(scripts/pg_test_cluster.sh start [DIR])"   starts one (DIR: a new temporary
#       folder) and prints the shell lines that export
#         AH_TEST_POSTGRES_URL=postgresql://ah@127.0.0.1:PORT/postgres
#         AH_TEST_POSTGRES_DIR=DIR
#   scripts/pg_test_cluster.sh stop [DIR]               stops it and removes DIR
#       (DIR defaults to $AH_TEST_POSTGRES_DIR).
# The cluster trusts local connections (it listens on 127.0.0.1 only), keeps no data
# worth keeping (fsync off) and runs as the invoking user, or as `postgres` when
# invoked as root (initdb refuses root). Needs Debian's postgresql-15 (scripts/setup.sh --test).
set -euo pipefail

bindir=""
for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
  if [ -x "$d/initdb" ]; then bindir="$d"; break; fi
done
if [ -z "$bindir" ]; then
  echo "pg_test_cluster: PostgreSQL server binaries not found (install postgresql-15: scripts/setup.sh --test)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

cmd="${1:-}"
case "$cmd" in
  start)
    dir="${2:-}"
    if [ -z "$dir" ]; then
      dir=$(mktemp -d /tmp/ah-pg.XXXXXX)
      trap 'rm -rf "$dir"' EXIT  # until the server runs: a failed start leaves nothing behind
    fi
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -A trust -U ah -E UTF8 --locale=C.UTF-8 --no-sync \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    started=""
    for _ in 1 2 3 4 5; do  # a port found free may be taken before the server binds it
      port=$(free_port)
      if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null 2>&1; then
        started=1
        break
      fi
    done
    if [ -z "$started" ]; then
      echo "pg_test_cluster: the server did not start; its log:" >&2
      cat "$dir/log" >&2 || true
      exit 1
    fi
    trap - EXIT
    echo "export AH_TEST_POSTGRES_URL=postgresql://ah@127.0.0.1:$port/postgres"
    echo "export AH_TEST_POSTGRES_DIR=$dir"
    ;;
  stop)
    dir="${2:-${AH_TEST_POSTGRES_DIR:-}}"
    if [ -z "$dir" ] || [ ! -d "$dir" ]; then
      echo "pg_test_cluster: no cluster folder to stop" >&2
      exit 1
    fi
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 ||
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: scripts/pg_test_cluster.sh start [DIR] | stop [DIR]" >&2
    exit 2
    ;;
esac
