#!/usr/bin/env bash
# Golden test of the HLS backend: `loom convert` of a fixture must equal, byte for byte, the
# project checked in under tests/golden/<name>/ (the kernel headers in firmware/loom/ are tested
# on their own and not stored here), its C-simulation must match the emulator, and the project
# must pass tests/e2e/hls_lint.py.
#   golden.sh LOOM FIXTURES_DIR GOLDEN_DIR NAME CONFIG FIXTURE [--update]
# NAME is the golden directory, FIXTURE the model (tests/fixtures/FIXTURE.onnx; "" for NAME),
# CONFIG a configuration file or "". With --update (scripts/update_golden.sh) the stored project
# is replaced instead.
set -euo pipefail
loom="$1"; fixtures="$2"; golden="$3"; name="$4"; config="${5:-}"; fixture="${6:-}"
update="${7:-}"
[ -z "$fixture" ] && fixture="$name"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
args=(convert "$fixtures/$fixture.onnx" --input "$fixtures/$fixture.input.npy" -o "$work/prj")
[ -n "$config" ] && args+=(--config "$config")
"$loom" "${args[@]}" > "$work/convert.log"
if [ "$update" = "--update" ]; then
  rm -rf "${golden:?}/$name"
  mkdir -p "$golden/$name"
  (cd "$work/prj" && tar cf - --exclude=./firmware/loom .) | (cd "$golden/$name" && tar xf -)
  echo "golden: updated $golden/$name"
  exit 0
fi
if ! diff -r --exclude=loom "$golden/$name" "$work/prj" > "$work/diff.txt"; then
  head -n 40 "$work/diff.txt"
  echo "golden: $name differs from tests/golden/$name (if intended: scripts/update_golden.sh)"
  exit 1
fi
"$loom" csim "$work/prj"
# The rules the HLS tools enforce (tests/e2e/hls_lint.py), on the project with its kernels.
python3 "$(dirname "${BASH_SOURCE[0]}")/../e2e/hls_lint.py" "$work/prj"
echo "golden: $name is byte-identical, its C-simulation matches and it passes hls_lint"
