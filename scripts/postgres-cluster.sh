#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests: Debian's postgresql (installed by
# scripts/system-deps.sh when missing), a fresh data directory, a free loopback
# port, a random password, and a unix socket only its owner can reach.
#   scripts/postgres-cluster.sh start DIR   prints the cluster's URL (database "postgres")
#   scripts/postgres-cluster.sh stop DIR    stops it and removes DIR
# initdb and postgres refuse to run as root; as root the cluster belongs to the
# unprivileged `postgres` user the package creates.
set -euo pipefail
cd "$(dirname "$0")/.."
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

bindir() {
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] && echo "$d"
}
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
  if [ -z "$(bindir)" ]; then CONVGRADE_NEED_POSTGRES=1 bash scripts/system-deps.sh >&2; fi
  bin=$(bindir)
  [ -n "$bin" ] || { echo "no PostgreSQL server found after installing postgresql" >&2; exit 1; }
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  chmod 700 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  password=$(od -An -N18 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" > "$dir/pwfile"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir/pwfile"
  as_owner "$bin/initdb" -D "$dir/data" -U convgrade --pwfile="$dir/pwfile" --auth=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/pwfile"
  # A free port can be taken between the probe and the start: try a few.
  for _ in 1 2 3 4 5; do
    port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    # fsync off: a test cluster is thrown away, durability buys nothing here.
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null; then
      echo "$port" > "$dir/port"
      echo "postgresql://convgrade:$password@127.0.0.1:$port/postgres"
      exit 0
    fi
  done
  cat "$dir/server.log" >&2
  exit 1
  ;;
stop)
  bin=$(bindir)
  if [ -d "$dir/data" ] && [ -n "$bin" ]; then as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
