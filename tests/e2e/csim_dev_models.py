#!/usr/bin/env python3
"""`loom convert` + `loom csim` on the dev models in ../shared/models: for each, with loom's
default precision and with hls4ml's ap_fixed<16,6> everywhere (Latency, and Resource with a
ReuseFactor), in io_parallel and io_stream, the generated project's C-simulation must equal the
emulator bit for bit. The io_stream Resource configuration gets loom's optimized FIFO depths and
is C-simulated as threads over FIFOs bounded by them (loom csim --threaded). The 512x512 and
256x256 models are refused by io_parallel (naming io_stream) and C-simulated in io_stream on one
sample each, with the optimized depths, threaded; then the 256x256 model's deepest FIFO (a skip
connection) is cut to 1/16 of its depth and the threaded run must report a deadlock naming it."""
import os
import re
import subprocess
import sys
import tempfile

MODELS = ["onnx/three_layer_keras.onnx", "onnx/two_layer_keras.onnx",
          "onnx/conv1d_small_keras.onnx", "onnx/conv2d_small_keras.onnx",
          "qonnx/qkeras_jettagging.onnx", "onnx/bnn_model_fc_1layer.onnx"]
CONFIGS = {
    "default": None,
    "ap16_latency": "Model:\n  Precision: ap_fixed<16,6>\n",
    "ap16_resource": "Model:\n  Precision: ap_fixed<16,6>\n  ReuseFactor: {rf}\n  Strategy: Resource\n",
    "stream": "IOType: io_stream\n",
    "stream_ap16_resource": "IOType: io_stream\nModel:\n  Precision: ap_fixed<16,6>\n"
                            "  ReuseFactor: {rf}\n  Strategy: Resource\n",
}
# Converted with --fifo-depths optimized and C-simulated with --threaded.
THREADED = {"stream_ap16_resource"}
# Large models whose deepest FIFO is a skip path: cut to 1/16 of its depth, the run deadlocks.
RECONVERGENT = {"onnx/branched_model_ch_last.onnx"}
# Too large for io_parallel: io_stream, one sample (kilobytes of firmware plus the weights).
STREAM_LARGE = ["onnx/separable_conv_model_ch_last.onnx", "onnx/branched_model_ch_last.onnx"]
# Models io_parallel cannot hold: refused before anything is written, with a message naming the
# arrays and io_stream (the 512x512 and 256x256 dev models: 4,194,304-element feature maps).
REFUSED = {"onnx/separable_conv_model_ch_last.onnx": ["has 4194304 elements, over the 4096",
                                                      "set IOType: io_stream"],
           "onnx/branched_model_ch_last.onnx": ["has 196608 elements, over the 4096",
                                                "set IOType: io_stream"]}
# ReuseFactor for the Resource configuration: a divisor of every layer's multiplication count.
# (conv1d_small_keras has layers of 48 and 25 multiplications: only 1 divides both.)
REUSE = {"onnx/conv1d_small_keras.onnx": 1}


def main():
    loom, models_dir = sys.argv[1], sys.argv[2]
    if not os.path.isdir(models_dir):
        print(f"csim_dev_models: {models_dir} is absent; skipping")
        return 77
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for model in MODELS:
            path = os.path.join(models_dir, model)
            for name, text in CONFIGS.items():
                if text:
                    with open(os.path.join(tmp, name + ".yml"), "w") as f:
                        f.write(text.replace("{rf}", str(REUSE.get(model, 2))))
                prj = os.path.join(tmp, os.path.basename(model) + "_" + name)
                threaded = name in THREADED
                args = [loom, "convert", path, "-o", prj, "--samples", "8"]
                if text:
                    args += ["--config", os.path.join(tmp, name + ".yml")]
                if threaded:
                    args += ["--fifo-depths", "optimized"]
                r = subprocess.run(args, capture_output=True, text=True)
                if r.returncode != 0:
                    print(f"FAIL {model} [{name}]: convert: {r.stderr.strip()}")
                    failures += 1
                    continue
                c = subprocess.run([loom, "csim", prj] + (["--threaded"] if threaded else []),
                                   capture_output=True, text=True)
                if c.returncode != 0 or "matches the emulator bit for bit" not in c.stdout:
                    print(f"FAIL {model} [{name}]: csim:\n{c.stdout}{c.stderr}")
                    failures += 1
                    continue
                print(f"ok   {model} [{name}]: {c.stdout.strip().splitlines()[-1]}")
        with open(os.path.join(tmp, "stream_large.yml"), "w") as f:
            f.write("IOType: io_stream\n")
        for model in STREAM_LARGE:
            prj = os.path.join(tmp, os.path.basename(model) + "_stream")
            r = subprocess.run([loom, "convert", os.path.join(models_dir, model), "-o", prj,
                                "--samples", "1", "--config",
                                os.path.join(tmp, "stream_large.yml"), "--fifo-depths",
                                "optimized"],
                               capture_output=True, text=True)
            if r.returncode != 0:
                print(f"FAIL {model} [io_stream]: convert: {r.stderr.strip()[-2000:]}")
                failures += 1
                continue
            # The optimized depths are written into the STREAM pragmas and save memory.
            m = re.search(r"fifos: (\d+), (\d+) bits and (\d+) BRAM18 at the worst-case depths, "
                          r"(\d+) bits and (\d+) BRAM18 optimized", r.stdout)
            depths = dict(re.findall(r"^(\S+)\s+\d+\s+\d+\s+(\d+)\s+\d+\s+\d+$", r.stdout, re.M))
            with open(os.path.join(prj, "firmware", "myproject.cpp")) as f:
                pragmas = dict(re.findall(r"STREAM variable = (\S+) depth = (\d+)", f.read()))
            if not m or int(m.group(4)) * 10 > int(m.group(2)) or not pragmas or \
                    pragmas != depths:
                print(f"FAIL {model} [io_stream]: optimized FIFO depths not reported or not "
                      f"written:\n{r.stdout[-3000:]}")
                failures += 1
                continue
            print(f"ok   {model} [io_stream]: FIFOs {m.group(2)} bits ({m.group(3)} BRAM18) at "
                  f"worst-case depths, {m.group(4)} bits ({m.group(5)} BRAM18) optimized")
            size = sum(os.path.getsize(os.path.join(d, f))
                       for d, _, fs in os.walk(os.path.join(prj, "firmware")) for f in fs)
            # Every process a thread and every FIFO bounded by its optimized depth: the run
            # completes and equals the emulator. (The sequential C-simulation of the same code is
            # checked on the small models above; this one takes a minute per model, not two.)
            t = subprocess.run([loom, "csim", prj, "--threaded"], capture_output=True, text=True)
            if t.returncode != 0 or "(threaded, bounded FIFOs) matches the emulator bit for bit" \
                    not in t.stdout:
                print(f"FAIL {model} [io_stream, threaded]:\n{t.stdout[-3000:]}{t.stderr[-2000:]}")
                failures += 1
                continue
            print(f"ok   {model} [io_stream, firmware {size // 1024} KiB]: "
                  f"{t.stdout.strip().splitlines()[-1]}")
            if model not in RECONVERGENT:
                continue
            deepest = max(depths, key=lambda k: int(depths[k]))
            cut = max(1, int(depths[deepest]) // 16)
            k = subprocess.run([loom, "csim", prj, "--threaded", "--fifo-depth",
                                f"{deepest}={cut}"], capture_output=True, text=True)
            if "csim: deadlock:" not in k.stdout or k.returncode != 1 or deepest not in k.stdout:
                print(f"FAIL {model} [io_stream, threaded, {deepest} cut from {depths[deepest]} "
                      f"to {cut}]: expected a deadlock naming it:\n{k.stdout[-3000:]}"
                      f"{k.stderr[-2000:]}")
                failures += 1
                continue
            print(f"ok   {model} [io_stream, threaded, {deepest} cut from {depths[deepest]} to "
                  f"{cut}]: deadlock reported")
        for model, wants in REFUSED.items():
            prj = os.path.join(tmp, "refused")
            r = subprocess.run([loom, "convert", os.path.join(models_dir, model), "-o", prj,
                                "--samples", "1"], capture_output=True, text=True)
            missing = [w for w in wants if w not in r.stderr]
            if r.returncode == 0 or missing or os.path.exists(prj):
                print(f"FAIL {model}: expected a refusal naming {missing or wants}, got exit "
                      f"{r.returncode}:\n{r.stderr[-2000:]}")
                failures += 1
            else:
                print(f"ok   {model}: refused ({r.stderr.strip().splitlines()[-1][:120]}...)")
    print(f"csim_dev_models: {failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
