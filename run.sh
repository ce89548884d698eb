#!/usr/bin/env bash
# One command to see trialfinder work on a fresh Debian 12 machine: install
# the Debian packages, build, ingest the bundled sample into ./var/db and
# show what is in it.
# Usage: ./run.sh
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" --target trialfinder
db=var/db
build/trialfinder ingest --db "$db" data/sample/studies.jsonl data/sample/seed-studies data/sample/xml
build/trialfinder stats --db "$db"
build/trialfinder show --db "$db" NCT07038447
