#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 and fuzzes one for SECONDS (default 600): TARGET is
# onnx (the ONNX importer, seeded with the shared models; the default) or config (the
# configuration reader, seeded with the project's and hls4ml's configuration files) or keras (the
# Keras reader's JSON side, seeded with the shared and fixture Keras models, with KERAS_3layer's
# weights so that layers with weights are translated too).
# Crashes and leaks are written to build/fuzz/artifacts/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${1:-600}"
target="${2:-onnx}"
cmake --preset fuzz > /dev/null
cmake --build --preset fuzz
mkdir -p build/fuzz/corpus build/fuzz/artifacts
# The preset builds UBSan recoverable: make its reports fatal so that libFuzzer saves the input.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
if [ "$target" = config ]; then
  mkdir -p build/fuzz/config_corpus
  seeds=(tests/e2e/configs tests/fuzz/config_corpus)
  [ -d ../shared/models/config-files ] && seeds+=(../shared/models/config-files)
  exec build/fuzz/tests/fuzz/config_fuzz build/fuzz/config_corpus "${seeds[@]}" \
    -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=8192 \
    -artifact_prefix=build/fuzz/artifacts/ -print_final_stats=1
fi
if [ "$target" = keras ]; then
  mkdir -p build/fuzz/keras_corpus
  seeds=(tests/fixtures/keras)
  for d in ../shared/models/keras ../shared/models/keras-layers; do [ -d "$d" ] && seeds+=("$d"); done
  w=../shared/models/keras/KERAS_3layer_weights.h5
  [ -f "$w" ] && export LOOM_FUZZ_KERAS_WEIGHTS="$PWD/$w"
  exec build/fuzz/tests/fuzz/keras_json_fuzz build/fuzz/keras_corpus "${seeds[@]}" \
    -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=65536 \
    -artifact_prefix=build/fuzz/artifacts/ -print_final_stats=1
fi
seeds=()
for d in ../shared/models/onnx ../shared/models/qonnx; do [ -d "$d" ] && seeds+=("$d"); done
build/fuzz/tests/fuzz/onnx_import_fuzz build/fuzz/corpus "${seeds[@]}" \
  -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=262144 \
  -artifact_prefix=build/fuzz/artifacts/ -print_final_stats=1
