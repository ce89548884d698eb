#!/usr/bin/env bash
# One command to see trialfinder work on a fresh Debian 12 machine: install
# the Debian packages, build, ingest the bundled sample into ./var/db, show
# what is in it and serve the pages and API on http://127.0.0.1:8080/ (Ctrl-C stops).
# Usage: ./run.sh            (PORT=9000 ./run.sh for another port)
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" --target trialfinder
db=var/db
build/trialfinder ingest --db "$db" data/sample/studies.jsonl data/sample/seed-studies data/sample/xml
build/trialfinder stats --db "$db"
build/trialfinder show --db "$db" NCT07038447
echo
echo "Open http://127.0.0.1:${PORT:-8080}/ in a browser, or try: curl 'http://127.0.0.1:${PORT:-8080}/api/v2/studies?query.cond=lupus&fields=NCTId,BriefTitle'"
exec build/trialfinder serve --db "$db" --port "${PORT:-8080}"
