#!/usr/bin/env bash
# Installs everything Postwerk needs on a fresh Debian machine with Node.js 20:
# Debian packages (Chromium for browser tests, Dovecot for the test mail stack, openssl),
# pnpm, the workspace's npm packages, and the generated Prisma client.
# PostgreSQL and Redis are expected to run already (see README for docker compose).
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9
APT_PACKAGES=(chromium dovecot-core dovecot-pop3d openssl)

missing=()
for package in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v pnpm >/dev/null || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  echo "installing pnpm $PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null
fi

export NEXT_TELEMETRY_DISABLED=1
pnpm install --frozen-lockfile
pnpm db:generate
