#!/usr/bin/env python3
"""Every model of the zoo (tests/zoo/manifest.json) through loom's chain (chain.check_model):
inspect, run against the stored reference, predict with wide types against run, and optionally
convert + csim bit for bit against the emulator.

    zoo_chain.py LOOM ZOO_DIR [--csim all|none|N] [--lint] [--io parallel|stream] [--threaded]
                 [--results FILE]
                 [--only SUBSTRING]

--csim N C-simulates N models chosen round-robin over the families (so a small N still covers
every family); the others stop after predict. --lint converts every model and checks each project
with hls_lint.py (the rules the HLS tools enforce). --results writes one JSON record per model: the
status of each step ("ok", "fail", "not-run" when an earlier step failed, "skipped" when not
asked for), the failure messages, the measured errors and the time taken. The last line is
"zoo_chain: N models, F failure(s)", F counting the models with at least one failure.
"""
import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chain  # noqa: E402

STEPS = ["inspect", "run", "predict", "convert", "lint", "csim"]
RUN_TOL = 1e-5  # loom's float engine against ONNX Runtime / the QONNX executor, relative


def csim_selection(models, spec):
    """Names of the models to C-simulate for --csim all|none|N."""
    if spec == "all":
        return {m["name"] for m in models}
    if spec == "none":
        return set()
    count = int(spec)
    by_family = {}
    for m in models:
        by_family.setdefault(m["family"], []).append(m["name"])
    chosen, round_ = [], 0
    while len(chosen) < count and any(round_ < len(v) for v in by_family.values()):
        for family in sorted(by_family):
            if round_ < len(by_family[family]) and len(chosen) < count:
                chosen.append(by_family[family][round_])
        round_ += 1
    return set(chosen)


def step_status(failures, csim, lint=False):
    """Per-step status from check_model's messages ("<step>: <model>: ...")."""
    failed = {msg.split(":", 1)[0] for msg in failures}
    status = {}
    for step in STEPS:
        if (step == "csim" and not csim) or (step == "convert" and not (csim or lint)) or \
                (step == "lint" and not lint):
            status[step] = "skipped"
        elif step in failed:
            status[step] = "fail"
        else:
            status[step] = "ok"
    # predict is compared against run and csim needs a project: a failure upstream means the
    # later step never produced a verdict.
    if status["run"] == "fail" and status["predict"] == "ok" and \
            any(m.startswith("run:") and "loom run" in m for m in failures):
        status["predict"] = "not-run"  # predict ran, but there was nothing to compare it with
    if status["convert"] == "fail":
        status["csim"] = "not-run" if csim else status["csim"]
        status["lint"] = "not-run" if lint else status["lint"]
    return status


def check_refused(loom, model, expected):
    """A model listed in unsupported.json must be refused cleanly with the expected text."""
    r = subprocess.run([loom, "inspect", model], capture_output=True, text=True)
    if r.returncode == 0:
        return [f"inspect: {model}: now imports; remove it from tests/zoo/unsupported.json"]
    if r.returncode != 2 or "internal error" in r.stderr or expected not in r.stderr:
        return [f"inspect: {model}: expected exit 2 with '{expected}', got {r.returncode}:\n"
                f"    {r.stderr.strip()[-400:]}"]
    return []


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("loom")
    parser.add_argument("zoo_dir")
    parser.add_argument("--csim", default="none", help="all, none, or a number of models")
    parser.add_argument("--results", help="write per-model results as JSON to this file")
    parser.add_argument("--only", help="only models whose name contains this")
    parser.add_argument("--io", choices=["parallel", "stream"], default="parallel",
                        help="the IOType of the converted projects (default io_parallel)")
    parser.add_argument("--threaded", action="store_true",
                        help="with --io stream: loom's optimized FIFO depths, and C-simulation "
                             "as threads over FIFOs bounded by them (loom csim --threaded)")
    parser.add_argument("--lint", action="store_true",
                        help="convert every model and check its project with hls_lint.py")
    args = parser.parse_args()
    if args.csim not in ("all", "none") and not args.csim.isdigit():
        parser.error(f"--csim takes all, none or a number, not '{args.csim}'")

    with open(os.path.join(args.zoo_dir, "manifest.json")) as f:
        models = json.load(f)["models"]
    if args.only:
        models = [m for m in models if args.only in m["name"]]
    refused_path = os.path.join(args.zoo_dir, "unsupported.json")
    refused = {}
    if os.path.exists(refused_path):
        with open(refused_path) as f:
            refused = json.load(f)["models"]
    to_csim = csim_selection([m for m in models if m["name"] not in refused], args.csim)

    records, failed_models = [], 0
    start_all = time.monotonic()
    for m in models:
        name = m["name"]
        base = os.path.join(args.zoo_dir, name)
        csim = name in to_csim
        stats = {}
        start = time.monotonic()
        if name in refused:
            failures = check_refused(args.loom, base + ".onnx", refused[name])
            seconds = time.monotonic() - start
            status = {s: "unsupported" if not failures else "fail" for s in STEPS}
        else:
            failures = chain.check_model(args.loom, base + ".onnx", base + ".input.npy",
                                         base + ".output.npy", csim=csim, run_tol=RUN_TOL,
                                         stats=stats, lint=args.lint,
                                         threaded=args.threaded and args.io == "stream",
                                         config_text=(chain.WIDE_CONFIG + "IOType: io_stream\n"
                                                      if args.io == "stream" else None))
            seconds = time.monotonic() - start
            status = step_status(failures, csim, args.lint)
        failed_models += bool(failures)
        steps = " ".join(f"{s}={v}" for s, v in status.items() if v != "skipped")
        print(f"{'FAIL' if failures else 'ok  '} {name} ({steps}) {seconds:.1f} s", flush=True)
        for message in failures:
            print("     " + message.replace("\n", "\n     "), flush=True)
        records.append(dict(name=name, family=m["family"], position=m["position"],
                            opset=m["opset"], exporter=m["exporter"], layout=m["layout"],
                            status=status, errors=failures, seconds=round(seconds, 2),
                            run_err=stats.get("run_err"), predict_err=stats.get("predict_err")))

    total = time.monotonic() - start_all
    if args.results:
        with open(args.results, "w") as f:
            json.dump({"loom": args.loom, "csim": args.csim, "seconds": round(total, 1),
                       "models": records}, f, indent=1)
            f.write("\n")
    n_refused = sum(1 for m in models if m["name"] in refused)
    print(f"zoo_chain: {len(models)} models, {failed_models} failure(s) "
          f"({total:.0f} s, {len(to_csim)} C-simulated, {n_refused} refused as listed in "
          f"unsupported.json)")
    return 1 if failed_models else 0


if __name__ == "__main__":
    sys.exit(main())
