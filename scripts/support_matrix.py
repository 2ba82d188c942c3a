#!/usr/bin/env python3
"""Writes docs/support-matrix.md from a run of the ONNX conformance tests.

usage: support_matrix.py RESULTS.jsonl CSIM.jsonl OUT.md [ZOO.json [ZOO_CSIM.json]]

RESULTS.jsonl comes from build/<preset>/onnx_node_conformance.jsonl, written by the
`onnx_node_conformance` CTest test (tests/conformance), CSIM.jsonl from onnx_node_csim.jsonl
(the `onnx_node_csim` test: the HLS projects' C-simulation). ZOO.json and ZOO_CSIM.json come
from tests/e2e/zoo_chain.py (the `zoo_chain` and `zoo_csim` tests) and give the model-zoo table.
Regenerate with scripts/support_matrix.sh.
"""
import collections
import json
import re
import sys


def short_reason(detail):
    # Drop the file/node prefix: "path: node 'x' (Op): unsupported: why" -> "why".
    d = re.sub(r"\S*\.(pb|onnx): ", "", detail)  # paths differ between checkouts
    d = re.sub(r"^node '[^']*' \([^)]*\): ", "", d)
    d = re.sub(r"^.*?: input '[^']*': ", "", d)
    d = re.sub(r"^(unsupported|error): ", "", d)
    d = re.sub(r"'[^']*'", "'…'", d)
    d = re.sub(r"expected [-0-9.e+]+, got [-0-9.e+]+", "values differ", d)
    return d[:110]


def emu_short_reason(detail):
    # The emulator's messages end with a suggested fix after "; ": the table shows only the reason.
    return short_reason(detail.split("; ")[0])


def emu_columns(rs):
    """The emulator cells of one op's row: pass, fail, unsupported, max error, reason."""
    ran = [r for r in rs if r.get("emu_status", "-") != "-"]
    if not ran:
        return ["-", "-", "-", "-", ""]
    c = collections.Counter(r["emu_status"] for r in ran)
    passed = [r["emu_max_abs_error"] for r in ran if r["emu_status"] == "pass"]
    max_err = f"{max(passed):.1g}" if passed else "-"
    reasons = collections.Counter(emu_short_reason(r["emu_detail"]) for r in ran
                                  if r["emu_status"] != "pass")
    reason = reasons.most_common(1)[0][0] if reasons else ""
    return [str(c["pass"]), str(c["fail"] + c["error"]), str(c["unsupported"]), max_err, reason]


def hls_columns(rs):
    """The firmware cells of one op's row: pass, fail, unsupported."""
    ran = [r for r in rs if r.get("hls_status", "-") != "-"]
    if not ran:
        return ["-", "-", "-"]
    c = collections.Counter(r["hls_status"] for r in ran)
    # "too-large": refused by io_parallel's size limit (an array over 4,096 elements).
    return [str(c["pass"]), str(c["fail"] + c["error"]), str(c["unsupported"] + c["too-large"])]


def zoo_section(path, csim_path):
    """The model-zoo table: every tests/zoo model through inspect, run, predict, convert, csim."""
    models = json.load(open(path))["models"]
    csim = {}
    if csim_path:
        for m in json.load(open(csim_path))["models"]:
            csim[m["name"]] = m["status"].get("csim", "skipped")

    def verdict(m):
        st = m["status"]
        if all(v == "unsupported" for v in st.values()):
            return "unsupported"
        return "pass" if all(st[s] == "ok" for s in ("inspect", "run", "predict")) else "fail"

    out = ["## Model zoo", "",
           "Generated from the `zoo_chain` and `zoo_csim` tests (`tests/e2e/zoo_chain.py`) on "
           "the models of `tests/zoo` (made by `tests/fixtures/make_zoo.py` from PyTorch, "
           "Brevitas and Keras exports; `manifest.json` says what each one holds). **pass**: "
           "`loom inspect` works, `loom run` matches the exporter's reference within 1e-5 "
           "relative, and `loom predict` at `fixed<32,16>` with 65536-entry tables is within "
           "the bound stated in `tests/e2e/chain.py` of the float result. **unsupported**: "
           "refused with the message listed in `tests/zoo/unsupported.json` (known gaps). "
           "**csim**: `loom convert` + `loom csim` equal to `loom predict` bit for bit "
           "(`ok`), or not C-simulated in this run (`-`).", ""]
    fam = collections.defaultdict(list)
    for m in models:
        fam[m["family"]].append(m)
    out.append("| family | models | pass | fail | unsupported | C-simulated equal |")
    out.append("|---|---|---|---|---|---|")
    for f in sorted(fam):
        c = collections.Counter(verdict(m) for m in fam[f])
        ok = sum(1 for m in fam[f] if csim.get(m["name"]) == "ok")
        out.append(f"| {f} | {len(fam[f])} | {c['pass']} | {c['fail']} | {c['unsupported']} | "
                   f"{ok} |")
    c = collections.Counter(verdict(m) for m in models)
    ok = sum(1 for v in csim.values() if v == "ok")
    out.append(f"| **all** | {len(models)} | {c['pass']} | {c['fail']} | {c['unsupported']} | "
               f"{ok} |")
    out += ["", "| model | family | position | opset | exporter | layout | result | csim |",
            "|---|---|---|---|---|---|---|---|"]
    for m in sorted(models, key=lambda m: m["name"]):
        cs = csim.get(m["name"], "skipped")
        cs = "-" if cs in ("skipped", "not-run", "unsupported") else cs
        out.append(f"| {m['name']} | {m['family']} | {m['position']} | {m['opset']} | "
                   f"{m['exporter']} | {m['layout']} | {verdict(m)} | {cs} |")
    out.append("")
    return out


def main():
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    hls = {}
    for line in open(sys.argv[2]):
        if line.strip():
            h = json.loads(line)
            hls[h["test"]] = h
    for r in rows:
        h = hls.get(r["test"])
        r["hls_status"] = h["hls_status"] if h else "-"
        r["hls_detail"] = h["hls_detail"] if h else ""
    by_op = collections.defaultdict(list)
    for r in rows:
        by_op[r["op"]].append(r)
    totals = collections.Counter(r["status"] for r in rows)
    emu_totals = collections.Counter(r.get("emu_status", "-") for r in rows)
    hls_totals = collections.Counter(r["hls_status"] for r in rows)
    out = []
    out.append("# ONNX support matrix")
    out.append("")
    out.append("Generated by `scripts/support_matrix.sh` from a run of the ONNX per-operator "
               "conformance tests (`../shared/models/onnx-node`, from onnx/onnx) through loom's "
               "importer, float reference engine, bit-exact fixed-point emulator and HLS "
               "backend (C-simulated). Do not "
               "edit by hand: the "
               "`support_matrix_up_to_date` test fails when this file differs from a fresh run.")
    out.append("")
    out.append("- **pass**: imported, and every output within 1e-5 relative / 1e-6 absolute of the "
               "stored reference.")
    out.append("- **fail**: imported, but an output differs (a bug).")
    out.append("- **unsupported**: loom refuses the model with a message (the most common reason "
               "is shown). Many are tests that operate across axis 0, which loom treats as the "
               "batch axis, or use integer inputs.")
    out.append("- **emulator**: every test the float engine passes is run again through the "
               "bit-exact fixed-point emulator, with every type made wide (`Model: Precision: "
               "fixed<48,24>`, `table_size: 1048576`, i.e. 2^20-entry lookup tables), and compared "
               "with the same reference within 1e-4 absolute + 1e-4 relative. Only the lookup "
               "tables (sigmoid, tanh, softmax, elu, softplus, ...) approximate at these widths; "
               "*max error* is the largest absolute error over the op's passing tests. "
               "**emulator fail** means a wrong result (a bug); **emulator unsupported** means "
               "precision assignment or the emulator refused the graph with a message (the most "
               "common is shown); `-` means the float engine did not pass the op's tests.")
    out.append("- **firmware**: every test the emulator passes is converted by `loom convert` "
               "(HLS backend, io_parallel, Latency) with everyday types (`Model: Precision: "
               "fixed<32,16>`, `table_size: 1024`), the project is C-simulated with g++ against "
               "Xilinx's ap_types headers on the test's inputs, and every output must equal the "
               "emulator's at the same configuration bit for bit. **firmware fail** is a "
               "mismatch or a project that does not compile (a bug); **firmware unsupported** "
               "means the HLS backend refused the graph (among them, tests whose arrays exceed "
               "the 4,096 elements an io_parallel array may have: docs/hls-backend.md, \"Size "
               "limits\").")
    out.append("")
    out.append(f"Totals: {len(rows)} tests, {totals['pass']} pass, {totals['fail']} fail, "
               f"{totals['error']} error, {totals['unsupported']} unsupported.")
    out.append("")
    out.append(f"Emulator totals (over the {totals['pass']} tests the float engine passes): "
               f"{emu_totals['pass']} pass, {emu_totals['fail'] + emu_totals['error']} fail, "
               f"{emu_totals['unsupported']} unsupported.")
    out.append("")
    out.append(f"Firmware totals (over the {emu_totals['pass']} tests the emulator passes): "
               f"{hls_totals['pass']} equal the emulator bit for bit, "
               f"{hls_totals['fail'] + hls_totals['error']} fail, "
               f"{hls_totals['unsupported'] + hls_totals['too-large']} unsupported "
               f"({hls_totals['too-large']} of them too large for io_parallel).")
    out.append("")
    out.append("| op | tests | pass | fail | unsupported | most common reason | emulator pass | "
               "emulator fail | emulator unsupported | emulator max error | emulator reason | "
               "firmware pass | firmware fail | firmware unsupported |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for op in sorted(by_op):
        rs = by_op[op]
        c = collections.Counter(r["status"] for r in rs)
        reasons = collections.Counter(short_reason(r["detail"]) for r in rs
                                      if r["status"] in ("unsupported", "error", "fail"))
        reason = reasons.most_common(1)[0][0] if reasons else ""
        emu = " | ".join(cell.replace("|", "/") for cell in emu_columns(rs))
        fw = " | ".join(hls_columns(rs))
        out.append(f"| {op} | {len(rs)} | {c['pass']} | {c['fail'] + c['error']} | "
                   f"{c['unsupported']} | {reason.replace('|', '/')} | {emu} | {fw} |")
    out.append("")
    out.append("## Every test")
    out.append("")
    out.append("| test | op | result | detail | emulator | emulator detail | firmware | "
               "firmware detail |")
    out.append("|---|---|---|---|---|---|---|---|")
    for r in sorted(rows, key=lambda r: r["test"]):
        detail = short_reason(r["detail"]) if r["status"] != "pass" else ""
        emu = r.get("emu_status", "-")
        emu_detail = emu_short_reason(r["emu_detail"]) if emu not in ("pass", "-") else ""
        fw = r["hls_status"]
        fw_detail = short_reason(r["hls_detail"]) if fw not in ("pass", "-") else ""
        out.append(f"| {r['test']} | {r['op']} | {r['status']} | {detail.replace('|', '/')} | "
                   f"{emu} | {emu_detail.replace('|', '/')} | {fw} | "
                   f"{fw_detail.replace('|', '/')} |")
    out.append("")
    if len(sys.argv) > 4:
        out += zoo_section(sys.argv[4], sys.argv[5] if len(sys.argv) > 5 else None)
    with open(sys.argv[3], "w") as f:
        f.write("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
