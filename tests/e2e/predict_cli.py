#!/usr/bin/env python3
"""`loom predict` and `loom config` on the project's fixtures:

1. hls4ml's .dat text input gives the same bits as the same samples in .npy;
2. one thread and two threads give the same bits and the same overflow table;
3. `loom config --granularity name` writes every resolved type; predicting with that file gives
   the same bits as predicting without it (the configuration is complete and read back exactly);
4. `--trace` writes one .npy per layer plus index.tsv, and the last layer's trace is the output;
5. a too-narrow accumulator is reported: the overflow table names the first layer that overflows;
6. `--calibrate` sizes result types from observed ranges and prints them per layer.
"""
import os
import re
import subprocess
import sys
import tempfile

import numpy as np


def run(args, expect=0):
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != expect:
        raise SystemExit(f"FAIL: {' '.join(args)} exited {r.returncode}\n{r.stdout}{r.stderr}")
    return r.stdout + r.stderr


def main():
    loom, fixtures = sys.argv[1], sys.argv[2]
    model = os.path.join(fixtures, "jet_mlp.onnx")
    x = np.load(os.path.join(fixtures, "jet_mlp.input.npy"))
    checks = 0
    with tempfile.TemporaryDirectory() as tmp:
        p = lambda name: os.path.join(tmp, name)  # noqa: E731
        # Many samples on a wide range, so that something overflows fixed<16,6> somewhere.
        rng = np.random.default_rng(3)
        xs = (rng.normal(0, 6, size=(5000, 16))).astype(np.float32)
        np.save(p("x.npy"), xs)
        with open(p("x.dat"), "w") as f:
            for row in xs:
                f.write(" ".join(repr(float(v)) for v in row) + "\n")

        # 1. .dat == .npy
        run([loom, "predict", model, "--input", p("x.npy"), "--output", p("a.npy")])
        run([loom, "predict", model, "--input", p("x.dat"), "--output", p("b.npy")])
        assert np.array_equal(np.load(p("a.npy")), np.load(p("b.npy"))), ".dat and .npy differ"
        checks += 1

        # 2. thread count
        t1 = run([loom, "predict", model, "--input", p("x.npy"), "--output", p("t1.npy"),
                  "--threads", "1"])
        t2 = run([loom, "predict", model, "--input", p("x.npy"), "--output", p("t2.npy"),
                  "--threads", "2"])
        assert np.array_equal(np.load(p("t1.npy")), np.load(p("t2.npy"))), "threads change bits"
        table = lambda out: out[out.index("layer"):]  # noqa: E731
        assert table(t1) == table(t2), "threads change the overflow table"
        checks += 1

        # 3. config round trip at name granularity (also through JSON)
        for fmt in ("yaml", "json"):
            cfg = p("c." + fmt)
            run([loom, "config", model, "--granularity", "name", "--format", fmt, "-o", cfg])
            text = open(cfg).read()
            assert "LayerName" in text and "fc0" in text, text
            run([loom, "predict", model, "--config", cfg, "--input", p("x.npy"),
                 "--output", p("c.npy")])
            assert np.array_equal(np.load(p("a.npy")), np.load(p("c.npy"))), \
                f"predict with the {fmt} name-granularity config differs from the defaults"
            checks += 1
        for gran in ("model", "type"):
            out = run([loom, "config", model, "--granularity", gran])
            assert "Model:" in out and ("LayerType" in out) == (gran == "type"), out
            checks += 1

        # 4. trace
        run([loom, "predict", model, "--input", p("x.npy"), "--output", p("y.npy"),
             "--trace", p("trace")])
        files = sorted(os.listdir(p("trace")))
        index = open(p("trace/index.tsv")).read().splitlines()
        assert index[0] == "file\tnode\ttype\tlayers", index[0]
        assert len(index) - 1 == len(files) - 1, (index, files)
        last = index[-1].split("\t")[0]
        assert np.array_equal(np.load(p("trace/" + last)), np.load(p("y.npy"))), last
        checks += 1

        # 5. a narrow accumulator on the first layer: reported, and named as the first overflow
        with open(p("narrow.yml"), "w") as f:
            f.write("LayerName:\n  fc0:\n    Precision:\n      accum: fixed<8,3>\n")
        out = run([loom, "predict", model, "--config", p("narrow.yml"), "--input", p("x.npy"),
                   "--output", p("n.npy")])
        m = re.search(r"^fc0 +dense +\S+ +(\d+) +(\d+) +(\d+)", out, re.M)
        assert m and int(m.group(3)) > 0, out
        assert re.search(r"first layer that overflows: [^\n]*node 'fc0' \(Gemm\): \d+ accumulator",
                         out), out
        checks += 1
        # 6. calibration: result types from the observed ranges, printed per layer, and close to
        # the float engine on the same data (10 fraction bits)
        out = run([loom, "predict", model, "--calibrate", p("x.npy"), "--show-precision",
                   "--input", p("x.npy"), "--output", p("cal.npy")])
        assert re.search(r"^fc0 +result +fixed<\d+,\d+> +calibrated \[", out, re.M), out
        run([loom, "run", model, "--input", p("x.npy"), "--output", p("float.npy")])
        err = np.max(np.abs(np.load(p("cal.npy")) - np.load(p("float.npy"))))
        assert err < 0.05, f"calibrated emulation differs from float by {err}"
        checks += 1
    print(f"predict_cli: {checks} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
