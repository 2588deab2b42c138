#!/usr/bin/env bash
# The demo sweep end to end: setup, then examples/demo.ts (pass --json for a JSON summary).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node --conditions=development --import tsx examples/demo.ts "$@"
