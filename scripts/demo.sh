#!/usr/bin/env bash
# Installs everything, then starts the demo: API, worker, portal, the local Microsoft
# identity stand-in and the test mail stack, on the seeded tenant `bau-firma`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec pnpm exec tsx scripts/demo.ts "$@"
