#!/usr/bin/env bash
# Regenerates the golden HLS projects in tests/golden/ from the current code (review the diff
# before committing it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cmake --preset release > /dev/null
cmake --build --preset release --target loom
while read -r name config fixture; do
  [ -z "$name" ] && continue
  tests/golden/golden.sh build/release/tools/loom/loom tests/fixtures tests/golden "$name" \
    "${config:+tests/golden/$config}" "${fixture:-$name}" --update
done < tests/golden/models.txt
