#!/usr/bin/env python3
"""`loom fifo-import` without the vendor tool: an io_stream project is refused with the command
to run; then a synthetic Vitis HLS dataflow profile, laid out as hls4ml 1.3's Vitis FIFO optimizer
reads one (solution1/.autopilot/db/channel_info.csv naming each channel "<stream>_U" and its
chan_status file; the files in channel_depth_info/channel.zip, the count on the last line), is read
back beside loom's depths: every value printed is the one written, a channel above loom's depth
is flagged, a channel loom does not have is listed, --apply rewrites the pragmas (and the
threaded check's depths, whose run must still equal the emulator), and damaged profiles give
errors naming the file.

usage: fifo_import_test.py LOOM MODEL.onnx INPUT.npy
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile


def loom_run(loom, *args):
    return subprocess.run([loom, *args], capture_output=True, text=True, timeout=600)


def main():
    loom, model, x = sys.argv[1:4]
    failures = []

    def check(ok, what, detail=""):
        if not ok:
            failures.append(f"{what}\n{detail}".rstrip())

    tmp = tempfile.mkdtemp(prefix="loom_fifo_import_")
    try:
        cfg = os.path.join(tmp, "stream.yml")
        with open(cfg, "w") as f:
            f.write("IOType: io_stream\nModel:\n  Precision: ap_fixed<16,6>\n")
        prj = os.path.join(tmp, "prj")
        r = loom_run(loom, "convert", model, "--config", cfg, "--input", x, "-o", prj,
                     "--fifo-depths", "optimized")
        if r.returncode != 0:
            print(f"FAIL convert: {r.stderr}")
            return 1
        with open(os.path.join(prj, "loom_expected.json")) as f:
            fifos = json.load(f)["fifos"]
        check(len(fifos) >= 3, "the project has fewer than 3 FIFOs", str(fifos))

        # (1) No profile yet: refused, naming the file and the command that makes one.
        r = loom_run(loom, "fifo-import", prj)
        check(r.returncode == 2 and "channel_info.csv" in r.stderr and "fifo_profile=1" in
              r.stderr, "fifo-import without a profile", r.stderr)

        # (2) A profile: each FIFO's count is its optimized depth + 3 except the first, which
        # held fewer; plus a port channel loom does not size.
        db = os.path.join(prj, "myproject_prj", "solution1", ".autopilot", "db")
        status = os.path.join(db, "channel_depth_info")
        os.makedirs(status)
        counts = {f["name"]: f["optimized"] + 3 for f in fifos}
        counts[fifos[0]["name"]] = max(fifos[0]["optimized"] - 1, 0)
        rows, files = [], {}
        for k, (name, count) in enumerate(list(counts.items()) + [("input_1", 7)]):
            rows.append(f"{k},{name}_U,myproject,chan_status_{k}.csv")
            files[f"chan_status_{k}.csv"] = f"{name}\n{max(count, 1) + 5}\n0\n{count}\n"
        with open(os.path.join(db, "channel_info.csv"), "w") as f:
            f.write("\n".join(rows) + "\n")
        with zipfile.ZipFile(os.path.join(status, "channel.zip"), "w") as z:
            for name, text in files.items():
                z.writestr(name, text)
        r = loom_run(loom, "fifo-import", prj)
        check(r.returncode == 0, "fifo-import of a profile", r.stdout + r.stderr)
        table = {}
        for line in r.stdout.splitlines():
            m = re.match(r"^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+|-)(.*)$", line)
            if m:
                table[m.group(1)] = m.groups()
        for f in fifos:
            row = table.get(f["name"])
            check(row is not None and int(row[1]) == f["width_bits"] and int(row[2]) == f["worst"]
                  and int(row[3]) == f["optimized"] and int(row[4]) == f["depth"] and
                  int(row[5]) == counts[f["name"]], f"row of {f['name']}", r.stdout)
            above = counts[f["name"]] > f["optimized"]
            check(row is not None and ("above loom's optimized depth" in row[6]) == above,
                  f"flag of {f['name']}", r.stdout)
        check("not among loom's FIFOs (a port or a channel the tool made): input_1 (7)"
              in r.stdout, "the unknown channel is listed", r.stdout)
        check(f"{len(fifos)} of {len(fifos)} FIFOs profiled; {len(fifos) - 1} held more"
              in r.stdout, "the summary line", r.stdout)

        # (3) --apply: every pragma and threaded depth becomes the profiled count (at least 1).
        r = loom_run(loom, "fifo-import", prj, "--apply")
        check(r.returncode == 0 and f"profiled depths of {len(fifos)} FIFOs" in r.stdout,
              "fifo-import --apply", r.stdout + r.stderr)
        with open(os.path.join(prj, "firmware", "myproject.cpp")) as f:
            top = f.read()
        pragmas = {k: int(v) for k, v in re.findall(r"STREAM variable = (\S+) depth = (\d+)", top)}
        threaded = {k: int(v) for k, v in re.findall(r"set_depth\((\w+), (\d+)\)", top)}
        want = {k: max(v, 1) for k, v in counts.items()}
        check(pragmas == want and threaded == want, "depths after --apply",
              f"pragmas {pragmas}\nthreaded {threaded}\nwanted {want}")
        # Deeper than loom's depths everywhere but one FIFO cut by one beat: whether the run
        # completes is the threaded check's to say; with every FIFO at optimized + 3 it must.
        counts[fifos[0]["name"]] = fifos[0]["optimized"] + 3
        with open(os.path.join(db, "channel_info.csv"), "w") as f:
            f.write("\n".join(rows) + "\n")
        with zipfile.ZipFile(os.path.join(status, "channel.zip"), "w") as z:
            for k, (name, count) in enumerate(list(counts.items()) + [("input_1", 7)]):
                z.writestr(f"chan_status_{k}.csv", f"{name}\n0\n{count}\n")
        r = loom_run(loom, "fifo-import", prj, "--apply")
        check(r.returncode == 0, "second --apply", r.stdout + r.stderr)
        r = loom_run(loom, "csim", prj, "--threaded")
        check(r.returncode == 0 and "(threaded, bounded FIFOs) matches the emulator bit for bit"
              in r.stdout, "threaded csim with the applied depths", r.stdout[-2000:] + r.stderr)

        # (4) Damaged profiles: a zip that is not one, a status file that is missing, a last line
        # that is not a count.
        with open(os.path.join(status, "channel.zip"), "w") as f:
            f.write("not a zip")
        r = loom_run(loom, "fifo-import", prj)
        check(r.returncode == 2 and "channel.zip: error: not a readable zip archive" in r.stderr,
              "a damaged channel.zip", r.stderr)
        os.remove(os.path.join(status, "channel.zip"))
        r = loom_run(loom, "fifo-import", prj)
        check(r.returncode == 2 and "chan_status_0.csv is in neither" in r.stderr,
              "a missing status file", r.stderr)
        for k, (name, count) in enumerate(list(counts.items()) + [("input_1", 7)]):
            with open(os.path.join(status, f"chan_status_{k}.csv"), "w") as f:
                f.write(f"{name}\n{count}\n" if k else "x\nmany\n")
        r = loom_run(loom, "fifo-import", prj)
        check(r.returncode == 2 and "chan_status_0.csv (channel " in r.stderr and
              "is not a count" in r.stderr, "a status file without a count", r.stderr)

        # (5) io_parallel projects have no FIFOs to import.
        par = os.path.join(tmp, "par")
        r = loom_run(loom, "convert", model, "--input", x, "-o", par)
        r = loom_run(loom, "fifo-import", par)
        check(r.returncode == 2 and "not an io_stream project" in r.stderr, "io_parallel project",
              r.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for f in failures:
        print("FAIL", f)
    print(f"fifo_import: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
