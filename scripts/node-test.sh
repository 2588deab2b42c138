#!/usr/bin/env bash
# Runs node's test runner over every *.test.ts file under the given folders.
# Node 20's runner takes no glob patterns, so the files are listed here.
set -euo pipefail
files=$(find "$@" -name '*.test.ts' -not -path '*/node_modules/*' | sort)
if [ -z "$files" ]; then
  echo "no test files under: $*" >&2
  exit 1
fi
# shellcheck disable=SC2086
exec node --conditions=development --import tsx --test --test-concurrency=1 $files
