#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL 15 cluster in a temp dir, for CI and benchmarks.
#   tools/pg-cluster.sh start DIR PORT   → prints the postgres:// URL on stdout
#   tools/pg-cluster.sh stop DIR
#   tools/pg-cluster.sh replica DIR PORT PRIMARY_PORT   → a streaming replica of the primary on
#                                                          PRIMARY_PORT (pg_basebackup -R); prints its URL
#   tools/pg-cluster.sh halt DIR / resume DIR           → stop / start a cluster, keeping its data
# PostgreSQL refuses to run as root, so as root the cluster runs as the 'postgres' user.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?directory}
bin=${PG_BIN:-/usr/lib/postgresql/15/bin}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ensure_binaries() {
  if [ -x "$bin/initdb" ]; then return; fi
  echo "PostgreSQL binaries not found in $bin; installing Debian's postgresql…" >&2
  if [ "$(id -u)" != 0 ]; then echo "need root to install postgresql" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql-15 postgresql-contrib-15 >&2 || apt-get install -y -qq postgresql >&2
  # Debian's package starts a cluster of its own; we do not need it.
  service postgresql stop >/dev/null 2>&1 || true
}

settings() {
  printf '%s\n' "listen_addresses = '127.0.0.1'" "port = $2" "unix_socket_directories = '$1'" \
    'max_connections = 200' "fsync = ${PG_FSYNC:-on}" 'hot_standby = on'
}

case "$cmd" in
  start)
    port=${3:?port}
    ensure_binaries
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
      id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
      chown postgres "$dir"
    fi
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1
    # Settings go into the cluster's own file, so `halt` + `resume` (and a replica) keep them.
    settings "$dir" "$port" >>"$dir/data/postgresql.conf"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >&2
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  replica)
    port=${3:?port}
    primary_port=${4:?primary port}
    ensure_binaries
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
      id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
      chown postgres "$dir"
    fi
    # -R writes standby.signal and primary_conninfo; -X stream copies the WAL needed to start.
    as_owner "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U postgres -D "$dir/data" -R -X stream -c fast \
      >"$dir/basebackup.log" 2>&1
    # The primary's postgresql.conf came with the backup; the later lines win.
    settings "$dir" "$port" >>"$dir/data/postgresql.conf"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >&2
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  halt)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2
    ;;
  resume)
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >&2
    ;;
  stop)
    if [ -d "$dir/data" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true; fi
    rm -rf "$dir"
    ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac
