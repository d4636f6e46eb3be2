#!/usr/bin/env bash
# Installs the Debian packages ConvGrade needs, once. As root it runs apt-get;
# otherwise it prints the exact command to run.
#   --check   only report what is missing (exit 1 if anything is), never install
# CONVGRADE_NEED_BROWSER=1 adds Chromium (browser tests); CONVGRADE_NEED_REDIS=1
# wants redis-server even with REDIS_URL set (the test setup starts its own);
# CONVGRADE_NEED_POSTGRES=1 adds postgresql (the tests' throwaway cluster).
set -euo pipefail
cd "$(dirname "$0")/.."
check_only=0
[ "${1:-}" = --check ] && check_only=1

need=()
add() { case " ${need[*]-} " in *" $1 "*) ;; *) need+=("$1") ;; esac; }

# A REDIS_URL points at a Redis someone else runs: no local server needed.
if [ -z "${REDIS_URL:-}" ] || [ "${CONVGRADE_NEED_REDIS:-0}" = 1 ]; then
  command -v redis-server >/dev/null 2>&1 || add redis-server
fi
# The tests make a throw-away TLS certificate for a rediss:// Redis.
if [ "${CONVGRADE_NEED_REDIS:-0}" = 1 ]; then command -v openssl >/dev/null 2>&1 || add openssl; fi
command -v bwrap >/dev/null 2>&1 || add bubblewrap
/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1 || add python3-numpy
# better-sqlite3 has no prebuilt binary reachable here, so npm install compiles
# it with node-gyp: make, a C++ compiler and python3. Once built, none is needed.
if [ ! -f node_modules/better-sqlite3/build/Release/better_sqlite3.node ]; then
  { command -v make >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1; } || add build-essential
  command -v python3 >/dev/null 2>&1 || add python3
fi
# The training kernels (native/, an optional dependency built by node-gyp at npm install)
# link Debian's OpenBLAS; without it the worker trains with its slower JS kernels.
[ "$(dpkg-query -W -f='${Status}' libopenblas-dev 2>/dev/null)" = 'install ok installed' ] || add libopenblas-dev
if [ ! -f native/build/Release/convgrade_native.node ]; then
  { command -v make >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1; } || add build-essential
  command -v python3 >/dev/null 2>&1 || add python3
fi
# the sandbox's launcher (scripts/build-box-launch.sh) is compiled from C
if [ ! -x worker/sandbox/build/box-launch ]; then command -v cc >/dev/null 2>&1 || add build-essential; fi
if [ "${CONVGRADE_NEED_BROWSER:-0}" = 1 ] && [ ! -x /usr/bin/chromium ]; then add chromium; fi
# the code sandbox's own unprivileged user (not a package: its own script)
"$BASH" scripts/sandbox-user.sh $([ "$check_only" = 1 ] && echo --check)
# CONVGRADE_NEED_POSTGRES=1: the test cluster of scripts/postgres-cluster.sh
# (Debian keeps the server outside PATH; CONVGRADE_PG_ROOT lets a test look elsewhere).
pg_server() { local f; for f in "${CONVGRADE_PG_ROOT:-/usr/lib/postgresql}"/*/bin/initdb; do [ -x "$f" ] && return 0; done; return 1; }
if [ "${CONVGRADE_NEED_POSTGRES:-0}" = 1 ] && ! pg_server; then add postgresql; fi
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$check_only" = 0 ] && [ "$(id -u)" = 0 ]; then
  echo "Installing system packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "Missing system packages. Run as root:" >&2
  echo "  apt-get update && apt-get install -y ${need[*]}" >&2
  exit 1
fi
