#!/usr/bin/env bash
# Everything a fresh clone needs before the demo or the tests: npm packages, PostgreSQL and
# NATS running, generated code (gRPC types, Prisma client) and the database migrated.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "[setup] $*" >&2; }

# Runs a noisy command, showing its output only when it fails.
quiet() {
  local out
  if ! out=$("$@" 2>&1); then
    echo "$out" >&2
    log "failed: $*"
    return 1
  fi
}

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

bash scripts/services.sh

# Prisma's CLI needs the URL even to generate: without it, it falls back to downloading
# a query engine, which cannot work offline.
export DATABASE_URL=${DATABASE_URL:-postgresql://postgres:postgres@127.0.0.1:5432/hyperfleet}

log "generating gRPC types and the Prisma client"
quiet bash packages/proto/generate.sh
quiet npx prisma generate
node scripts/create-database.mjs "$DATABASE_URL"
quiet npx prisma migrate deploy
log "database ready"
