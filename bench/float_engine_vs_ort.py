#!/usr/bin/env python3
"""loom's float engine (`loom run`) against ONNX Runtime on one thread, on convolutional models.

usage: float_engine_vs_ort.py LOOM SHARED_MODELS_DIR [--samples N] [--dev-samples N] [--repeat R]

Models: a 64x64x3 CNN built here (three 3x3 convolutions 3->16->32->32 with ReLU, two 2x2 max
pools, global average pooling, a dense layer; written with the onnx package, seeded weights),
the float Keras exports onnx/conv2d_small_keras.onnx and onnx/conv1d_small_keras.onnx from
SHARED_MODELS_DIR, and the two large QONNX dev models there (onnx/branched_model_ch_last.onnx,
a 256x256 U-Net-shaped depthwise/pointwise network, and onnx/separable_conv_model_ch_last.onnx,
512x512) as float twins both tools can run (float_version below). Both tools are timed end to end on the same seeded input (loom: the whole
`loom run` command, process start and model load included, on one thread and on two; ONNX Runtime: session creation and
run, intra-op threads 1), best of R runs, and their outputs are compared.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper


def cnn64(path):
    rng = np.random.default_rng(0)
    nodes, inits = [], []
    x = "x"
    chans = [3, 16, 32, 32]
    for i in range(3):
        w = rng.normal(0, 0.2, (chans[i + 1], chans[i], 3, 3)).astype(np.float32)
        b = rng.normal(0, 0.1, chans[i + 1]).astype(np.float32)
        inits += [numpy_helper.from_array(w, f"w{i}"), numpy_helper.from_array(b, f"b{i}")]
        nodes.append(helper.make_node("Conv", [x, f"w{i}", f"b{i}"], [f"c{i}"], pads=[1, 1, 1, 1]))
        nodes.append(helper.make_node("Relu", [f"c{i}"], [f"r{i}"]))
        x = f"r{i}"
        if i < 2:
            nodes.append(helper.make_node("MaxPool", [x], [f"p{i}"], kernel_shape=[2, 2],
                                          strides=[2, 2]))
            x = f"p{i}"
    nodes.append(helper.make_node("GlobalAveragePool", [x], ["gap"]))
    nodes.append(helper.make_node("Flatten", ["gap"], ["flat"]))
    wd = rng.normal(0, 0.2, (32, 10)).astype(np.float32)
    inits.append(numpy_helper.from_array(wd, "wd"))
    nodes.append(helper.make_node("MatMul", ["flat", "wd"], ["y"]))
    g = helper.make_graph(nodes, "cnn64", [helper.make_tensor_value_info(
        "x", TensorProto.FLOAT, ["N", 3, 64, 64])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 10])], inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 7
    onnx.save(m, path)


def float_version(src, dst):
    """A QONNX model's float twin that ONNX Runtime can run: each Quant of a constant (weights,
    biases) folded into the constant with qonnx's own quantizer, each Quant of an activation
    replaced by an Identity, each QONNX channels-last op (Conv, MaxPool) as the standard op
    between two transposes, its weight reordered as QONNX's executor does. Both tools then run
    the same float graph: the model's convolutions with its quantized weights."""
    from qonnx.custom_op.general.quant import quant
    m = onnx.load(src)
    g = m.graph
    consts = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    nodes, extra = [], []
    for n in g.node:  # quantized constants first: channels-last convs reorder their weights
        if n.op_type == "Quant" and n.input[0] in consts:
            at = {a.name: helper.get_attribute_value(a) for a in n.attribute}
            x, scale, zero, bits = (consts[i] for i in n.input)
            consts[n.output[0]] = quant(x, scale, zero, bits, at.get("signed", 1),
                                        at.get("narrow", 0), "ROUND").astype(np.float32)
            extra.append(numpy_helper.from_array(consts[n.output[0]], n.output[0]))
    for n in g.node:
        if n.domain == "qonnx.custom_op.channels_last":  # channels-first op between transposes
            at = {a.name: helper.get_attribute_value(a) for a in n.attribute}
            rank = len(at["kernel_shape"]) + 2 if "kernel_shape" in at else 4
            if n.op_type == "Conv":  # weight [M, spatial..., C/group] -> [M, C/group, spatial...]
                w = consts[n.input[1]]
                rank = w.ndim
                extra.append(numpy_helper.from_array(np.ascontiguousarray(np.moveaxis(w, -1, 1)),
                                                     n.name + "_w_first"))
                n.input[1] = n.name + "_w_first"
            first, last = [0, rank - 1] + list(range(1, rank - 1)), [0] + list(range(2, rank)) + [1]
            t_in, t_out = n.name + "_to_first", n.name + "_first_out"
            nodes.append(helper.make_node("Transpose", [n.input[0]], [t_in], perm=first))
            y = n.output[0]
            n.input[0], n.output[0], n.domain = t_in, t_out, ""
            nodes += [n, helper.make_node("Transpose", [t_out], [y], perm=last)]
            continue
        if n.op_type != "Quant":
            nodes.append(n)
            continue
        x = n.input[0]
        if x in consts:  # folded above
            continue
        # An activation's Quant becomes an Identity: both tools run the same float convolutions
        # (loom has no ONNX Round to write the quantizer out with).
        nodes.append(helper.make_node("Identity", [x], [n.output[0]]))
    del g.node[:]
    g.node.extend(nodes)
    g.initializer.extend(extra)
    keep = [o for o in m.opset_import if o.domain in ("", "ai.onnx")]
    del m.opset_import[:]
    m.opset_import.extend(keep)
    onnx.save(m, dst)


def best(f, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t)
    return min(times), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("loom")
    ap.add_argument("shared")
    ap.add_argument("--samples", type=int, default=32)
    ap.add_argument("--dev-samples", type=int, default=4,
                    help="samples for the two large dev models (256x256 and 512x512 inputs)")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="loom_float_bench_")
    models = [("cnn64 (built here)", os.path.join(tmp, "cnn64.onnx"), a.samples)]
    cnn64(models[0][1])
    for name in ["conv2d_small_keras.onnx", "conv1d_small_keras.onnx"]:
        p = os.path.join(a.shared, "onnx", name)
        if os.path.exists(p):
            models.append((name, p, a.samples))
    for name in ["branched_model_ch_last.onnx", "separable_conv_model_ch_last.onnx"]:
        p = os.path.join(a.shared, "onnx", name)
        if os.path.exists(p):
            twin = os.path.join(tmp, "float_" + name)
            float_version(p, twin)
            models.append((name + " (float twin)", twin, a.dev_samples))
    print("| model | samples | multiplies/sample | ONNX Runtime (1 thread) | loom run --threads 1 | "
          "ratio | loom run (2 threads) | ratio | max abs diff |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, path, samples in models:
        m = onnx.load(path)
        dims = [d.dim_value for d in m.graph.input[0].type.tensor_type.shape.dim][1:]
        x = np.random.default_rng(1).normal(0, 1, [samples] + dims).astype(np.float32)
        xp = os.path.join(tmp, "x.npy")
        np.save(xp, x)
        opts = ort.SessionOptions()
        opts.log_severity_level = 3  # the float twins leave the Quant parameters unused
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1

        fixed_batch = m.graph.input[0].type.tensor_type.shape.dim[0].dim_value == 1

        def run_ort():
            s = ort.InferenceSession(path, opts, providers=["CPUExecutionProvider"])
            name = s.get_inputs()[0].name
            if fixed_batch:  # a model exported with batch 1: one call per sample
                return np.concatenate([s.run(None, {name: x[i:i + 1]})[0]
                                       for i in range(len(x))])
            return s.run(None, {name: x})[0]

        t_ort, y_ort = best(run_ort, a.repeat)
        yp = os.path.join(tmp, "y.npy")

        def run_loom(threads):
            subprocess.run([a.loom, "run", path, "--input", xp, "--output", yp, "--threads",
                            str(threads)], check=True, stdout=subprocess.DEVNULL)
            return np.load(yp)

        t_loom1, y_loom = best(lambda: run_loom(1), a.repeat)
        t_loom2, y_loom2 = best(lambda: run_loom(2), a.repeat)
        assert np.array_equal(y_loom, y_loom2), "loom run differs with the thread count"
        macs = subprocess.run([a.loom, "inspect", path], capture_output=True, text=True).stdout
        per = next((line.split(",")[2].strip().split()[0] for line in macs.splitlines()
                    if line.startswith("total:")), "?")
        diff = float(np.abs(y_loom.reshape(y_ort.shape) - y_ort).max())
        print(f"| {label} | {samples} | {per} | {t_ort:.3f} s | {t_loom1:.3f} s | "
              f"{t_loom1 / t_ort:.1f}x | {t_loom2:.3f} s | {t_loom2 / t_ort:.1f}x | {diff:.1e} |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
