#!/usr/bin/env bash
# Quick start: everything needed, then the platform at http://localhost:3000.
# With NODE_ENV=production: no demo accounts, and the variables of the
# README's "Running in production" section are required.
set -euo pipefail
cd "$(dirname "$0")/.."
# Checked again (with the rest of the environment) by scripts/start.ts; here
# only so a production start fails at once, before installing and building.
if [ "${NODE_ENV:-}" = production ]; then
  secret="${NEXTAUTH_SECRET:-}"
  if [ "${#secret}" -lt 32 ]; then
    echo "[start] NODE_ENV=production: ConvGrade will not start without NEXTAUTH_SECRET (a random value of at least 32 characters, e.g. openssl rand -base64 32)." >&2
    exit 1
  fi
fi
bash scripts/prepare.sh
npx tsx prisma/seed.ts
exec npx tsx scripts/start.ts
