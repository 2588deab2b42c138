#!/usr/bin/env bash
# Everything a fresh clone needs before the demo or the tests: npm packages, PostgreSQL and
# NATS running, generated code (gRPC types, Prisma client) and the database migrated.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "[setup] $*" >&2; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

bash scripts/services.sh

# Prisma's CLI needs the URL even to generate: without it, it falls back to downloading
# a query engine, which cannot work offline.
export DATABASE_URL=${DATABASE_URL:-postgresql://postgres:postgres@127.0.0.1:5432/hyperfleet}

log "generating gRPC types and the Prisma client"
bash packages/proto/generate.sh
npx prisma generate >/dev/null
node scripts/create-database.mjs "$DATABASE_URL"
npx prisma migrate deploy >/dev/null
log "database ready"
