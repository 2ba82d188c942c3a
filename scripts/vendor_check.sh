#!/usr/bin/env bash
# For users with the vendor tool: C-synthesis of a loom project, then its report set beside what
# loom's lowering decided (scripts/vendor_check.py), so the first user with Vitis can tell us where
# loom's model of the tool is wrong.
#   scripts/vendor_check.sh PROJECT_DIR [--no-synth]
# Runs `vitis_hls` (or `vivado_hls`) -f build_prj.tcl "csim=0 synth=1" in PROJECT_DIR unless
# --no-synth is given or the report is already there; needs python3.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prj="${1:?usage: vendor_check.sh PROJECT_DIR [--no-synth]}"
mode="${2:-}"
if [ ! -f "$prj/loom_expected.json" ]; then
  echo "vendor_check: $prj has no loom_expected.json; is it a project written by loom convert?"
  exit 2
fi
name="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["project"])' \
  "$prj/loom_expected.json")"
report="$prj/${name}_prj/solution1/syn/report/${name}_csynth.xml"
if [ "$mode" != "--no-synth" ] && [ ! -f "$report" ]; then
  if command -v vitis_hls > /dev/null; then
    tool=vitis_hls
  elif command -v vivado_hls > /dev/null; then
    tool=vivado_hls
  else
    echo "vendor_check: neither vitis_hls nor vivado_hls is on PATH, and $report is missing;"
    echo "  source the Vitis settings64.sh, or copy a synthesized project here"
    exit 2
  fi
  (cd "$prj" && "$tool" -f build_prj.tcl "csim=0 synth=1 cosim=0 export=0")
fi
exec python3 "$here/vendor_check.py" "$prj"
