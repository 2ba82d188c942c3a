#!/usr/bin/env python3
"""scripts/vendor_check.sh without a vendor tool: a converted project with no report is refused
with the command to run; with a (synthetic) C-synthesis report beside it, the tool's numbers are
set beside loom's decisions and a disagreement is reported.

    vendor_check_test.py LOOM
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def main():
    loom = sys.argv[1]
    script = os.path.join(ROOT, "scripts", "vendor_check.sh")
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        prj = os.path.join(tmp, "prj")
        subprocess.run([loom, "convert", os.path.join(ROOT, "tests/fixtures/skip_model.onnx"),
                        "--config", os.path.join(ROOT, "tests/golden/resource.yml"), "-o", prj],
                       check=True, capture_output=True)
        env = dict(os.environ, PATH="/usr/bin:/bin")  # no vendor tool on this PATH
        r = subprocess.run(["bash", script, prj], capture_output=True, text=True, env=env)
        if r.returncode != 2 or "neither vitis_hls nor vivado_hls" not in r.stdout:
            failures.append(f"without a tool or report: exit {r.returncode}\n{r.stdout}{r.stderr}")
        report_dir = os.path.join(prj, "myproject_prj", "solution1", "syn", "report")
        os.makedirs(report_dir)
        shutil.copy(os.path.join(HERE, "vendor_check", "myproject_csynth.xml"), report_dir)
        r = subprocess.run(["bash", script, prj, "--no-synth"], capture_output=True, text=True,
                           env=env)
        print(r.stdout + r.stderr)
        want = ["interval (cycles)                  2           2",
                "DSP / multipliers                 96         200  DISAGREES: more DSPs than",
                "LUT                                -        8765",
                "vendor_check: 1 disagreement(s) between loom's lowering (dataflow, interval 2, "
                "96 multipliers)"]
        for w in want:
            if w not in r.stdout:
                failures.append(f"missing from the comparison: {w!r}")
        if r.returncode != 0:
            failures.append(f"with a report: exit {r.returncode}")
    for f in failures:
        print("FAIL " + f)
    print(f"vendor_check_test: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
