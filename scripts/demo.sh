#!/usr/bin/env bash
# Runs loom's main job on a bundled default. Until model conversion exists this is the
# fixed-point core: the version, the self-check, and a few values quantized into an ap_fixed type.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

./scripts/setup.sh
cmake --preset release > /dev/null
cmake --build --preset release --target loom -j "$(nproc)"
loom=build/release/tools/loom/loom

echo
"$loom" --version
"$loom" selfcheck
"$loom" quantize 'ap_fixed<16,6,AP_RND_CONV,AP_SAT>' 3.14159265 -40 0.0001 31.99999
echo
echo "demo: ok ($loom)"
