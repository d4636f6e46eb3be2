#!/usr/bin/env bash
# Compiles the sandbox's launcher (worker/sandbox/box-launch.c: joins the run's cgroups,
# sets limits, drops to the sandbox user, then execs bubblewrap) when its source is newer
# than the binary. Run by prepare.sh; needs a C compiler (system-deps.sh installs one).
set -euo pipefail
cd "$(dirname "$0")/.."
src=worker/sandbox/box-launch.c
out=worker/sandbox/build/box-launch
if [ ! -x "$out" ] || [ "$src" -nt "$out" ]; then
  mkdir -p "$(dirname "$out")"
  cc -O2 -Wall -Wextra -Werror -o "$out.tmp" "$src"
  # root runs it before it drops privileges: nobody else may change it
  chmod 0755 "$out.tmp"
  mv "$out.tmp" "$out"
fi
