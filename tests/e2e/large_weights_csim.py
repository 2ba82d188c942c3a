#!/usr/bin/env python3
"""A project with large weight arrays C-simulates (and stays synthesizable).

usage: large_weights_csim.py LOOM

Builds a 400 -> 400 -> 400 -> 10 MLP (ReLU; 324,410 parameters, seeded) with the onnx package,
converts it with the Resource strategy (ReuseFactor 40), checks that every weight array of at
least 4096 values is written both ways (ap_fixed literals under __SYNTHESIS__, raw integers for
C-simulation) and lints clean, then C-simulates it: equal to the emulator bit for bit. Before
the raw-integer form, g++ needed over 24 GB for a 1M-parameter project.
Prints "large_weights_csim: 0 failures" on success.
"""
import os
import re
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    loom = sys.argv[1]
    failures = []
    tmp = tempfile.mkdtemp(prefix="loom_large_weights_")
    rng = np.random.default_rng(5)
    dims = [400, 400, 400, 10]
    nodes, inits, x = [], [], "x"
    for i in range(3):
        w = rng.normal(0, 0.05, (dims[i], dims[i + 1])).astype(np.float32)
        b = rng.normal(0, 0.05, dims[i + 1]).astype(np.float32)
        inits += [numpy_helper.from_array(w, f"W{i}"), numpy_helper.from_array(b, f"B{i}")]
        nodes.append(helper.make_node("Gemm", [x, f"W{i}", f"B{i}"], [f"g{i}"], name=f"fc{i}"))
        x = f"g{i}"
        if i < 2:
            nodes.append(helper.make_node("Relu", [x], [f"r{i}"], name=f"relu{i}"))
            x = f"r{i}"
    g = helper.make_graph(nodes, "mlp", [helper.make_tensor_value_info(
        "x", TensorProto.FLOAT, ["N", dims[0]])], [helper.make_tensor_value_info(
            x, TensorProto.FLOAT, ["N", dims[-1]])], inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 7
    model = os.path.join(tmp, "mlp.onnx")
    onnx.save(m, model)
    cfg = os.path.join(tmp, "cfg.yml")
    with open(cfg, "w") as f:
        f.write("Model:\n  Precision: fixed<16,6>\n  Strategy: Resource\n  ReuseFactor: 40\n")
    prj = os.path.join(tmp, "prj")
    r = subprocess.run([loom, "convert", model, "--config", cfg, "-o", prj],
                       capture_output=True, text=True)
    if r.returncode != 0:
        failures.append(f"convert: exit {r.returncode}\n{r.stdout}{r.stderr}")
    else:
        dual = 0
        for name in sorted(os.listdir(os.path.join(prj, "firmware", "weights"))):
            text = open(os.path.join(prj, "firmware", "weights", name)).read()
            for arr, n in re.findall(r"static const \S+ (\w+)\[(\d+)\] = \{", text):
                if int(n) < 4096 or arr.endswith("_raw"):
                    continue
                ok = (f"static const long long {arr}_raw[{n}]" in text and
                      text.index("#ifdef __SYNTHESIS__") < text.index(f" {arr}[{n}] = {{"))
                dual += ok
                if not ok:
                    failures.append(f"{name}: {arr}[{n}] is not written both ways")
        if dual < 3:
            failures.append(f"only {dual} large arrays written both ways (expected 3 or more)")
        lint = subprocess.run([sys.executable, os.path.join(HERE, "hls_lint.py"), prj],
                              capture_output=True, text=True)
        if lint.returncode != 0:
            failures.append(f"hls_lint:\n{lint.stdout}{lint.stderr}")
        r = subprocess.run([loom, "csim", prj], capture_output=True, text=True)
        if r.returncode != 0 or "bit for bit" not in r.stdout:
            failures.append(f"csim: exit {r.returncode}\n{r.stdout}{r.stderr}")
        else:
            print(r.stdout.strip().splitlines()[-1])
    for f in failures:
        print("FAIL:", f)
    print(f"large_weights_csim: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
