#!/usr/bin/env bash
# Creates the unprivileged user and group the code sandbox runs submissions as
# (default convgrade-box; CONVGRADE_SANDBOX_USER names another). A system account
# with no home, no shell and no password, used by nothing else on the machine,
# so a box's processes share a uid with no other service (as they would with
# nobody). Safe to run again: an existing user and group are left as they are.
#   --check   only report whether it exists (exit 1 if not)
set -euo pipefail
name="${CONVGRADE_SANDBOX_USER:-convgrade-box}"
if getent passwd "$name" >/dev/null && getent group "$name" >/dev/null; then exit 0; fi
if [ "${1:-}" = --check ] || [ "$(id -u)" != 0 ]; then
  echo "The sandbox user $name is missing. Run as root: bash scripts/sandbox-user.sh" >&2
  exit 1
fi
getent group "$name" >/dev/null || groupadd --system "$name"
getent passwd "$name" >/dev/null ||
  useradd --system --gid "$name" --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin --comment 'ConvGrade sandbox' "$name"
echo "Created the sandbox user $name (uid $(id -u "$name"))"
