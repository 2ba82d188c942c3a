#!/usr/bin/env python3
"""One model through loom's chain: inspect, run vs ONNX Runtime, predict vs run, convert + csim.

check_model() returns a list of failure messages (empty = pass); it is shared by the random-graph
test (scripts/random_graphs.py) and the model-zoo test. Every loom call fails the check when it
crashes (killed by a signal), exits nonzero, times out, or prints "internal error"; each message
names the step and the model and ends with the tail of loom's stderr.

The bound for (c), `loom predict` with the wide configuration against the float engine, relative
to max(1, max|y|): 2e-3 + 1e-3 per lookup-table op + 2^-15 per input of every linear layer
(summed fan-in K of Gemm/MatMul/Conv/ConvTranspose). Why: with fixed<32,16> everywhere the LSB is
2^-16 and the default rounding truncates, so each accumulated product loses up to one LSB, always
in the same direction: a layer with K inputs is biased by up to K LSBs (measured: 0.0086 for
K = 756, i.e. 0.75 K LSB), plus up to one LSB per weight times |x|; 2 LSBs per input covers both,
and summing over layers covers errors carried forward (random weights ~1/sqrt(K) have gain ~1).
A lookup table (sigmoid, tanh, softmax, softplus, softsign, elu, selu) adds its bucket error: at
65536 entries softsign (window [-32, 32), slope 1: 5e-4) is the worst, hence 1e-3 each. The
largest error over 6,000 random graphs (scripts/random_graphs.py) was 0.67 of this bound. Pass
predict_tol to override it, or predict_tol=math.inf to skip the comparison (used with narrow
random types, where only the emulator-vs-csim bits matter).
"""
import argparse
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile

import numpy as np

WIDE_CONFIG = "Model:\n  Precision: fixed<32,16>\n  table_size: 65536\n"
TABLE_OPS = {"Sigmoid", "Tanh", "Softmax", "Softplus", "Softsign", "Elu", "Selu", "LogSoftmax", "Exp",
             "LayerNormalization", "InstanceNormalization",
             "Erf", "Gelu"}
LINEAR_OPS = {"Gemm", "MatMul", "Conv", "ConvTranspose"}
UNKNOWN_FAN_IN = 256
TIMEOUTS = {"csim": 600}  # seconds per loom call; everything else gets 120
CSIM_OK = "matches the emulator bit for bit"


def _as_list(paths):
    if paths is None:
        return None
    return [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)


def _tail(text, lines=12):
    kept = text.strip().splitlines()[-lines:]
    return "\n".join("    " + line for line in kept) if kept else "    (empty)"


def _loom(step, model, args, failures, timeout=None):
    """Runs loom; appends a failure message and returns None unless it succeeded cleanly."""
    timeout = timeout or TIMEOUTS.get(step, 120)
    try:
        r = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        err = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else e.stderr or ""
        failures.append(f"{step}: {model}: timed out after {timeout} s\n{_tail(err)}")
        return None
    problem = None
    if r.returncode < 0:
        try:
            name = signal.Signals(-r.returncode).name
        except ValueError:
            name = str(-r.returncode)
        problem = f"crashed (signal {name})"
    elif r.returncode != 0:
        problem = f"exit status {r.returncode}"
    elif "internal error" in r.stderr:
        problem = "printed an internal error"
    if problem:
        tail = _tail(r.stderr) if r.stderr.strip() else _tail(r.stdout)
        failures.append(f"{step}: {model}: loom {args[1]} {problem}\n{tail}")
        return None
    return r


def _output_count(model):
    try:
        import onnx
        return len(onnx.load(model, load_external_data=False).graph.output)
    except Exception:  # not loadable by onnx: let loom say what is wrong with it
        return 1


def _bound_terms(model):
    """(table ops, summed fan-in of the linear layers) of the ONNX graph, for the default bound."""
    try:
        import onnx
        from onnx import numpy_helper
        graph = onnx.load(model, load_external_data=False).graph
    except Exception:
        return 0, 0
    shapes = {i.name: list(i.dims) for i in graph.initializer}
    for n in graph.node:
        if n.op_type == "Constant" and n.attribute and n.attribute[0].name == "value":
            shapes[n.output[0]] = list(numpy_helper.to_array(n.attribute[0].t).shape)
    tables, fan_in = 0, 0
    for n in graph.node:
        tables += n.op_type in TABLE_OPS
        w = shapes.get(n.input[1]) if len(n.input) > 1 else None
        if n.op_type not in LINEAR_OPS:
            continue
        if w is None or len(w) < 2:
            fan_in += UNKNOWN_FAN_IN  # a weight computed in the graph (e.g. dequantized)
        elif n.op_type == "Gemm":
            trans = any(a.name == "transB" and a.i for a in n.attribute)
            fan_in += w[1] if trans else w[0]
        elif n.op_type == "MatMul":
            fan_in += w[-2]
        else:  # Conv [M, C/g, k...], ConvTranspose [C, M/g, k...]: inputs per output, at most
            fan_in += math.prod(w[1:]) if n.op_type == "Conv" else w[0] * math.prod(w[2:])
    return tables, fan_in


def _compare(step, model, got_paths, want_paths, rel_tol, failures, what):
    """Compares .npy outputs pairwise: max |got - want| <= rel_tol * max(1, max |want|)."""
    worst = 0.0
    for i, (g, w) in enumerate(zip(got_paths, want_paths)):
        got, want = np.load(g).astype(np.float64), np.load(w).astype(np.float64)
        if got.size == want.size and got.shape != want.shape and got.ndim != want.ndim:
            got = got.reshape(want.shape)  # e.g. a per-sample scalar written as [N] vs [N, 1]
        if got.shape != want.shape:
            failures.append(f"{step}: {model}: output {i} has shape {list(got.shape)}, "
                            f"{what} has {list(want.shape)}")
            return None
        if not np.all(np.isfinite(got)):
            failures.append(f"{step}: {model}: output {i} has non-finite values")
            return None
        scale = max(1.0, float(np.max(np.abs(want))) if want.size else 1.0)
        err = float(np.max(np.abs(got - want))) if want.size else 0.0
        worst = max(worst, err / scale)
        if err > rel_tol * scale:
            at = np.unravel_index(int(np.argmax(np.abs(got - want))), want.shape)
            failures.append(f"{step}: {model}: output {i} differs from {what}: max abs error "
                            f"{err:.3g} > {rel_tol:.3g} x {scale:.3g} (at {[int(a) for a in at]}: "
                            f"{got[at]:.6g} vs {want[at]:.6g})")
    return worst


def default_predict_tol(model):
    """The default relative bound of predict (wide types) vs run; see the module docstring."""
    tables, fan_in = _bound_terms(model)
    return 2e-3 + 1e-3 * tables + 2.0 ** -15 * fan_in


def check_model(loom, model, x_npy, reference_npy=None, workdir=None, csim=True,
                config_text=None, run_tol=1e-4, predict_tol=None, stats=None, lint=False,
                threaded=False):
    """Runs inspect, run, predict and (if csim) convert + csim on model; returns failure messages.
    With lint, the project is converted (csim or not) and checked by hls_lint.py and, under plain
    tclsh, by tcl_check.py ("lint: ...").

    x_npy and reference_npy are a path or a list of paths (one per model input / output).
    config_text (default WIDE_CONFIG) is used by predict and convert. predict_tol is relative to
    max(1, max|y|) (None: default_predict_tol; math.inf: no comparison). If stats is a dict, the
    relative errors found are stored in it ("run_err", "predict_err"). threaded (io_stream
    configs): the project gets loom's optimized FIFO depths and its C-simulation runs every process
    as a thread over FIFOs bounded by those depths (loom csim --threaded).
    """
    inputs = _as_list(x_npy)
    refs = _as_list(reference_npy)
    own_dir = workdir is None
    workdir = tempfile.mkdtemp(prefix="loom_chain_") if own_dir else workdir
    os.makedirs(workdir, exist_ok=True)
    failures = []
    try:
        n_out = len(refs) if refs else _output_count(model)
        config = os.path.join(workdir, "config.yml")
        with open(config, "w") as f:
            f.write(config_text if config_text is not None else WIDE_CONFIG)
        run_out = [os.path.join(workdir, f"run{i}.npy") for i in range(n_out)]
        emu_out = [os.path.join(workdir, f"predict{i}.npy") for i in range(n_out)]

        # (a) inspect
        _loom("inspect", model, [loom, "inspect", model], failures)
        # (b) the float engine against ONNX Runtime
        ran = _loom("run", model, [loom, "run", model, "--input", *inputs, "--output", *run_out],
                    failures)
        if ran and refs:
            err = _compare("run", model, run_out, refs, run_tol, failures, "the reference")
            if stats is not None:
                stats["run_err"] = err
        # (c) the emulator with the given types against the float engine
        predicted = _loom("predict", model, [loom, "predict", model, "--config", config, "--input",
                                             *inputs, "--output", *emu_out], failures)
        tol = default_predict_tol(model) if predict_tol is None else predict_tol
        if predicted and ran and not math.isinf(tol):
            err = _compare("predict", model, emu_out, run_out, tol, failures, "loom run")
            if stats is not None:
                stats["predict_err"] = err
        # (d) the HLS project and its C-simulation against the emulator's bits
        if csim or lint:
            prj = os.path.join(workdir, "prj")
            converted = _loom("convert", model, [loom, "convert", model, "--config", config,
                                                 "--input", *inputs, "-o", prj, "--force",
                                                 *(["--fifo-depths", "optimized"] if threaded
                                                   else [])],
                              failures)
            if converted and lint:
                import hls_lint  # noqa: E402 (beside this file)
                import tcl_check  # noqa: E402
                stub = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tcl_stub.tcl")
                for problem in hls_lint.lint_project(prj) + tcl_check.check_project(stub, prj):
                    failures.append(f"lint: {model}: {problem}")
            if converted and csim:
                sim = _loom("csim", model,
                            [loom, "csim", prj, *(["--threaded"] if threaded else [])], failures)
                if sim and CSIM_OK not in sim.stdout:
                    failures.append(f"csim: {model}: no '{CSIM_OK}' in the output\n"
                                    f"{_tail(sim.stdout)}")
    finally:
        if own_dir:
            shutil.rmtree(workdir, ignore_errors=True)
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("loom")
    parser.add_argument("model")
    parser.add_argument("input", help=".npy input, batch axis first")
    parser.add_argument("reference", nargs="?", help=".npy reference output (ONNX Runtime)")
    parser.add_argument("--config", help="configuration file for predict/convert (default: wide)")
    parser.add_argument("--no-csim", action="store_true", help="skip convert + csim")
    parser.add_argument("--predict-tol", type=float, help="relative bound of predict vs run")
    args = parser.parse_args()
    config_text = open(args.config).read() if args.config else None
    failures = check_model(args.loom, args.model, args.input, args.reference,
                           csim=not args.no_csim, config_text=config_text,
                           predict_tol=args.predict_tol)
    for message in failures:
        print("FAIL " + message)
    print(f"chain: {args.model}: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
