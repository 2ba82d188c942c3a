#!/usr/bin/env bash
# Installs what is missing, builds loom (release preset) and runs the whole CTest suite.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

./scripts/setup.sh
cmake --preset release
cmake --build --preset release -j "$(nproc)"
# loom built with AddressSanitizer + UBSan, for the random-graph test (random_graphs_asan).
if [ "${LOOM_SKIP_ASAN:-0}" != 1 ]; then
  cmake --preset asan > /dev/null
  cmake --build --preset asan -j "$(nproc)" --target loom
fi
ctest --preset release -j "$(nproc)" "$@"
