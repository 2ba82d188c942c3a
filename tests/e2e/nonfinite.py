#!/usr/bin/env python3
"""Non-finite inputs (NaN, -NaN, +inf, -inf): `loom predict` and `loom convert` say how many and
where, the testbench data stays parseable, and C-simulation still equals the emulator bit for
bit under a wrapping and a saturating input type. Usage: nonfinite.py LOOM MODEL X.npy"""
import os
import subprocess
import sys
import tempfile

import numpy as np

CONFIGS = {"wrap": "Model:\n  Precision: fixed<16,6>\n",
           "sat": "Model:\n  Precision: ap_fixed<16,6,AP_RND,AP_SAT>\n"}


def main():
    loom, model, x_path = sys.argv[1:4]
    x = np.load(x_path).astype(np.float32)[:4].copy()
    flat = x.reshape(x.shape[0], -1)
    flat[0, 3] = np.nan
    flat[1, 0] = np.inf
    flat[2, 5] = -np.inf
    flat[3, 1] = -np.float32(np.nan)  # sign bit set: saturates to the minimum under AP_SAT
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        xin = os.path.join(tmp, "x.npy")
        np.save(xin, flat.reshape(x.shape))
        want = "holds 2 NaN and 2 infinite value(s), the first at sample 0, element 3"
        for name, text in CONFIGS.items():
            cfg = os.path.join(tmp, name + ".yml")
            with open(cfg, "w") as f:
                f.write(text)
            r = subprocess.run([loom, "predict", model, "--config", cfg, "--input", xin,
                                "--output", os.path.join(tmp, "y.npy")],
                               capture_output=True, text=True)
            if r.returncode != 0 or want not in r.stderr:
                print(f"FAIL predict [{name}]: rc={r.returncode}\n{r.stderr}")
                failures += 1
            prj = os.path.join(tmp, "prj_" + name)
            r = subprocess.run([loom, "convert", model, "--config", cfg, "--input", xin, "-o", prj],
                               capture_output=True, text=True)
            if r.returncode != 0 or want not in r.stderr:
                print(f"FAIL convert [{name}]: rc={r.returncode}\n{r.stderr}")
                failures += 1
                continue
            c = subprocess.run([loom, "csim", prj], capture_output=True, text=True)
            if c.returncode != 0 or "matches the emulator bit for bit" not in c.stdout:
                print(f"FAIL csim [{name}]:\n{c.stdout}{c.stderr}")
                failures += 1
            else:
                print(f"ok   {name}: {c.stdout.strip().splitlines()[-1]}")
    print(f"nonfinite: {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
