#!/usr/bin/env python3
"""Compares a project's C-synthesis report with what loom's lowering decided.

    vendor_check.py PROJECT_DIR

Reads PROJECT_DIR/loom_expected.json (written by loom convert) and the vendor tool's report
PROJECT_DIR/<project>_prj/solution1/syn/report/<project>_csynth.xml (Vivado HLS and Vitis HLS
write the same layout; Vivado names the DSP count DSP48E, Vitis DSP). Prints the tool's interval,
latency, DSP, LUT, FF and BRAM beside loom's expected interval and multipliers, one line per
quantity, and "vendor_check: N disagreement(s)" where the interval differs from loom's or the DSP
count is outside [multipliers / 4, multipliers] (narrow constant multiplications often become LUTs,
so fewer DSPs than multipliers is expected; more is not). Exit status 0 when the report was read
(disagreements are findings to send back, not failures), 2 when it is missing or unreadable.
"""
import json
import os
import sys
import xml.etree.ElementTree as ET


def read_report(path):
    root = ET.parse(path).getroot()
    perf = root.find("./PerformanceEstimates/SummaryOfOverallLatency")
    out = {}
    if perf is not None:
        for tag, key in (("Best-caseLatency", "latency_best"), ("Worst-caseLatency", "latency_worst"),
                         ("Interval-min", "interval_min"), ("Interval-max", "interval_max")):
            node = perf.find(tag)
            if node is not None and node.text and node.text.strip().isdigit():
                out[key] = int(node.text.strip())
    clock = root.find("./PerformanceEstimates/SummaryOfTimingAnalysis/EstimatedClockPeriod")
    if clock is not None and clock.text:
        out["estimated_clock_ns"] = float(clock.text)
    resources = root.find("./AreaEstimates/Resources")
    if resources is not None:
        for child in resources:
            tag = "DSP" if child.tag == "DSP48E" else child.tag
            if child.text and child.text.strip().isdigit():
                out[tag] = int(child.text.strip())
    return out


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    prj = sys.argv[1]
    try:
        with open(os.path.join(prj, "loom_expected.json")) as f:
            expected = json.load(f)
    except (OSError, ValueError) as e:
        print(f"vendor_check: {prj}: cannot read loom_expected.json ({e}); convert the model with "
              "this loom first")
        return 2
    name = expected["project"]
    report = os.path.join(prj, f"{name}_prj", "solution1", "syn", "report", f"{name}_csynth.xml")
    if not os.path.isfile(report):
        print(f"vendor_check: {report} is missing; run C-synthesis first "
              f"(vitis_hls -f build_prj.tcl \"csim=0 synth=1\")")
        return 2
    try:
        got = read_report(report)
    except ET.ParseError as e:
        print(f"vendor_check: {report}: not a C-synthesis report ({e})")
        return 2
    disagreements = 0
    print(f"{'quantity':<24}{'loom':>12}{'tool':>12}  note")
    interval = got.get("interval_max", got.get("interval_min"))
    note = ""
    if interval is None:
        note = "the report gives no interval"
    elif interval != expected["interval"]:
        note = "DISAGREES: the tool's interval differs from loom's " + expected["style"] + " model"
        disagreements += 1
    print(f"{'interval (cycles)':<24}{expected['interval']:>12}{str(interval):>12}  {note}")
    print(f"{'latency (cycles)':<24}{'-':>12}"
          f"{str(got.get('latency_worst', '?')):>12}  loom does not estimate latency yet")
    dsp = got.get("DSP")
    mult = expected["multipliers"]
    note = ""
    if dsp is None:
        note = "the report gives no DSP count"
    elif dsp > mult:
        note = "DISAGREES: more DSPs than loom's multipliers"
        disagreements += 1
    elif mult > 0 and dsp * 4 < mult:
        note = "DISAGREES: under a quarter of loom's multipliers are DSPs"
        disagreements += 1
    print(f"{'DSP / multipliers':<24}{mult:>12}{str(dsp):>12}  {note}")
    for key in ("LUT", "FF", "BRAM_18K", "URAM"):
        if key in got:
            print(f"{key:<24}{'-':>12}{got[key]:>12}")
    if "estimated_clock_ns" in got:
        print(f"{'clock (ns)':<24}{expected['clock_period_ns']:>12}{got['estimated_clock_ns']:>12}"
              "  target vs estimated")
    print(f"vendor_check: {disagreements} disagreement(s) between loom's lowering "
          f"({expected['style']}, interval {expected['interval']}, {mult} multipliers) and "
          f"{os.path.relpath(report, prj)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
