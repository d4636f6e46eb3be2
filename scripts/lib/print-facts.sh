#!/usr/bin/env bash
# Prints the facts of this machine that a failing test most often depends on, so a
# red CI log says why without a second run. Never fails: every probe has a fallback.
fact() { printf '[facts] %-22s %s\n' "$1" "$2"; }
first_line() { "$@" 2>&1 | head -n 1 || true; }

fact node "$(first_line node --version)"
fact python3 "$(first_line /usr/bin/python3 --version)"
fact numpy "$(/usr/bin/python3 -c 'import numpy; print(numpy.__version__)' 2>/dev/null || echo 'not installed')"
fact bwrap "$(first_line bwrap --version 2>/dev/null || echo 'not installed')"
fact redis-server "$(first_line redis-server --version 2>/dev/null || echo 'not installed')"
fact chromium "$(dpkg-query -W -f='${Version}' chromium 2>/dev/null || echo 'not installed')"
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then cg="v2 (controllers: $(cat /sys/fs/cgroup/cgroup.controllers))"
elif [ -d /sys/fs/cgroup/memory ]; then cg="v1 ($(ls /sys/fs/cgroup | tr '\n' ' '))"
else cg="none found"; fi
fact cgroup "$cg"
fact cores "$(nproc 2>/dev/null || echo '?')"
fact memory "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo 2>/dev/null)"
userns="max_user_namespaces=$(cat /proc/sys/user/max_user_namespaces 2>/dev/null || echo '?')"
[ -f /proc/sys/kernel/unprivileged_userns_clone ] && userns="$userns unprivileged_userns_clone=$(cat /proc/sys/kernel/unprivileged_userns_clone)"
fact "user namespaces" "$userns"
fact kernel "$(uname -r)"
fact user "$(id -un) (uid $(id -u))"
exit 0
