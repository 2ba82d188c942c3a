#!/usr/bin/env bash
# Regenerates docs/support-matrix.md from a fresh run of the ONNX conformance tests and the zoo.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cmake --preset release > /dev/null
cmake --build --preset release --target onnx_conformance onnx_conformance_csim
.venv/bin/python tests/conformance/ort_reference.py ../shared/models/onnx-node \
  build/release/onnx_node_ort
build/release/tests/conformance/onnx_conformance ../shared/models/onnx-node \
  build/release/onnx_node_conformance.jsonl build/release/onnx_node_ort || true
build/release/tests/conformance/onnx_conformance_csim ../shared/models/onnx-node \
  build/release/onnx_node_conformance.jsonl build/release/onnx_node_csim.jsonl \
  build/release/onnx_node_ort || true
.venv/bin/python tests/e2e/zoo_chain.py build/release/tools/loom/loom tests/zoo --csim none \
  --results build/release/zoo_chain.json > /dev/null || true
.venv/bin/python tests/e2e/zoo_chain.py build/release/tools/loom/loom tests/zoo --csim 40 \
  --results build/release/zoo_csim.json > /dev/null || true
python3 scripts/support_matrix.py build/release/onnx_node_conformance.jsonl \
  build/release/onnx_node_csim.jsonl docs/support-matrix.md build/release/zoo_chain.json \
  build/release/zoo_csim.json
echo "wrote docs/support-matrix.md"
