#!/usr/bin/env bash
# The whole test suite, as CI runs it: system packages (incl. Chromium for the
# browser tests), npm packages, migrations, a production build, type check,
# unit + integration tests, the database tests again on PostgreSQL, then
# browser tests against the built app.
set -euo pipefail
cd "$(dirname "$0")/.."
# The test setup starts its own redis-server even when REDIS_URL is set.
# PostgreSQL too: the multi-node test and the database tests' second pass start throwaway clusters.
export CONVGRADE_NEED_BROWSER=1 CONVGRADE_NEED_REDIS=1 CONVGRADE_NEED_POSTGRES=1 NEXT_TELEMETRY_DISABLED=1
# System packages first, so the facts a failure depends on are printed before anything else runs.
bash scripts/system-deps.sh
bash scripts/lib/print-facts.sh
bash scripts/prepare.sh

echo "[test] type check"
npx tsc --noEmit -p .

mkdir -p test-results
status=0
echo "[test] unit and integration tests"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/unit.json || status=$?
bash scripts/test-postgres.sh --reporter=default --reporter=json --outputFile.json=test-results/postgres.json || status=$?
echo "[test] browser tests (Chromium)"
npx vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json=test-results/e2e.json || status=$?
node scripts/lib/sum-results.mjs test-results/unit.json test-results/postgres.json test-results/e2e.json
exit $status
