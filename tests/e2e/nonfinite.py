#!/usr/bin/env python3
"""Non-finite inputs (NaN, -NaN, +inf, -inf): `loom predict` and `loom convert` say how many and
where, the testbench data stays parseable, and C-simulation still equals the emulator bit for
bit under a wrapping and a saturating input type, and (with a QAT model whose input feeds a Quant)
under the quantizer's own input type, there with values off every grid, on rounding ties and
beyond the quantizer's range. Usage: nonfinite.py LOOM MODEL X.npy [QAT_MODEL QAT_X.npy]"""
import os
import subprocess
import sys
import tempfile

import numpy as np

CONFIGS = {"wrap": "Model:\n  Precision: fixed<16,6>\n",
           "sat": "Model:\n  Precision: ap_fixed<16,6,AP_RND,AP_SAT>\n"}


def main():
    loom, model, x_path = sys.argv[1:4]
    cases = [(name, model, x_path, text) for name, text in CONFIGS.items()]
    if len(sys.argv) > 5:
        cases.append(("quantizer-typed", sys.argv[4], sys.argv[5], None))
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, m, xp, text in cases:
            failures += run_case(loom, tmp, name, m, xp, text)
    print(f"nonfinite: {failures} failure(s)")
    return 1 if failures else 0


def run_case(loom, tmp, name, model, x_path, text):
    x = np.load(x_path).astype(np.float32)[:4].copy()
    if text is None:  # off-grid values, ties on a 1/16 grid, values far outside any small range
        rng = np.random.default_rng(11)
        x = np.repeat(x, 16, axis=0)
        x[:] = rng.uniform(-12, 12, size=x.shape)
        ties = rng.random(size=x.shape) < 0.3
        x[ties] = (np.round(x[ties] * 16) + 0.5) / 16
    flat = x.reshape(x.shape[0], -1)
    flat[0, 3] = np.nan
    flat[1, 0] = np.inf
    flat[2, 5] = -np.inf
    flat[3, 1] = -np.float32(np.nan)  # sign bit set: saturates to the minimum under AP_SAT
    failures = 0
    xin = os.path.join(tmp, name + "_x.npy")
    np.save(xin, flat.reshape(x.shape))
    want = "holds 2 NaN and 2 infinite value(s), the first at sample 0, element 3"
    args = []
    if text is not None:
        cfg = os.path.join(tmp, name + ".yml")
        with open(cfg, "w") as f:
            f.write(text)
        args = ["--config", cfg]
    r = subprocess.run([loom, "predict", model, *args, "--input", xin,
                        "--output", os.path.join(tmp, "y.npy"), "--show-precision"],
                       capture_output=True, text=True)
    if r.returncode != 0 or want not in r.stderr:
        print(f"FAIL predict [{name}]: rc={r.returncode}\n{r.stderr}")
        failures += 1
    if text is None and "auto: the grid of quantizer" not in r.stdout + r.stderr:
        print(f"FAIL predict [{name}]: the input is not typed as its quantizer\n{r.stdout}")
        failures += 1
    prj = os.path.join(tmp, "prj_" + name)
    r = subprocess.run([loom, "convert", model, *args, "--input", xin, "-o", prj],
                       capture_output=True, text=True)
    if r.returncode != 0 or want not in r.stderr:
        print(f"FAIL convert [{name}]: rc={r.returncode}\n{r.stderr}")
        return failures + 1
    c = subprocess.run([loom, "csim", prj], capture_output=True, text=True)
    if c.returncode != 0 or "matches the emulator bit for bit" not in c.stdout:
        print(f"FAIL csim [{name}]:\n{c.stdout}{c.stderr}")
        failures += 1
    else:
        print(f"ok   {name}: {c.stdout.strip().splitlines()[-1]}")
    return failures


if __name__ == "__main__":
    sys.exit(main())
