#!/usr/bin/env bash
# loom csim's precompiled ap_types header: built once into the cache, used by the next run, and
# the C-simulation equals the emulator with and without it (LOOM_CSIM_PCH=0).
#   csim_pch.sh LOOM MODEL INPUT
set -euo pipefail
loom="$1"; model="$2"; input="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export LOOM_CACHE_DIR="$work/cache"
"$loom" convert "$model" --input "$input" -o "$work/prj" > /dev/null
"$loom" csim "$work/prj" | tail -n 1
ls "$work"/cache/csim-pch/*/loom_ap_types.h.gch > /dev/null || {
  echo "csim_pch: no precompiled header in $work/cache/csim-pch"; exit 1; }
before="$(stat -c %Y "$work"/cache/csim-pch/*/loom_ap_types.h.gch)"
"$loom" csim "$work/prj" | tail -n 1
after="$(stat -c %Y "$work"/cache/csim-pch/*/loom_ap_types.h.gch)"
[ "$before" = "$after" ] || { echo "csim_pch: the header was rebuilt on the second run"; exit 1; }
LOOM_CSIM_PCH=0 "$loom" csim "$work/prj" | tail -n 1
echo "csim_pch: ok"
