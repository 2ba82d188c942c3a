#!/usr/bin/env python3
"""`loom predict` (the bit-exact emulator, no configuration: precision comes from the model's
quantizers) against QONNX's own executor, value by value.

For each model, samples are drawn on the grid of loom's input type (fixed<16,6>, so that the
firmware's input conversion loses nothing), as +-1 for models whose input is bipolar, or as any
floats for models whose input feeds only a power-of-two Quant: there loom gives the input the
quantizer's own type (rounding and saturating as it does), so the input conversion is the quantizer
and its trace must equal QONNX's output of that Quant bit for bit. QONNX
runs sample by sample with its full execution context; every loom trace value whose name is also
a QONNX tensor is compared. Quantizer outputs (Quant, BipolarQuant, Trunc) must agree bit for
bit, and every other value must agree exactly or, where the model has unquantized float
parameters (a float bias; loom stores it in 16 bits), within 1e-3 of the tensor's magnitude;
outputs of transcendental ops (softmax, sigmoid, tanh) are lookup tables in loom and must agree
within 2^-7. Only models whose quantizer scales are all powers of two are listed: for others
(e.g. unsw_nb15-mlp-w2a2, whose BatchNorm folds float scales into 2-bit weights) loom's scale
step is a fixed-point approximation by design.
"""
QUANTIZERS = {"Quant", "BipolarQuant", "Trunc"}
import os
import subprocess
import sys
import tempfile

import numpy as np

LUT_OPS = {"Softmax", "Sigmoid", "Tanh", "Softplus", "Softsign", "Elu", "Selu"}

# (model path relative to the shared models folder, input kind, samples)
MODELS = [
    ("qonnx/qkeras_jettagging.onnx", "grid", 64),
    ("onnx/bnn_model_fc_1layer.onnx", "grid", 64),
]


def fixture_models(source_dir):
    return [(os.path.join(source_dir, "tests/fixtures/brevitas_qonnx_mlp.onnx"), "grid", 64),
            (os.path.join(source_dir, "tests/fixtures/brevitas_qonnx_mlp.onnx"), "float", 256)]


def run_qonnx(path, x):
    from qonnx.core.modelwrapper import ModelWrapper
    from qonnx.core.onnx_exec import execute_onnx
    from qonnx.transformation.infer_shapes import InferShapes

    model = ModelWrapper(path)
    name = model.graph.input[0].name
    shape = [d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim]
    if shape and shape[0] != 1:  # a symbolic batch axis: QONNX's executor wants it fixed
        model.set_tensor_shape(name, [1] + shape[1:])
    model = model.transform(InferShapes())
    contexts = []
    for s in range(x.shape[0]):
        sample = x[s:s + 1]
        contexts.append(execute_onnx(model, {name: sample}, return_full_exec_context=True))
    producers = {out: node.op_type for node in model.graph.node for out in node.output}
    scales_pow2 = True
    for node in model.graph.node:
        if node.op_type in ("Quant", "BipolarQuant", "Trunc"):
            s = model.get_initializer(node.input[1])
            if s is not None and not np.all(np.log2(s) == np.round(np.log2(s))):
                scales_pow2 = False
    return model, contexts, producers, scales_pow2


def input_shape(model):
    dims = [d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim]
    return dims[1:]


def main():
    loom, models_dir, source_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    try:
        import qonnx  # noqa: F401
    except ImportError:
        print("qonnx_compare: the qonnx package is not installed in the test venv; run scripts/setup.sh")
        return 1
    models = fixture_models(source_dir)
    if os.path.isdir(models_dir):
        models += [(os.path.join(models_dir, m), k, n) for m, k, n in MODELS]
    else:
        print(f"qonnx_compare: {models_dir} is absent; comparing the project's own fixture only")
    rng = np.random.default_rng(7)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path, kind, count in models:
            from qonnx.core.modelwrapper import ModelWrapper
            shape = input_shape(ModelWrapper(path).model)
            if kind == "bipolar":
                x = rng.choice([-1.0, 1.0], size=[count] + shape).astype(np.float32)
            elif kind == "float":
                # any floats, beyond the quantizer's range too, with exact rounding ties mixed in
                x = rng.uniform(-12, 12, size=[count] + shape).astype(np.float32)
                ties = rng.random(size=x.shape) < 0.25
                x[ties] = (np.round(x[ties] * 16) + 0.5) / 16
            else:
                # fixed<16,6> grid points in [-4, 4)
                x = (rng.integers(-4096, 4096, size=[count] + shape) / 1024.0).astype(np.float32)
            _, contexts, producers, pow2 = run_qonnx(path, x)
            xin = os.path.join(tmp, "x.npy")
            np.save(xin, x)
            trace = os.path.join(tmp, "trace_" + os.path.basename(path))
            out = os.path.join(tmp, "y.npy")
            r = subprocess.run([loom, "predict", path, "--input", xin, "--output", out,
                                "--trace", trace], capture_output=True, text=True)
            if r.returncode != 0:
                print(f"FAIL {path}: loom predict failed:\n{r.stdout}{r.stderr}")
                failures += 1
                continue
            exact = close = mismatched = 0
            worst = 0.0
            # loom's trace index names the model layers each traced node stands for; the last one
            # (e.g. the Add of a fused MatMul+Add) produced the tensor QONNX holds.
            node_output = {}
            from qonnx.core.modelwrapper import ModelWrapper
            for node in ModelWrapper(path).graph.node:
                node_output[node.name] = node.output[0]
            graph = ModelWrapper(path).graph
            node_output.update({i.name: i.name for i in graph.input})
            pairs = []
            quantizer_typed = False
            with open(os.path.join(trace, "index.tsv")) as index:
                next(index)
                for line in index:
                    f, _node, _type, layers = line.rstrip("\n").split("\t")
                    last = layers.split(",")[-1] if layers else _node
                    name = node_output.get(last, last)
                    if name in {i.name for i in graph.input} and ",SAT" in _type:
                        # typed as its quantizer: holds that Quant's output
                        quantizer_typed = True
                        name = next(n.output[0] for n in graph.node if name in n.input)
                    pairs.append((f, name))
            if kind == "float" and not quantizer_typed:
                print(f"FAIL {path}: float samples need the input typed as its quantizer")
                failures += 1
                continue
            for f, name in pairs:
                if name not in contexts[0]:
                    continue
                got = np.load(os.path.join(trace, f)).reshape(count, -1)
                want = np.stack([np.asarray(c[name], dtype=np.float64).reshape(-1) for c in contexts])
                if got.shape != want.shape:
                    continue
                op = producers.get(name)
                err = float(np.max(np.abs(got - want))) if got.size else 0.0
                if np.array_equal(got, want):
                    ok = True
                    exact += 1
                elif op in QUANTIZERS and pow2:
                    ok = False
                else:
                    tol = 2.0 ** -7 if op in LUT_OPS else 1e-3 * max(1.0, float(np.max(np.abs(want))))
                    ok = err <= tol
                    close += ok
                    worst = max(worst, err)
                if not ok:
                    mismatched += 1
                    bad = np.argwhere(got != want)[0]
                    print(f"  {name} ({producers.get(name)}): max abs error {err:g}; first at "
                          f"sample {bad[0]} element {bad[1]}: loom {got[tuple(bad)]!r} "
                          f"qonnx {want[tuple(bad)]!r}")
            label = os.path.relpath(path, models_dir) if path.startswith(models_dir) else path
            if mismatched or exact < 2:
                print(f"FAIL {label}: {exact} values bit-exact, {close} within tolerance, "
                      f"{mismatched} mismatched")
                failures += 1
            else:
                scales = "power-of-two scales" if pow2 else "non-power-of-two scales (tolerance)"
                print(f"ok   {label} ({scales}): {exact} tensors bit-exact over {count} samples "
                      f"(every quantizer output among them), {close} within tolerance "
                      f"(worst {worst:.3g})")
    print(f"qonnx_compare: {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
