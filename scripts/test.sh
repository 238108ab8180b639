#!/usr/bin/env bash
# Installs everything, then runs every test suite: unit and integration tests against the
# real PostgreSQL and Redis, and the browser tests against the whole stack.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec pnpm exec tsx scripts/run-tests.ts "$@"
