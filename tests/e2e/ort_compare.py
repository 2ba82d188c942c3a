#!/usr/bin/env python3
"""Compares `loom run` (the float engine) with ONNX Runtime on every ONNX model in the shared
models folder. A model loom cannot import is listed as unsupported (with loom's message); a model
ONNX Runtime cannot run (QONNX custom ops) is listed as skipped. Any numeric mismatch fails."""
import glob
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
import onnxruntime as ort

RTOL, ATOL = 1e-5, 1e-6


def main():
    loom, models_dir = sys.argv[1], sys.argv[2]
    if not os.path.isdir(models_dir):
        print(f"ort_compare: {models_dir} is absent; skipping (shared models not beside checkout)")
        return 77
    paths = sorted(glob.glob(os.path.join(models_dir, "onnx", "*.onnx")) +
                   glob.glob(os.path.join(models_dir, "qonnx", "**", "*.onnx"), recursive=True))
    passed = failed = skipped = unsupported = 0
    rng = np.random.default_rng(1234)
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            name = os.path.relpath(path, models_dir)
            model = onnx.load(path)
            inits = {i.name for i in model.graph.initializer}
            inputs = [i for i in model.graph.input if i.name not in inits]
            feeds, files = {}, []
            for k, inp in enumerate(inputs):
                dims = [d.dim_value if d.dim_value > 0 else 3 for d in inp.type.tensor_type.shape.dim]
                x = rng.standard_normal(dims).astype(np.float32)
                feeds[inp.name] = x
                f = os.path.join(tmp, f"in{k}.npy")
                np.save(f, x)
                files.append(f)
            try:
                opts = ort.SessionOptions()
                opts.log_severity_level = 3
                sess = ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])
                want = sess.run(None, feeds)
            except Exception as e:  # custom domains, old opsets ONNX Runtime refuses
                msg = str(e).splitlines()[0][:120]
                print(f"SKIP {name}: ONNX Runtime cannot run it ({msg})")
                skipped += 1
                continue
            outs = [os.path.join(tmp, f"out{k}.npy") for k in range(len(want))]
            cmd = [loom, "run", path] + sum([["--input", f] for f in files], []) + \
                  sum([["--output", f] for f in outs], [])
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode == 2:
                first = r.stderr.strip().splitlines()[0] if r.stderr.strip() else "?"
                print(f"UNSUPPORTED {name}: {first}")
                unsupported += 1
                continue
            if r.returncode != 0:
                print(f"FAIL {name}: loom exited with {r.returncode}: {r.stderr.strip()[:400]}")
                failed += 1
                continue
            ok = True
            for k, w in enumerate(want):
                got = np.load(outs[k])
                if got.shape != w.shape or not np.allclose(got, w, rtol=RTOL, atol=ATOL):
                    err = np.max(np.abs(got.astype(np.float64) - w)) if got.shape == w.shape else "shape"
                    print(f"FAIL {name}: output {k} differs from ONNX Runtime (max abs error {err})")
                    ok = False
            if ok:
                print(f"PASS {name}")
                passed += 1
            else:
                failed += 1
    print(f"{passed} passed, {failed} failed, {skipped + unsupported} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
