#!/usr/bin/env python3
"""hls4ml and loom side by side, in one run on one machine: the jet MLP, a small CNN and a
1M-parameter MLP.

usage: python hls4ml_side_by_side.py LOOM [--samples N] [--big-samples N] [--work-dir DIR]
                                          [--models jet cnn big]

Needs TensorFlow 2.15 (tf.keras) and hls4ml 1.3.0 in the running interpreter, e.g. the fixture
venv of tests/fixtures/keras/make_keras_fixtures.py plus
`pip install --no-deps hls4ml==1.3.0 quantizers pyyaml`. loom itself needs no Python.

Each model is built here as a Keras model with seeded weights and saved as .h5; hls4ml converts
the Keras model (Vivado backend, io_parallel), compiles its C-simulation library and predicts the
samples; loom reads the same .h5 file and emulates the same samples (`loom predict`, 1 and 2
threads), then writes and C-simulates its own project (`loom convert` + `loom csim` of 16 samples,
timed beside hls4ml's compile()). Every type is fixed<16,6> (hls4ml's default; for loom
`Model: {Precision: fixed<16,6>}`). Inputs lie on fixed<16,6>'s grid so both tools read them
exactly. Prints the times, rates, ratios and how many output values differ between the tools.

  jet  16 -> 64 -> 32 -> 32 -> 5 (ReLU; no softmax, see jet()), Latency
  cnn  16x16x3 -> Conv2D 3x3 (8) + ReLU -> MaxPooling 2x2 -> Conv2D 3x3 (16) + ReLU -> Dense 10,
       Latency
  big  500 -> 500 -> 500 -> 500 -> 500 -> 10 (ReLU), 1,007,010 parameters, Resource, ReuseFactor 50
  sep  16x16x3 -> DepthwiseConv2D 3x3 + ReLU -> SeparableConv2D 3x3 (8) + ReLU -> Dense 10, Latency
       (not in the default set: --models sep)
  c1d  64x4 -> Conv1D 5 (8) + ReLU -> MaxPooling1D 2 -> Conv1D 3 (8) + ReLU -> Dense 5, Latency
       (not in the default set: --models c1d)
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from tensorflow.keras import layers as L  # noqa: E402


def randomize(model, seed, scale):
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        ws = [rng.normal(0, scale, size=w.shape).astype(np.float32) for w in layer.weights]
        if ws:
            layer.set_weights(ws)
    return model


def jet():
    # No softmax: loom's softmax tables differ from hls4ml's by design (docs/numerics.md), so
    # its outputs would not be comparable bit for bit.
    m = tf.keras.Sequential([tf.keras.Input((16,))] + [
        L.Dense(u, activation="relu", name=f"fc{i + 1}") for i, u in enumerate([64, 32, 32])] + [
        L.Dense(5, name="output")])
    return randomize(m, 1, 0.3), (16,), {"Strategy": "Latency", "ReuseFactor": 1}


def cnn():
    m = tf.keras.Sequential([
        tf.keras.Input((16, 16, 3)),
        L.Conv2D(8, 3, name="conv1"), L.Activation("relu", name="relu1"),
        L.MaxPooling2D(2, name="pool1"),
        L.Conv2D(16, 3, name="conv2"), L.Activation("relu", name="relu2"),
        L.Flatten(name="flatten"), L.Dense(10, name="dense")])
    return randomize(m, 7, 0.3), (16, 16, 3), {"Strategy": "Latency", "ReuseFactor": 1}


def sep():
    m = tf.keras.Sequential([
        tf.keras.Input((16, 16, 3)),
        L.DepthwiseConv2D(3, name="dw1"), L.Activation("relu", name="relu1"),
        L.SeparableConv2D(8, 3, name="sep2"), L.Activation("relu", name="relu2"),
        L.Flatten(name="flatten"), L.Dense(10, name="dense")])
    return randomize(m, 11, 0.3), (16, 16, 3), {"Strategy": "Latency", "ReuseFactor": 1}


def conv1d():
    m = tf.keras.Sequential([
        tf.keras.Input((64, 4)),
        L.Conv1D(8, 5, name="conv1"), L.Activation("relu", name="relu1"),
        L.MaxPooling1D(2, name="pool1"),
        L.Conv1D(8, 3, name="conv2"), L.Activation("relu", name="relu2"),
        L.Flatten(name="flatten"), L.Dense(5, name="dense")])
    return randomize(m, 13, 0.3), (64, 4), {"Strategy": "Latency", "ReuseFactor": 1}


def big():
    m = tf.keras.Sequential([tf.keras.Input((500,))] + [
        L.Dense(500, activation="relu", name=f"fc{i + 1}") for i in range(4)] + [
        L.Dense(10, name="output")])
    return randomize(m, 3, 0.05), (500,), {"Strategy": "Resource", "ReuseFactor": 50}


def timed(cmd, env=None):
    t0 = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return time.perf_counter() - t0, out


def compare(name, builder, samples, loom, work, csim=True):
    import hls4ml
    model, shape, strategy = builder()
    d = os.path.join(work, name)
    os.makedirs(d, exist_ok=True)
    h5 = os.path.join(d, name + ".h5")
    model.save(h5, include_optimizer=False)
    x = np.round(np.random.default_rng(1).normal(0, 2, (samples,) + shape) * 1024) / 1024
    x = x.astype(np.float32)
    xp = os.path.join(d, "x.npy")
    np.save(xp, x)

    cfg = hls4ml.utils.config_from_keras_model(model, granularity="model",
                                               default_precision="fixed<16,6>", backend="Vivado")
    cfg["Model"].update(strategy)
    t0 = time.perf_counter()
    hmodel = hls4ml.converters.convert_from_keras_model(
        model, hls_config=cfg, output_dir=os.path.join(d, "hls4ml_prj"), backend="Vivado",
        io_type="io_parallel")
    t_convert = time.perf_counter() - t0
    t0 = time.perf_counter()
    hmodel.compile()
    t_compile = time.perf_counter() - t0
    t0 = time.perf_counter()
    y_hls = np.asarray(hmodel.predict(x)).reshape(samples, -1)
    t_hls = time.perf_counter() - t0

    cfg_path = os.path.join(d, "loom.yml")
    with open(cfg_path, "w") as f:
        f.write("Model:\n  Precision: fixed<16,6>\n" +
                "".join(f"  {k}: {v}\n" for k, v in strategy.items()))
    print(f"\n## {name}: {samples} samples, fixed<16,6>, io_parallel, {strategy['Strategy']}, "
          f"ReuseFactor {strategy['ReuseFactor']}")
    print(f"hls4ml {hls4ml.__version__}: convert {t_convert:.2f} s, compile {t_compile:.1f} s, "
          f"predict {t_hls:.2f} s = {samples / t_hls:,.0f} samples/s")
    for threads in (1, 2):
        yp = os.path.join(d, f"y_loom{threads}.npy")
        wall, out = timed([loom, "predict", h5, "--config", cfg_path, "--input", xp, "--output",
                           yp, "--threads", str(threads)])
        emu = float(re.search(r"bit-exactly in ([0-9.]+) s", out).group(1))
        y_loom = np.load(yp).reshape(samples, -1)
        diff = int((y_loom != y_hls).sum())
        print(f"loom predict --threads {threads}: {wall:.3f} s end to end "
              f"({samples / wall:,.0f} samples/s, {t_hls / wall:.0f}x hls4ml), emulator "
              f"{emu:.3f} s ({samples / emu:,.0f} samples/s, {t_hls / emu:.0f}x); "
              f"{diff} of {y_hls.size} output values differ from hls4ml's")
    env = dict(os.environ, LOOM_CACHE_DIR=os.path.join(d, "loom_cache"))
    prj = os.path.join(d, "loom_prj")
    t_conv, _ = timed([loom, "convert", h5, "--config", cfg_path, "-o", prj, "--force"], env)
    if not csim:
        print(f"loom convert {t_conv:.2f} s; loom csim not run (--skip-csim)")
        return
    try:
        t_csim_cold, out = timed([loom, "csim", prj], env)
        ok = "bit for bit" in out
        # A second project (its own build) with the precompiled ap_types header already made.
        timed([loom, "convert", h5, "--config", cfg_path, "-o", prj + "2", "--force"], env)
        t_csim, out = timed([loom, "csim", prj + "2"], env)
        ok = ok and "bit for bit" in out
        print(f"loom convert {t_conv:.2f} s; loom csim (compile + run 16 samples + compare) "
              f"{t_csim_cold:.1f} s with an empty cache, {t_csim:.1f} s for a new project with "
              f"the precompiled header made (hls4ml compile() {t_compile:.1f} s); csim "
              f"{'equals' if ok else 'DIFFERS FROM'} the emulator")
    except subprocess.CalledProcessError as e:
        last = (e.stderr or e.stdout or "").strip().splitlines()
        print(f"loom convert {t_conv:.2f} s; loom csim FAILED: {' / '.join(last[-2:])}")
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("loom")
    ap.add_argument("--samples", type=int, default=20000, help="CNN samples (jet: 5x as many)")
    ap.add_argument("--big-samples", type=int, default=1000)
    ap.add_argument("--work-dir", default=None)
    ap.add_argument("--models", nargs="+", default=["jet", "cnn", "big"])
    ap.add_argument("--skip-csim", nargs="*", default=[], help="models not C-simulated")
    a = ap.parse_args()
    work = a.work_dir or tempfile.mkdtemp(prefix="hls4ml_side_by_side_")
    loom = os.path.abspath(a.loom)
    print(f"work dir {work}; {os.cpu_count()} CPUs")
    for name in a.models:
        builder = {"jet": jet, "cnn": cnn, "big": big, "sep": sep, "c1d": conv1d}[name]
        n = {"jet": 5 * a.samples, "big": a.big_samples}.get(name, a.samples)
        compare(name, builder, n, loom, work, csim=name not in a.skip_csim)


if __name__ == "__main__":
    main()
