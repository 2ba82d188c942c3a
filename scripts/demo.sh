#!/usr/bin/env bash
# Runs loom's main job on a bundled model (tests/fixtures/jet_mlp.onnx, the 16-64-32-32-5
# jet-tagging MLP): a starting configuration, bit-exact emulation of the firmware with the
# per-layer overflow table, the Vitis/Vivado HLS project, and its C-simulation (g++ with Xilinx's
# ap_types headers) compared with the emulator bit for bit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

./scripts/setup.sh
cmake --preset release > /dev/null
cmake --build --preset release --target loom -j "$(nproc)"
loom=build/release/tools/loom/loom
model=tests/fixtures/jet_mlp.onnx
out=out/demo
mkdir -p "$out"

echo
"$loom" --version
echo
echo "== loom config: every layer's types as loom chooses them (written to $out/jet_mlp.yml)"
"$loom" config "$model" --granularity name -o "$out/jet_mlp.yml"
head -n 20 "$out/jet_mlp.yml"
echo "..."
echo
echo "== loom predict with that configuration, tracing every layer to $out/trace"
"$loom" predict "$model" --config "$out/jet_mlp.yml" --input tests/fixtures/jet_mlp.input.npy \
  --output "$out/y.npy" --trace "$out/trace"
echo
echo "== hls4ml's default, ap_fixed<16,6> for every type, on 200,000 samples"
printf 'Model:\n  Precision: ap_fixed<16,6>\n' > "$out/hls4ml_default.yml"
.venv/bin/python -c "import numpy as np; np.save('$out/x200k.npy', np.random.default_rng(0).normal(0, 4, (200000, 16)).astype(np.float32))"
"$loom" predict "$model" --config "$out/hls4ml_default.yml" --input "$out/x200k.npy" \
  --output "$out/y200k.npy" --float32
echo
echo "== loom convert: the HLS project (io_parallel, Latency) with the emulator's test vectors"
"$loom" convert "$model" --config "$out/jet_mlp.yml" --input tests/fixtures/jet_mlp.input.npy \
  -o "$out/jet_mlp_prj"
echo
echo "== loom csim: compile the project with g++ and ap_types, run its testbench"
"$loom" csim "$out/jet_mlp_prj"
echo
echo "demo: ok (project in $out/jet_mlp_prj; build it with: cd $out/jet_mlp_prj && vitis_hls -f build_prj.tcl)"
