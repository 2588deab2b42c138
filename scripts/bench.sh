#!/usr/bin/env bash
# The benchmarks: npm run bench -- <name|all> [--json] [--quick] [--flag=value ...]
#   quality, overhead: samplers in process (@hyperfleet/core), next to Optuna 3.1
#   pruning, bookkeeping, throughput, metrics, latency, scale: the real services on this
#   machine (PostgreSQL, NATS), each run in a database and NATS namespace of its own
# Setup runs first; every service benchmark clones a freshly migrated template database.
# See bench/README.md for what each one measures and the latest figures.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCHES=(quality overhead pruning bookkeeping throughput metrics latency scale)

usage() {
  echo "usage: npm run bench -- <${BENCHES[*]// /|}|all> [--json] [--quick] [--flag=value ...]" >&2
  exit 2
}

name=${1:-}
[ -n "$name" ] || usage
shift
if [ "$name" != all ] && [[ ! " ${BENCHES[*]} " =~ " $name " ]]; then
  echo "unknown benchmark: $name" >&2
  usage
fi

bash scripts/setup.sh

export HYPERFLEET_BENCH_TEMPLATE_URL=${HYPERFLEET_BENCH_TEMPLATE_URL:-postgresql://postgres:postgres@127.0.0.1:5432/hyperfleet_bench_template}
node scripts/create-database.mjs "$HYPERFLEET_BENCH_TEMPLATE_URL" --fresh
if ! out=$(DATABASE_URL=$HYPERFLEET_BENCH_TEMPLATE_URL npx prisma migrate deploy 2>&1); then
  echo "$out" >&2
  exit 1
fi

NODE=(node --conditions=development --import tsx)

run() {
  local bench=$1
  shift
  case $bench in
    quality | overhead)
      # In-process scripts with flags of their own; --quick maps onto smaller runs.
      local flags=()
      for arg in "$@"; do
        if [ "$arg" = --quick ]; then
          if [ "$bench" = quality ]; then flags+=(--seeds=5); else flags+=(--tpe=300 --gp=100); fi
        else
          flags+=("$arg")
        fi
      done
      "${NODE[@]}" "bench/$bench.ts" ${flags[@]+"${flags[@]}"}
      ;;
    *) "${NODE[@]}" bench/main.ts "$bench" "$@" ;;
  esac
}

if [ "$name" = all ]; then
  status=0
  for bench in "${BENCHES[@]}"; do
    echo "== $bench" >&2
    run "$bench" "$@" || status=1
  done
  exit $status
fi
run "$name" "$@"
