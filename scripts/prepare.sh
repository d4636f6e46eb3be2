#!/usr/bin/env bash
# Shared by start and test: system packages, npm packages, Prisma client,
# migrations, and a production build of the web app when sources changed.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/system-deps.sh

if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[prepare] installing npm packages (the first time compiles better-sqlite3: a few minutes)"
  # --include=dev: with NODE_ENV=production npm would leave out what next build needs (typescript, types).
  npm install --include=dev --no-audit --no-fund --loglevel=error
fi

# The sandbox's launcher, a small C program (worker/sandbox/box-launch.c).
bash scripts/build-box-launch.sh

# Two clients: SQLite (the default) and PostgreSQL (DATABASE_URL=postgresql://...).
npx prisma generate >/dev/null
npx prisma generate --schema prisma/postgres/schema.prisma >/dev/null
mkdir -p "${DATA_DIR:-data}"
npx prisma migrate deploy >/dev/null
echo "[prepare] database migrated"

# The numeric exercises the web app bundles, listed from the exercise folders (lib/exercises/index-file.ts).
npx tsx scripts/exercise-index.ts

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  # lib/generated is left out: prisma generate above rewrites it on every run, which would
  # rebuild every start; the schemas it comes from stand in for it.
  if [ ! -f .next/BUILD_ID ] || [ -n "$(find app lib exercises i18n messages next.config.js proxy.ts package-lock.json prisma/schema.prisma prisma/postgres/schema.prisma -path lib/generated -prune -o -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]; then
    echo "[prepare] building the web app"
    npx next build >/tmp/convgrade-build.log 2>&1 || { tail -50 /tmp/convgrade-build.log; exit 1; }
  fi
fi
