#!/usr/bin/env bash
# A throwaway Redis server on loopback, for tests, CI and the load test.
#   scripts/redis.sh start DIR PORT   # starts a server keeping its files in DIR, prints its connection string
#   scripts/redis.sh stop DIR         # stops it
#   scripts/redis.sh restart DIR      # starts a stopped server again, on the same port
# Uses Debian's redis-server (installed when missing). Nothing is saved to disk: it holds nonces and pushes changes.
set -euo pipefail
command=${1:?start|stop|restart}
dir=$(realpath -m "${2:?data folder}")

if ! command -v redis-server >/dev/null; then
  apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q redis-server >&2
fi

start() {
  redis-server --port "$1" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  for _ in $(seq 1 50); do redis-cli -p "$1" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "redis-server did not answer on port $1; see $dir/redis.log" >&2
  exit 1
}

case $command in
  start)
    port=${3:?port}
    mkdir -p "$dir"
    echo "$port" >"$dir/port"
    start "$port"
    echo "127.0.0.1:$port"
    ;;
  restart)
    start "$(cat "$dir/port")"
    ;;
  stop)
    redis-cli -p "$(cat "$dir/port")" shutdown nosave >/dev/null 2>&1 || true
    for _ in $(seq 1 50); do [ -f "$dir/redis.pid" ] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null || exit 0; sleep 0.1; done
    ;;
  *)
    echo "unknown command $command" >&2; exit 2 ;;
esac
