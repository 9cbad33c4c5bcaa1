#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback, for tests and CI.
#   scripts/postgres.sh start DIR PORT   # initialises DIR on first use, starts, prints the connection string
#   scripts/postgres.sh stop DIR         # stops it (fast)
#   scripts/postgres.sh restart DIR      # starts a stopped cluster again
#   scripts/postgres.sh crash DIR        # stops it as a crash would (immediate): the next start recovers, emptying unlogged tables
# Uses Debian's PostgreSQL (installed when missing); as root the server runs as the postgres user. A test server: fsync
# and synchronous commit are off, unless POSTGRES_DURABLE=1 at the first start keeps PostgreSQL's durable defaults.
# Connections over TCP are trusted, unless POSTGRES_PASSWORD at the first start gives the postgres user that password
# and makes TCP connections prove one (scram-sha-256), as a real server does.
set -euo pipefail
command=${1:?start|stop|restart|crash}
dir=$(realpath -m "${2:?data folder}")
cd /   # the server's user may not be allowed into the caller's folder

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_owner=()
[ "$(id -u)" = 0 ] && as_owner=(runuser -u postgres --)

case $command in
  start)
    port=${3:?port}
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      mkdir -p "$dir"
      if [ "$(id -u)" = 0 ]; then
        chown postgres:postgres "$dir"
        chmod a+x "$(dirname "$dir")"   # the server's user must reach its folder
      fi
      auth=(--auth=trust)
      if [ -n "${POSTGRES_PASSWORD:-}" ]; then
        printf '%s\n' "$POSTGRES_PASSWORD" > "$dir/pwfile"
        [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir/pwfile"
        auth=(--auth-local=trust --auth-host=scram-sha-256 --pwfile="$dir/pwfile")
      fi
      "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U postgres "${auth[@]}" -E UTF8 --no-sync >/dev/null
      rm -f "$dir/pwfile"
      durability=("fsync = off" "synchronous_commit = off" "full_page_writes = off")
      [ "${POSTGRES_DURABLE:-}" = 1 ] && durability=()   # PostgreSQL's own defaults: every commit waits for the disk
      printf '%s\n' "listen_addresses = '127.0.0.1'" "port = $port" "unix_socket_directories = '$dir'" "${durability[@]}" \
        "max_connections = 200" | "${as_owner[@]}" tee -a "$dir/data/postgresql.conf" >/dev/null
    fi
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start >/dev/null
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true${POSTGRES_PASSWORD:+;Password=$POSTGRES_PASSWORD}"
    ;;
  restart)
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start >/dev/null
    ;;
  stop)
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -w -t 30 stop -m fast >/dev/null
    ;;
  crash)
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -w -t 30 stop -m immediate >/dev/null
    ;;
  *)
    echo "unknown command $command" >&2; exit 2 ;;
esac
