#!/usr/bin/env bash
# Fails when a tracked C++ file differs from what clang-format (.clang-format,
# Debian 12's clang-format 14) would write, naming each file. Fix with:
#   git ls-files '*.cc' '*.h' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cc' '*.h' 2>/dev/null || find src include bench fuzz tests -name '*.cc' -o -name '*.h')
unformatted=()
for file in "${files[@]}"; do
  [ -f "$file" ] || continue
  clang-format --dry-run --Werror "$file" >/dev/null 2>&1 || unformatted+=("$file")
done
if [ ${#unformatted[@]} -gt 0 ]; then
  printf 'not clang-formatted: %s\n' "${unformatted[@]}"
  exit 1
fi
echo "format: ${#files[@]} files as clang-format writes them"
