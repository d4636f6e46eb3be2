#!/usr/bin/env bash
# The database tests again, on PostgreSQL: a throwaway cluster
# (scripts/postgres-cluster.sh), then every test file that takes its database
# from createTestDb() in test/helpers/test-db.ts. Only those files run twice, to keep CI short.
#   scripts/test-postgres.sh [vitest options...]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d /tmp/convgrade-pg-XXXXXX)
trap 'bash scripts/postgres-cluster.sh stop "$dir"' EXIT
url=$(bash scripts/postgres-cluster.sh start "$dir")
mapfile -t files < <(grep -rl 'createTestDb(' test --include='*.test.ts' | sort)
echo "[test] database tests on PostgreSQL (${#files[@]} files)"
CONVGRADE_TEST_POSTGRES_URL="$url" npx vitest run "$@" "${files[@]}"
