#!/usr/bin/env bash
# Installs everything loom needs on a fresh Debian 12 machine: system packages and the test venv.
# Idempotent: a second run checks what is present and returns in seconds.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

apt_packages=(
  build-essential g++ cmake ninja-build pkg-config git
  clang-14 libclang-rt-14-dev clang-format clang-tidy
  libgtest-dev libgmock-dev libbenchmark-dev
  libprotobuf-dev protobuf-compiler libonnx-dev
  libhdf5-dev libzip-dev nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libfmt-dev
  python3 python3-venv python3-pip tcl
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi

missing=()
for p in "${apt_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
fi

# Test-only Python tools. hls4ml is installed only as the source of Xilinx's ap_types headers;
# loom never imports it.
venv="$root/.venv"
py_requirements="$root/scripts/requirements-test.txt"
stamp="$venv/.loom-requirements"
# Debian's interpreter is preferred so the venv does not depend on a user-local Python.
python=/usr/bin/python3
[ -x "$python" ] || python="$(command -v python3)"
if [ ! -x "$venv/bin/python" ]; then
  echo "setup: creating $venv"
  "$python" -m venv "$venv"
fi
if [ ! -f "$stamp" ] || ! cmp -s "$stamp" "$py_requirements"; then
  echo "setup: installing Python test tools from $py_requirements"
  "$venv/bin/pip" install -q --upgrade pip
  # hls4ml only provides headers: skip its (large) dependency tree.
  "$venv/bin/pip" install -q --no-deps "$(grep -E '^hls4ml' "$py_requirements")"
  grep -vE '^(hls4ml|#|$)' "$py_requirements" > "$venv/.loom-deps" || true
  if [ -s "$venv/.loom-deps" ]; then
    "$venv/bin/pip" install -q -r "$venv/.loom-deps"
  fi
  cp "$py_requirements" "$stamp"
fi

ap_types="$("$venv/bin/python" - <<'PY'
import importlib.util, pathlib
spec = importlib.util.find_spec("hls4ml")
print(pathlib.Path(spec.origin).parent / "templates" / "vivado" / "ap_types")
PY
)"
if [ ! -f "$ap_types/ap_fixed.h" ]; then
  echo "setup: error: ap_types headers not found at $ap_types (hls4ml wheel layout changed?)" >&2
  exit 1
fi
echo "setup: ok (ap_types at $ap_types)"
