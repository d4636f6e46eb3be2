#!/usr/bin/env bash
# Quick start: everything needed, then the platform at http://localhost:3000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/prepare.sh
npx tsx prisma/seed.ts
exec npx tsx scripts/start.ts
