#!/usr/bin/env bash
# Builds the libFuzzer target with clang-14 and fuzzes the ONNX importer for SECONDS (default 600),
# seeded with the shared models. Crashes and leaks are written to build/fuzz/artifacts/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${1:-600}"
cmake --preset fuzz > /dev/null
cmake --build --preset fuzz
mkdir -p build/fuzz/corpus build/fuzz/artifacts
# The preset builds UBSan recoverable: make its reports fatal so that libFuzzer saves the input.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
seeds=()
for d in ../shared/models/onnx ../shared/models/qonnx; do [ -d "$d" ] && seeds+=("$d"); done
build/fuzz/tests/fuzz/onnx_import_fuzz build/fuzz/corpus "${seeds[@]}" \
  -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=262144 \
  -artifact_prefix=build/fuzz/artifacts/ -print_final_stats=1
