#!/usr/bin/env bash
# Run hls4ml 1.3.0 side by side with loom (see hls4ml_compare.py).
# Usage: bench/hls4ml_compare.sh [LOOM_BINARY [MODELS_DIR [extra args for hls4ml_compare.py]]]
# Creates .venv-hls4ml (hls4ml==1.3.0, onnx, qonnx, numpy; no tensorflow) if missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-hls4ml"
loom="${1:-$root/build/release/tools/loom/loom}"
models="${2:-$root/../shared/models}"
shift $(( $# < 2 ? $# : 2 ))

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import hls4ml, onnx, qonnx' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
    "$venv/bin/pip" install --quiet 'hls4ml==1.3.0' onnx qonnx numpy
fi
command -v g++ >/dev/null || { echo "hls4ml's compile() needs g++" >&2; exit 1; }

exec "$venv/bin/python" "$root/bench/hls4ml_compare.py" "$loom" "$models" "$@"
