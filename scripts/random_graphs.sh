#!/usr/bin/env bash
# Builds random valid ONNX networks from a seed and checks each through loom's whole chain.
# Usage: scripts/random_graphs.sh --seed N --count K [--start I] [--csim K2] [--loom PATH]
#        [--keep DIR] [--list]
# Graphs I..I+K-1 are checked; those with index < K2 are also converted and C-simulated; failing
# graphs are saved to DIR. Replay one graph with: --seed N --csim K2 --count 1 --start I.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$root/.venv/bin/python" "$root/scripts/random_graphs.py" "$@"
