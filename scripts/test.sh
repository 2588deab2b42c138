#!/usr/bin/env bash
# The whole test suite: type-check, then every unit and integration test in one run of
# node's test runner (real PostgreSQL and NATS; see scripts/services.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh

# Integration tests clone this migrated template into a database of their own.
export HYPERFLEET_TEST_DATABASE_URL=${HYPERFLEET_TEST_DATABASE_URL:-postgresql://postgres:postgres@127.0.0.1:5432/hyperfleet_test_template}
node scripts/create-database.mjs "$HYPERFLEET_TEST_DATABASE_URL" --fresh
if ! out=$(DATABASE_URL=$HYPERFLEET_TEST_DATABASE_URL npx prisma migrate deploy 2>&1); then
  echo "$out" >&2
  exit 1
fi

echo "[test] type-checking" >&2
npx tsc -p tsconfig.json

echo "[test] running tests" >&2
bash scripts/node-test.sh packages services test "$@"
