#!/usr/bin/env python3
"""The Keras reader end to end, through the `loom` command line.

usage: keras_test.py LOOM SOURCE_DIR SHARED_MODELS_DIR

1. Zoo (tests/fixtures/keras/zoo, made with TensorFlow/Keras 2.15 and QKeras 0.9 by
   make_keras_fixtures.py; tests/fixtures/keras/zoo3, Keras 3 archives made with Keras 3.15 by
   make_keras3_fixtures.py): `loom run` of every model-JSON (and full-model .h5 where there is one)
   matches Keras's stored outputs within 1e-5 (absolute, relative above magnitude 1); the full .h5
   and the JSON + weights give identical results; `loom predict` emulates every model.
2. Dev models (../shared/models/keras, skipped when absent): `loom run` matches Keras's outputs
   stored in tests/fixtures/keras/ref within 1e-5; garnet_1layer (hls4ml's custom GarNet layer)
   matches its stored outputs (data/) within 1e-5 and goes through the whole chain.
3. Twins: KERAS_3layer / KERAS_1layer / KERAS_conv1d_small / KERAS_conv2d_model give float outputs
   identical to their ONNX exports; qkeras_3layer (json + h5), qkeras-v3_3layer.keras and
   qkeras_jettagging.onnx give identical emulator outputs, bit for bit.
4. keras-layers: each single-layer model (json + weights and full .h5) matches its hand-made
   tb_output_predictions.dat within the printed precision of each value (ternary_tanh: see
   STORED_BEFORE).
   Every zoo model also goes through chain.check_model: the emulator with wide types against the
   float engine, and `loom convert` + `loom csim` bit for bit against the emulator (io_parallel;
   io_stream threaded for the convolutional ones) — the three-way check.
5. hls4ml's configuration files for qkeras_3layer and qkeras_mnist_cnn are accepted as they are;
   the qkeras_3layer project C-simulates bit-exact against the emulator (when ap_types exist).
6. Bad input: every case gives exit status 2 and a message naming the file and, where there is
   one, the layer.
Prints "keras_test: N checks, 0 failures" on success.
"""
import os
import math
import re
import shutil
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chain  # noqa: E402

# Zoo models also C-simulated as io_stream (threaded, bounded FIFOs at the optimized depths).
STREAM = ["conv2d_windows", "conv1d_family", "depthwise_separable", "movement2d",
          "qkeras_layers", "upsample_bilinear", "k3_functional_conv"]

FAILURES = []
CHECKS = [0]
# model -> what was measured, for the generated support table (--doc).
RESULTS = {}


def record(model, **kw):
    RESULTS.setdefault(model, {}).update(kw)


def model_text(path):
    """A model-JSON's text, or a Keras 3 archive's config.json."""
    if path.endswith(".keras"):
        import zipfile
        with zipfile.ZipFile(path) as z:
            return z.read("config.json").decode()
    with open(path) as f:
        return f.read()


def layer_classes(path):
    """Every layer class of a model-JSON or .keras file, nested models included."""
    import json
    spec = json.loads(model_text(path))
    out = set()

    def walk(m):
        cfg = m.get("config", {})
        layers = cfg if isinstance(cfg, list) else cfg.get("layers", [])
        for layer in layers:
            out.add(layer["class_name"])
            if layer["class_name"] in ("Sequential", "Functional", "Model"):
                walk(layer)
    walk(spec)
    return out


def check(ok, what):
    CHECKS[0] += 1
    if not ok:
        FAILURES.append(what)
        print("FAIL:", what)


def loom(*args):
    r = subprocess.run([LOOM] + [str(a) for a in args], capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def error(got, want):
    """Largest difference, relative to the value where it exceeds 1 in magnitude."""
    got = got.reshape(want.shape).astype(np.float64)
    return float((np.abs(got - want) / np.maximum(1.0, np.abs(want))).max())


def evaluate(command, model, inputs, out, extra=()):
    """`loom run` or `loom predict` on the inputs: (the output array or None, loom's output)."""
    args = [command, model]
    for i in inputs:
        args += ["--input", i]
    code, text = loom(*args, "--output", out, *extra)
    return (np.load(out) if code == 0 else None), text


def run_float(model, inputs, out, extra=()):
    return evaluate("run", model, inputs, out, extra)


def predict(model, inputs, out, extra=()):
    return evaluate("predict", model, inputs, out, extra)


# (fixture folder, model file extension): Keras 2 model-JSON + weights, Keras 3 archives.
ZOOS = [("zoo", ".json"), ("zoo3", ".keras")]


def zoo_models():
    """(label, model path, input paths, Keras output path) of every zoo model."""
    out = []
    for folder, ext in ZOOS:
        d = os.path.join(SOURCE, "tests/fixtures/keras", folder)
        for f in sorted(os.listdir(d)):
            if not f.endswith(ext):
                continue
            name = f[: -len(ext)]
            inputs = sorted(os.path.join(d, g) for g in os.listdir(d)
                            if g.startswith(name + ".in") and g.endswith(".npy"))
            out.append((f"{folder}/{name}", os.path.join(d, f), inputs,
                        os.path.join(d, name + ".out.npy")))
    return out


def zoo(tmp):
    models = zoo_models()
    check(len(models) >= 18, f"the zoos hold {len(models)} models")
    for label, model, inputs, out in models:
        name = label.replace("/", "_")
        want = np.load(out)
        got, text = run_float(model, inputs, os.path.join(tmp, name + ".run.npy"))
        if got is None:
            check(False, f"{label}: loom run failed:\n{text}")
            continue
        err = error(got, want)
        record(label, run=err, classes=layer_classes(model), json=model)
        check(err <= 1e-5, f"{label}: max error {err:g} vs Keras")
        print(f"{label}: max error {err:.2e} vs Keras")
        full = model[: -len(".json")] + ".h5" if model.endswith(".json") else None
        if full and os.path.exists(full):
            got_h5, text = run_float(full, inputs, os.path.join(tmp, name + ".h5run.npy"))
            check(got_h5 is not None and np.array_equal(got_h5, got),
                  f"{label}: the full .h5 differs from json + weights\n{text}")
        emu, text = predict(model, inputs, os.path.join(tmp, name + ".pred.npy"))
        ok = emu is not None and emu.size == want.size and np.isfinite(emu).all()
        record(label, predict=ok)
        check(ok, f"{label}: loom predict failed\n{text}")


def three_way(tmp):
    """Keras's outputs, the float engine, the emulator (wide types) and the C-simulated firmware
    (io_parallel for every zoo model, io_stream for STREAM), through chain.check_model."""
    for label, model, inputs, out in zoo_models():
        name = label.split("/")[1]
        for io in ["parallel"] + (["stream"] if name in STREAM else []):
            config = chain.WIDE_CONFIG + ("IOType: io_stream\n" if io == "stream" else "")
            stats = {}
            # Quantized models: the emulator's input conversion moves a few values across a
            # quantizer's rounding boundary, so wide types are not compared with float here;
            # grid_exact checks the emulator on inputs it converts exactly.
            tol = math.inf if name.startswith("qkeras") else None
            failures = chain.check_model(
                LOOM, model, inputs, [out], workdir=os.path.join(tmp, f"chain_{name}_{io}"),
                csim=True, config_text=config, run_tol=1e-5, predict_tol=tol, stats=stats,
                threaded=io == "stream")
            for f in failures:
                check(False, f"three-way {label} io_{io}: {f}")
            check(not failures, f"three-way {label} io_{io}")
            record(label, **{io: not failures})
            print(f"three-way {label} io_{io}: run {stats.get('run_err', float('nan')):.1e}, "
                  f"predict {stats.get('predict_err', float('nan')):.1e} vs run, "
                  f"csim {'bit-exact' if not failures else 'FAILED'}")


def grid_exact(tmp):
    """Fully quantized zoo models on inputs on fixed<16,6>'s grid: `loom predict` with no
    configuration (types from the quantizers) gives Keras's outputs exactly."""
    d = os.path.join(SOURCE, "tests/fixtures/keras/zoo")
    for f in sorted(os.listdir(d)):
        if not f.endswith(".grid.out.npy"):
            continue
        name = f[: -len(".grid.out.npy")]
        want = np.load(os.path.join(d, f))
        got, text = predict(os.path.join(d, name + ".json"),
                            [os.path.join(d, name + ".grid.in0.npy")],
                            os.path.join(tmp, name + ".grid.npy"))
        same = got is not None and np.array_equal(got.reshape(want.shape), want)
        check(same, f"grid {name}: the emulator differs from Keras on grid inputs\n{text}")
        print(f"grid {name}: emulator {'equals' if same else 'DIFFERS FROM'} Keras exactly "
              f"({want.size} values)")


# The Keras models in ../shared/models/keras: name -> (model JSON, weights file when not beside it).
DEV_MODELS = {
    "KERAS_3layer": ("KERAS_3layer.json", None),
    "KERAS_3layer_70pruned": ("KERAS_3layer.json", "KERAS_3layer_70pruned_retrained_weights.h5"),
    "KERAS_1layer": ("KERAS_1layer.json", None),
    "KERAS_3layer_batch_norm": ("KERAS_3layer_batch_norm.json", None),
    "KERAS_conv1d_small": ("KERAS_conv1d_small.json", None),
    "KERAS_conv2d_model": ("KERAS_conv2d_model.json", None),
    "qkeras_3layer": ("qkeras_3layer.json", None),
    "qkeras_mnist_cnn": ("qkeras_mnist_cnn.json", None),
    "KERAS_lstm_model": ("KERAS_lstm_model.json", None),
}

def dev_models(tmp):
    ref = os.path.join(SOURCE, "tests/fixtures/keras/ref")
    kdir = os.path.join(SHARED, "keras")
    for name, (js, weights) in sorted(DEV_MODELS.items()):
        extra = ["--weights", os.path.join(kdir, weights)] if weights else []
        want = np.load(os.path.join(ref, name + ".out.npy"))
        got, text = run_float(os.path.join(kdir, js), [os.path.join(ref, name + ".in0.npy")],
                              os.path.join(tmp, name + ".run.npy"), extra)
        if got is None:
            check(False, f"dev {name}: loom run failed:\n{text}")
            continue
        err = error(got, want)
        record("dev/" + name, run=err, classes=layer_classes(os.path.join(kdir, js)),
               json=os.path.join(kdir, js))
        check(err <= 1e-5, f"dev {name}: max error {err:g} vs Keras")
        print(f"dev {name}: max error {err:.2e} vs Keras")
        emu, text = predict(os.path.join(kdir, js), [os.path.join(ref, name + ".in0.npy")],
                            os.path.join(tmp, name + ".pred.npy"), extra)
        check(emu is not None, f"dev {name}: loom predict failed\n{text}")
        record("dev/" + name, predict=emu is not None)


def twins(tmp):
    rng = np.random.default_rng(7)
    pairs = [("keras/KERAS_3layer.json", "onnx/three_layer_keras.onnx", (16,)),
             ("keras/KERAS_1layer.json", "onnx/two_layer_keras.onnx", (10,)),
             ("keras/KERAS_conv1d_small.json", "onnx/conv1d_small_keras.onnx", (10, 4)),
             ("keras/KERAS_conv2d_model.json", "onnx/conv2d_small_keras.onnx", (8, 8, 1))]
    for k, o, shape in pairs:
        x = os.path.join(tmp, "twin.npy")
        np.save(x, rng.normal(size=(100,) + shape).astype(np.float32))
        a, ta = run_float(os.path.join(SHARED, k), [x], os.path.join(tmp, "ka.npy"))
        b, tb = run_float(os.path.join(SHARED, o), [x], os.path.join(tmp, "kb.npy"))
        same = a is not None and b is not None and np.array_equal(a, b.reshape(a.shape))
        check(same, f"twin {k} vs {o}: float outputs differ\n{ta}\n{tb}")
        print(f"twin {os.path.basename(k)} = {os.path.basename(o)}: {'identical' if same else 'DIFFERENT'}")
    x = os.path.join(tmp, "q.npy")
    np.save(x, rng.normal(size=(500, 16)).astype(np.float32))
    outs = []
    for m in ["keras/qkeras_3layer.json", "keras/qkeras-v3_3layer.keras",
              "qonnx/qkeras_jettagging.onnx"]:
        y, text = predict(os.path.join(SHARED, m), [x], os.path.join(tmp, "qp.npy"))
        check(y is not None, f"twin {m}: predict failed\n{text}")
        outs.append(y)
    if all(y is not None for y in outs):
        same = np.array_equal(outs[0], outs[1]) and np.array_equal(outs[0], outs[2])
        check(same, "qkeras_3layer json / .keras / QONNX emulator outputs differ")
        print(f"twin qkeras_3layer json = .keras = qkeras_jettagging.onnx (emulator, 500 samples): "
              f"{'bit-identical' if same else 'DIFFERENT'}")


def read_dat(path):
    rows = []
    with open(path) as f:
        for line in f:
            toks = line.split()
            if toks:
                rows.append(toks)
    return rows


# keras-layers folders whose stored outputs are not their model's: ternary_tanh's
# tb_output_predictions.dat holds the Conv2D's output before its tanh activation (Keras 2.15 run on
# the stored model gives tanh of those values), so loom's outputs are compared with tanh(stored);
# tanh's slope is at most 1, so the printed precision still bounds the error.
STORED_BEFORE = {"ternary_tanh": np.tanh, "ternary_tanh_no_stream": np.tanh}


# keras-layers folder -> its inputs as .npy (written by keras_layers, read by shared_chain).
LAYER_INPUTS = {}


def keras_layers(tmp):
    root = os.path.join(SHARED, "keras-layers")
    for d in sorted(os.listdir(root)):
        dd = os.path.join(root, d)
        jsons = [f for f in os.listdir(dd) if f.endswith(".json")]
        if len(jsons) != 1:
            check(False, f"keras-layers/{d}: expected one .json")
            continue
        stem = jsons[0][:-5]
        ins = read_dat(os.path.join(dd, "tb_input_features.dat"))
        outs = read_dat(os.path.join(dd, "tb_output_predictions.dat"))
        code, text = loom("inspect", os.path.join(dd, jsons[0]))
        shape = re.search(r"\n\S+\s+\S+\s+\[([0-9,]+)\]", text)
        if code != 0 or not shape:
            check(False, f"keras-layers/{d}: inspect failed\n{text}")
            continue
        per = tuple(int(v) for v in shape.group(1).split(","))
        x = np.array([[float(v) for v in r] for r in ins], dtype=np.float32).reshape((-1,) + per)
        xin = os.path.join(tmp, d + ".in.npy")
        np.save(xin, x)
        LAYER_INPUTS[d] = xin
        for model in [os.path.join(dd, jsons[0]), os.path.join(dd, stem + ".h5")]:
            got, text = run_float(model, [xin], os.path.join(tmp, d + ".out.npy"))
            if got is None:
                check(False, f"keras-layers/{d}: loom run {os.path.basename(model)} failed\n{text}")
                continue
            got = got.reshape(len(outs), -1)
            worst = 0.0
            ok = got.shape[1] == len(outs[0])
            for r, row in enumerate(outs):
                for c, tok in enumerate(row):
                    if c >= got.shape[1]:
                        ok = False
                        break
                    decimals = len(tok.split(".")[1]) if "." in tok else 0
                    value = float(tok)
                    if d in STORED_BEFORE:
                        value = float(STORED_BEFORE[d](value))
                    tol = 0.5 * 10.0 ** -decimals + 2e-6 * max(1.0, abs(value))
                    dev = abs(float(got[r, c]) - value)
                    worst = max(worst, dev / tol)
                    ok = ok and dev <= tol
            check(ok, f"keras-layers/{d} ({os.path.basename(model)}): outside the printed "
                      f"precision (worst {worst:.2f} of the tolerance)")
        print(f"keras-layers/{d}: worst deviation {worst:.2f} of the printed precision")


def shared_chain(tmp):
    """Every Keras model in ../shared/models through the whole chain (chain.check_model): the dev
    models against Keras's outputs, then the emulator with wide types against the float engine and
    `loom convert` + `loom csim` bit for bit against the emulator (io_parallel; the conv models
    also io_stream, the MNIST CNN only io_stream); each distinct keras-layers model (the folders share 19 model files) the
    same, on its stored inputs."""
    ref = os.path.join(SOURCE, "tests/fixtures/keras/ref")
    kdir = os.path.join(SHARED, "keras")
    for name, (js, weights) in sorted(DEV_MODELS.items()):
        model = os.path.join(kdir, js)
        if weights:
            # The chain passes no --weights: the pruned weights beside a copy of the JSON.
            model = os.path.join(tmp, name + ".json")
            shutil.copyfile(os.path.join(kdir, js), model)
            shutil.copyfile(os.path.join(kdir, weights), os.path.join(tmp, name + "_weights.h5"))
        # qkeras_mnist_cnn's 26x26x16 feature maps are over io_parallel's array limit (loom
        # refuses them, naming io_stream): io_stream only, as hls4ml's users build it.
        ios = ["stream"] if name == "qkeras_mnist_cnn" else ["parallel"] + (
            ["stream"] if "conv" in name else [])
        for io in ios:
            stats = {}
            failures = chain.check_model(
                LOOM, model, [os.path.join(ref, name + ".in0.npy")],
                [os.path.join(ref, name + ".out.npy")],
                workdir=os.path.join(tmp, f"dev_chain_{name}_{io}"), csim=True,
                config_text=chain.WIDE_CONFIG + ("IOType: io_stream\n" if io == "stream" else ""),
                run_tol=1e-5, predict_tol=math.inf if name.startswith("qkeras") else None,
                stats=stats, threaded=io == "stream")
            for f in failures:
                check(False, f"chain dev/{name} io_{io}: {f}")
            record("dev/" + name, **{io: not failures})
            print(f"chain dev/{name} io_{io}: run {stats.get('run_err', float('nan')):.1e} vs "
                  f"Keras, predict {stats.get('predict_err', float('nan')):.1e} vs run, "
                  f"csim {'bit-exact' if not failures else 'FAILED'}")
    seen = {}
    root = os.path.join(SHARED, "keras-layers")
    for d in sorted(LAYER_INPUTS):
        dd = os.path.join(root, d)
        js = [f for f in os.listdir(dd) if f.endswith(".json")][0]
        with open(os.path.join(dd, js), "rb") as f:
            key = f.read()
        with open(os.path.join(dd, js[:-5] + "_weights.h5"), "rb") as f:
            key += f.read()
        if key in seen:
            continue
        seen[key] = d
        failures = chain.check_model(LOOM, os.path.join(dd, js), [LAYER_INPUTS[d]], None,
                                     workdir=os.path.join(tmp, f"layer_chain_{d}"), csim=True)
        for f in failures:
            check(False, f"chain keras-layers/{d}: {f}")
        print(f"chain keras-layers/{d}: predict vs run and csim "
              f"{'bit-exact' if not failures else 'FAILED'}")
    check(len(seen) >= 19, f"{len(seen)} distinct keras-layers models")


def garnet(tmp):
    """hls4ml's GarNet example (a custom layer: hits [128, 4] and a vertex count): `loom run` against
    the 256 stored outputs, then the whole chain (io_parallel and io_stream)."""
    kdir = os.path.join(SHARED, "keras")
    model = os.path.join(kdir, "garnet_1layer.json")
    data = np.loadtxt(os.path.join(kdir, "data/garnet_1layer_input.dat"), dtype=np.float32)
    want = np.loadtxt(os.path.join(kdir, "data/garnet_1layer_output.dat"), dtype=np.float32)
    inputs = [os.path.join(tmp, "garnet_hits.npy"), os.path.join(tmp, "garnet_count.npy")]
    np.save(inputs[0], data[:, :512].reshape(-1, 128, 4))
    np.save(inputs[1], data[:, 512:])
    ref = os.path.join(tmp, "garnet_out.npy")
    np.save(ref, want.reshape(-1, 1))
    got, text = run_float(model, inputs, os.path.join(tmp, "garnet.run.npy"))
    if got is None:
        check(False, f"dev garnet_1layer: loom run failed:\n{text}")
        return
    # The stored outputs are printed with 6 decimals.
    err = error(got.reshape(want.shape), want)
    record("dev/garnet_1layer", run=err, classes=layer_classes(model), json=model)
    check(err <= 1e-5, f"dev garnet_1layer: max error {err:g} vs the stored outputs")
    print(f"dev garnet_1layer: max error {err:.2e} vs the stored outputs ({want.size} events)")
    if not HAVE_CSIM:
        return
    for io in ["parallel", "stream"]:
        stats = {}
        failures = chain.check_model(
            LOOM, model, inputs, [ref], workdir=os.path.join(tmp, f"garnet_chain_{io}"),
            csim=True, config_text=chain.WIDE_CONFIG + ("IOType: io_stream\n" if io == "stream"
                                                        else ""),
            run_tol=1e-5, stats=stats, threaded=io == "stream")
        for f in failures:
            check(False, f"chain dev/garnet_1layer io_{io}: {f}")
        record("dev/garnet_1layer", predict=not failures, **{io: not failures})
        print(f"chain dev/garnet_1layer io_{io}: predict {stats.get('predict_err', float('nan')):.1e}"
              f" vs run, csim {'bit-exact' if not failures else 'FAILED'}")


def configs(tmp):
    # `loom config` names Keras's layers, with the quantizers' exact types (quantized_bits(6,0)
    # weights are ap_fixed<6,1>, as hls4ml's own configuration for this model says).
    code, text = loom("config", os.path.join(SHARED, "keras/qkeras_3layer.json"), "--granularity",
                      "name")
    ok = code == 0 and all(re.search(r"\n    " + n + r":\n", text)
                           for n in ["fc1", "relu1", "fc2", "output", "softmax"])
    ok = ok and re.search(r"    fc1:\n      Precision:\n(        .*\n)*?        weight: "
                          r"ap_fixed<6,1>", text) is not None
    check(ok, f"loom config qkeras_3layer.json --granularity name:\n{text}")
    cfg = os.path.join(SHARED, "config-files")
    for model, c in [("qkeras_3layer.json", "qkeras_3layer_config.yml"),
                     ("qkeras_mnist_cnn.json", "qkeras_mnist_cnn_config.yml")]:
        out = os.path.join(tmp, model + ".prj")
        code, text = loom("convert", os.path.join(SHARED, "keras", model), "--config",
                          os.path.join(cfg, c), "-o", out)
        check(code == 0 and "error" not in text,
              f"convert {model} with hls4ml's {c}: exit {code}\n{text}")
        print(f"convert {model} --config {c}: exit {code}")
        if model == "qkeras_3layer.json" and code == 0 and HAVE_CSIM:
            code, text = loom("csim", out)
            check(code == 0 and "bit for bit" in text, f"csim {model}: {text}")
            record("dev/qkeras_3layer", parallel=code == 0 and "bit for bit" in text)
            print(f"csim {model}: {text.strip().splitlines()[-1] if text.strip() else ''}")


def errors(tmp):
    z = os.path.join(SOURCE, "tests/fixtures/keras/zoo")
    cases = []
    not_h5 = os.path.join(tmp, "not_hdf5.h5")
    with open(not_h5, "w") as f:
        f.write("plain text\n")
    cases.append((["inspect", not_h5], r"not_hdf5\.h5: error: not an HDF5 file"))
    # zoo/conv2d_windows.h5 with 8 bytes changed: libhdf5 1.10 crashes reading its model_config
    # (a damaged global-heap string); loom reads HDF5 in a child process and reports it.
    damaged = os.path.join(SOURCE, "tests/fixtures/keras/damaged/conv2d_windows_8_bytes_changed.h5")
    cases.append((["inspect", damaged], r"conv2d_windows_8_bytes_changed\.h5: error: the HDF5 file "
                                        r"is damaged \(the HDF5 library crashed reading it\)"))
    cases.append((["inspect", os.path.join(z, "merges_weights.h5")],
                  r"merges_weights\.h5: error: this HDF5 file holds Keras weights only"))
    # JSON / weights mismatch: the layer is named.
    cases.append((["inspect", os.path.join(z, "conv2d_windows.json"), "--weights",
                   os.path.join(z, "dense_activations_weights.h5")],
                  r"conv2d_windows\.json: layer 'conv2d' \(Conv2D\): error: .*has no weights"))
    cases.append((["inspect", os.path.join(z, "movement1d.json"), "--weights",
                   os.path.join(z, "movement2d_weights.h5")],
                  r"movement1d\.json: layer '[a-z0-9_]+' \(Conv1D\): error: .*(has no weight|kernel of shape)"))
    # A truncated model-JSON.
    bad = os.path.join(tmp, "truncated.json")
    with open(os.path.join(z, "merges.json")) as f:
        text = f.read()
    with open(bad, "w") as f:
        f.write(text[: len(text) // 2])
    cases.append((["inspect", bad, "--weights", os.path.join(z, "merges_weights.h5")],
                  r"truncated\.json: error: not valid JSON"))
    # No weights beside a model-JSON.
    lone = os.path.join(tmp, "lone.json")
    with open(lone, "w") as f:
        f.write(text)
    cases.append((["inspect", lone], r"lone\.json: error: no weights: expected .*lone_weights\.h5"
                                     r" beside the model JSON; give the weights file with --weights"))
    # Unknown and unsupported layers: all of them, then a count.
    multi = os.path.join(tmp, "custom.json")
    with open(os.path.join(z, "dense_activations.json")) as f:
        text = f.read()
    text = text.replace('"class_name": "Dense"', '"class_name": "MyCustomDense"', 2)
    text = text.replace('"class_name": "Activation"', '"class_name": "QLSTM"', 1)
    with open(multi, "w") as f:
        f.write(text)
    cases.append((["inspect", multi, "--weights", os.path.join(z, "dense_activations_weights.h5")],
                  r"layer 'dense' \(MyCustomDense\): unsupported layer.*\n.*layer 'dense_1' "
                  r"\(MyCustomDense\): unsupported layer.*\n.*\(QLSTM\): unsupported layer \(quantized "
                  r"recurrent layers are not supported yet; LSTM, GRU and SimpleRNN are\)\n"
                  r".*custom\.json: 3 problem\(s\), 3 unsupported"))
    # An unsupported quantizer names the layer and the quantizer.
    q = os.path.join(tmp, "quant.json")
    with open(os.path.join(z, "qkeras_1d.json")) as f:
        text = f.read()
    with open(q, "w") as f:
        f.write(text.replace('"quantized_relu(5,1)"', '"quantized_ulaw(5,1)"'))
    cases.append((["inspect", q, "--weights", os.path.join(z, "qkeras_1d_weights.h5")],
                  r"quant\.json: layer '[a-z0-9_]+' \(QActivation\): unsupported: activation: "
                  r"unsupported quantizer quantized_ulaw"))
    cases.append((["inspect", os.path.join(SOURCE, "tests/fixtures/jet_mlp.onnx"), "--weights",
                   os.path.join(z, "merges_weights.h5")],
                  r"jet_mlp\.onnx: error: --weights is for a Keras model-JSON file"))
    with open(os.path.join(z, "rnn_lstm.json")) as f:
        text = f.read()
    backwards = os.path.join(tmp, "backwards.json")
    with open(backwards, "w") as f:
        f.write(text.replace('"go_backwards": false', '"go_backwards": true', 1))
    cases.append((["inspect", backwards, "--weights", os.path.join(z, "rnn_lstm_weights.h5")],
                  r"backwards\.json: layer 'lstm' \(LSTM\): unsupported: go_backwards true"))
    if SHARED_OK:
        with open(os.path.join(SHARED, "keras/garnet_1layer.json")) as f:
            text = f.read()
        full = os.path.join(tmp, "garnet_full.json")
        with open(full, "w") as f:
            f.write(text.replace('"simplified": true', '"simplified": false'))
        cases.append((["inspect", full, "--weights",
                       os.path.join(SHARED, "keras/garnet_1layer_weights.h5")],
                      r"garnet_full\.json: layer 'gar_1' \(GarNet\): unsupported: simplified "
                      r"false"))
    for args, pattern in cases:
        code, text = loom(*args)
        ok = code == 2 and re.search(pattern, text) is not None
        check(ok, f"error case {' '.join(os.path.basename(a) for a in args)}: exit {code}, "
                  f"output:\n{text}\nexpected /{pattern}/")
    # libhdf5 is opened when a file is read (LOOM_HDF5_LIBRARY overrides which): a library that
    # cannot be loaded is reported, with the file.
    r = subprocess.run([LOOM, "inspect", os.path.join(z, "dense_activations.h5")],
                       capture_output=True, text=True,
                       env=dict(os.environ, LOOM_HDF5_LIBRARY="libno_such_hdf5.so.0"))
    check(r.returncode == 2 and re.search(r"dense_activations\.h5: error: cannot load the HDF5 "
                                          r"library \(libno_such_hdf5\.so\.0", r.stdout + r.stderr),
          f"missing libhdf5: exit {r.returncode}, output:\n{r.stdout + r.stderr}")
    print(f"errors: {len(cases) + 1} bad inputs checked")


def bucket(err):
    for b in (1e-7, 1e-6, 1e-5):
        if err <= b:
            return f"<= {b:.0e}"
    return f"{err:.0e} (over 1e-5)"


def support_doc():
    """docs/keras-support.md: per Keras layer class and QKeras quantizer, the fixtures that hold
    it and what they measured."""
    lists, current = {}, None
    for line in loom("formats", "all")[1].splitlines():
        if line.startswith("  "):
            lists[current].append(line.strip())
        elif line.strip():
            current = line.split(" (")[0]
            lists[current] = []
    supported = lists["Keras layers"]
    activations = lists["Keras activations"]
    quantizers = lists["QKeras quantizers"]
    lines = [
        "# Keras and QKeras support",
        "",
        "Generated by `tests/e2e/keras_test.py` (the `keras_reader` test, which fails when this "
        "file differs from its run; `python3 tests/e2e/keras_test.py LOOM . ../shared/models "
        "--write-doc docs/keras-support.md` rewrites it). Do not edit by hand.",
        "",
        "loom reads Keras 2 model-JSON + HDF5 weights, Keras 2 full-model `.h5` and Keras 3 "
        "`.keras` files with no Python or TensorFlow (`src/frontends/keras`). Each layer class "
        "below is listed with the fixtures that hold it: `zoo/` models are built by "
        "`tests/fixtures/keras/make_keras_fixtures.py` with TensorFlow/Keras 2.15 and QKeras 0.9, "
        "`zoo3/` models (Keras 3 `.keras` archives) by `make_keras3_fixtures.py` with Keras 3.15, "
        "`dev/` models are the Keras models in `../shared/models/keras`.",
        "",
        "- **float vs Keras**: the largest difference of `loom run` from Keras's stored outputs "
        "over the models holding the layer (relative above magnitude 1).",
        "- **emulator**: `loom predict` ran on every such model (bit-exactness against Keras is "
        "checked on grid inputs for fully quantized models and against the QONNX twin of "
        "qkeras_3layer; see keras_test.py).",
        "- **firmware io_parallel / io_stream**: `loom convert` + `loom csim` equal the emulator "
        "bit for bit on every such model C-simulated (io_stream: threaded, bounded FIFOs); "
        "`-` when none was.",
        "",
        "| Keras layer | models | float vs Keras | emulator | firmware io_parallel | "
        "firmware io_stream |",
        "|---|---|---|---|---|---|",
    ]

    def mark(values):
        values = [v for v in values if v is not None]
        if not values:
            return "-"
        return f"{sum(values)}/{len(values)} pass"

    for cls in supported:
        models = sorted(m for m, r in RESULTS.items() if cls in r.get("classes", ()))
        if not models:
            lines.append(f"| {cls} | no fixture | - | - | - | - |")
            continue
        errs = [RESULTS[m]["run"] for m in models if "run" in RESULTS[m]]
        lines.append(
            f"| {cls} | {', '.join(models)} | {bucket(max(errs)) if errs else '-'} | "
            f"{mark([RESULTS[m].get('predict') for m in models])} | "
            f"{mark([RESULTS[m].get('parallel') for m in models])} | "
            f"{mark([RESULTS[m].get('stream') for m in models])} |")
    lines += ["", "| Keras activation (Activation layers, `activation=`) | models |", "|---|---|"]
    for a in activations:
        models = []
        for m, r in sorted(RESULTS.items()):
            if re.search(r'"activation": "' + a + '"', model_text(r["json"])):
                models.append(m)
        lines.append(f"| {a} | {', '.join(models) if models else 'no fixture'} |")
    lines += ["", "| QKeras quantizer | models |", "|---|---|"]
    for q in quantizers:
        models = []
        for m, r in sorted(RESULTS.items()):
            if re.search(r"\b" + q + r"\b", model_text(r["json"])):
                models.append(m)
        lines.append(f"| {q} | {', '.join(models) if models else 'no fixture'} |")
    lines += ["", "Not read (reported as unsupported, each layer named): QKeras recurrent "
              "layers (QSimpleRNN, QLSTM, QGRU); recurrent layers with go_backwards, return_state "
              "or stateful; GarNet other than the simplified, input_format xn form with a linear "
              "output; other custom layers; "
              "`alpha='auto'`/`'auto_po2'` on activations and on binary/ternary weights "
              "(quantized_bits weights read them), quantized_relu with "
              "negative_slope/use_sigmoid/relu_upper_bound, ternary and po2 quantizers on "
              "activations, channels_first Flatten.", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    LOOM, SOURCE, SHARED = sys.argv[1], sys.argv[2], sys.argv[3]
    DOC_MODE, DOC_PATH = (sys.argv[4], sys.argv[5]) if len(sys.argv) > 5 else (None, None)
    SHARED_OK = os.path.isdir(os.path.join(SHARED, "keras"))
    HAVE_CSIM = os.environ.get("LOOM_KERAS_TEST_NO_CSIM") is None
    with tempfile.TemporaryDirectory() as tmp:
        zoo(tmp)
        errors(tmp)
        grid_exact(tmp)
        if HAVE_CSIM:
            three_way(tmp)
        if SHARED_OK:
            dev_models(tmp)
            twins(tmp)
            keras_layers(tmp)
            garnet(tmp)
            if HAVE_CSIM:
                shared_chain(tmp)
            configs(tmp)
        else:
            print(f"keras_test: {SHARED}/keras not found: dev model, twin, keras-layers and "
                  "configuration checks skipped")
    if DOC_MODE and SHARED_OK and HAVE_CSIM:
        doc = support_doc()
        if DOC_MODE == "--write-doc":
            with open(DOC_PATH, "w") as f:
                f.write(doc)
            print(f"keras_test: wrote {DOC_PATH}")
        else:
            with open(DOC_PATH) as f:
                same = f.read() == doc
            check(same, f"{DOC_PATH} differs from this run: rewrite it with --write-doc")
            print(f"keras_test: {DOC_PATH} {'is up to date' if same else 'is OUT OF DATE'}")
    print(f"keras_test: {CHECKS[0]} checks, {len(FAILURES)} failures")
    sys.exit(1 if FAILURES else 0)
