#!/usr/bin/env python3
"""With wide types (fixed<48,24> everywhere, 2^20-entry tables) `loom predict` (the bit-exact
emulator) must agree with `loom run` (the float reference engine) within 1e-4 on the dev models:
the project's fixtures and, when ../shared/models is present, the float ONNX models there."""
import os
import subprocess
import sys
import tempfile

import numpy as np

TOL = 1e-4
SHARED = ["onnx/three_layer_keras.onnx", "onnx/two_layer_keras.onnx",
          "onnx/conv1d_small_keras.onnx", "onnx/conv2d_small_keras.onnx",
          "qonnx/qkeras_jettagging.onnx", "qonnx/mnist-conv/model.onnx"]


def input_shape(loom, model):
    out = subprocess.run([loom, "inspect", model], capture_output=True, text=True, check=True)
    return None if out.returncode else out.stdout


def main():
    loom, source_dir, models_dir, config = sys.argv[1:5]
    fixtures = os.path.join(source_dir, "tests", "fixtures")
    cases = [(os.path.join(fixtures, f + ".onnx"), os.path.join(fixtures, f + ".input.npy"))
             for f in ("jet_mlp", "small_cnn", "skip_model", "brevitas_qonnx_mlp")]
    if os.path.isdir(models_dir):
        cases += [(os.path.join(models_dir, m), None) for m in SHARED
                  if os.path.exists(os.path.join(models_dir, m))]
    else:
        print(f"emulator_vs_float: {models_dir} is absent; checking the project's fixtures only")
    failures = 0
    rng = np.random.default_rng(5)
    with tempfile.TemporaryDirectory() as tmp:
        for model, x_path in cases:
            if x_path is None:
                # Shape from the fixture-free route: ask loom for the input shape via a dry run.
                import onnx
                g = onnx.load(model).graph
                init = {i.name for i in g.initializer}
                inp = [i for i in g.input if i.name not in init][0]
                dims = [d.dim_value for d in inp.type.tensor_type.shape.dim][1:]
                x = rng.normal(0, 1, size=[16] + dims).astype(np.float32)
                x_path = os.path.join(tmp, "x.npy")
                np.save(x_path, x)
            ref = os.path.join(tmp, "ref.npy")
            emu = os.path.join(tmp, "emu.npy")
            r1 = subprocess.run([loom, "run", model, "--input", x_path, "--output", ref],
                                capture_output=True, text=True)
            r2 = subprocess.run([loom, "predict", model, "--config", config, "--input", x_path,
                                 "--output", emu], capture_output=True, text=True)
            name = os.path.basename(model)
            if r1.returncode or r2.returncode:
                print(f"FAIL {name}: loom run/predict failed:\n{r1.stderr}{r2.stderr}")
                failures += 1
                continue
            a, b = np.load(ref).astype(np.float64), np.load(emu)
            err = float(np.max(np.abs(a - b)))
            status = "ok  " if err <= TOL else "FAIL"
            failures += err > TOL
            print(f"{status} {name}: {a.size} outputs, max abs difference {err:.3g} (limit {TOL:g})")
    print(f"emulator_vs_float: {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
