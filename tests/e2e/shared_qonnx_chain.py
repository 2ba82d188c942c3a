#!/usr/bin/env python3
"""The QONNX models in ../shared/models/qonnx that csim_dev_models does not cover, through the
whole chain (chain.check_model: inspect, run against the stored reference, predict, convert,
csim bit for bit against predict):

  unsw_nb15-mlp-w2a2.onnx       2-bit Brevitas MLP, default configuration (types from its
                                quantizers), on 64 seeded samples; its sign output flips between
                                float and fixed point near zero, so predict is not compared with
                                run here (qonnx_compare checks it against QONNX's executor)
  mnist-conv/model.onnx         float CNN (CNTK export: bias-free Conv + Add), wide types, io_stream
                                threaded, on its stored input (run within 1e-4 of the stored
                                output)
  floatquant_exec/...fp8.onnx   FP8 FloatQuant model, default configuration, stored input/output

usage: shared_qonnx_chain.py LOOM SHARED_MODELS_DIR
Prints "shared_qonnx_chain: 0 failures" on success; exit 77 when the folder is absent.
"""
import math
import os
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chain  # noqa: E402


def main():
    loom, shared = sys.argv[1], sys.argv[2]
    q = os.path.join(shared, "qonnx")
    if not os.path.isdir(q):
        print(f"shared_qonnx_chain: {q} is absent; skipping")
        return 77
    tmp = tempfile.mkdtemp(prefix="loom_shared_qonnx_")
    failures = []

    def npy(name, array):
        path = os.path.join(tmp, name)
        np.save(path, np.asarray(array, dtype=np.float32))
        return path

    x = np.random.default_rng(3).normal(0, 1, (64, 600))
    cases = [("unsw_nb15-mlp-w2a2.onnx", [npy("unsw_x.npy", x)], None, "", math.inf, False)]
    mnist = os.path.join(q, "mnist-conv")
    tensor = onnx.TensorProto()
    with open(os.path.join(mnist, "test_data_set_0", "input_0.pb"), "rb") as f:
        tensor.ParseFromString(f.read())
    mx = numpy_helper.to_array(tensor)
    with open(os.path.join(mnist, "test_data_set_0", "output_0.pb"), "rb") as f:
        tensor.ParseFromString(f.read())
    my = numpy_helper.to_array(tensor)
    cases.append(("mnist-conv/model.onnx", [npy("mnist_x.npy", mx)], [npy("mnist_y.npy", my)],
                  chain.WIDE_CONFIG + "IOType: io_stream\n", None, True))
    fq = os.path.join(q, "floatquant_exec", "test_data")
    cases.append(("floatquant_exec/qonnx_act_weight_fp8.onnx",
                  [npy("fq_x.npy", np.load(os.path.join(fq, "input.npy")))],
                  [npy("fq_y.npy", np.load(os.path.join(fq, "output.npy")))], "", None, False))
    for model, inputs, refs, config, tol, threaded in cases:
        stats = {}
        f = chain.check_model(loom, os.path.join(q, model), inputs, refs,
                              workdir=os.path.join(tmp, model.replace("/", "_")), csim=True,
                              config_text=config, run_tol=1e-4, predict_tol=tol, stats=stats,
                              threaded=threaded)
        failures += f
        print(f"{model}: run {stats.get('run_err', float('nan')):.1e} vs reference, predict "
              f"{stats.get('predict_err', float('nan')):.1e} vs run, csim "
              f"{'bit-exact' if not f else 'FAILED'}")
    for f in failures:
        print("FAIL:", f)
    print(f"shared_qonnx_chain: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
