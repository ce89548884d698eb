#!/usr/bin/env bash
# Installs what trialfinder needs to build, run and test, from Debian 12's
# packages. Needs root (or sudo). Safe to run again.
#   --bench  also the benchmark tools (wrk; PostgreSQL 15 and matplotlib for
#            bench/pg_compare.py and bench/scale.py)
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config python3 python3-yaml python3-jsonschema python3-requests
  libsqlite3-dev nlohmann-json3-dev libpugixml-dev libfmt-dev libspdlog-dev libcli11-dev
  libzip-dev libzstd-dev libxapian-dev libmicrohttpd-dev zlib1g-dev libkainjow-mustache-dev libsimdjson-dev
  libsodium-dev libgoogle-perftools-dev libpcre2-dev libcurl4-openssl-dev
  libhunspell-dev hunspell-en-us hunspell-en-med
  libgtest-dev libgmock-dev libbenchmark-dev clang-format
  chromium
)
# Browser tests run playwright-core on Node.js; keep a Node.js that is
# already installed (with its own npm), else take Debian's.
if ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi
if [ "${1:-}" = "--bench" ]; then
  packages+=(wrk postgresql python3-matplotlib)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
