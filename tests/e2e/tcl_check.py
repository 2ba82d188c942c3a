"""Checks generated build_prj.tcl/project.tcl under plain tclsh (tests/e2e/tcl_stub.tcl): for each
project directory and each option set, the vendor command sequence is the one the options ask for,
options work one per argument or together in one quoted argument, a bad option exits 1 naming
the options, fifo_profile=1 profiles io_stream FIFOs under Vitis HLS (and is refused otherwise), Vitis's missing config_array_partition option does not stop the script, every file
add_files names exists, and project.tcl holds what hls4ml's report reader looks for.

usage: tcl_check.py TCL_STUB PROJECT_DIR...
"""
import os
import re
import subprocess
import sys


def run(stub, project, tool, args):
    p = subprocess.run(["tclsh", stub, project, tool, *args], capture_output=True, text=True,
                       timeout=60)
    # The script's own messages are not vendor calls.
    calls = [c for c in p.stdout.splitlines() if not c.startswith("build_prj.tcl:")]
    return p.returncode, calls, p.stderr


def check_project(stub, project):
    problems = []
    with open(os.path.join(project, "project.tcl")) as f:
        settings = f.read()
    name = re.search(r'^set project_name "([^"]+)"$', settings, re.M)
    backend = re.search(r'^set backend "([^"]+)"$', settings, re.M)
    part = re.search(r'^set part "([^"]+)"$', settings, re.M)
    if not (name and backend and part):
        return [f"{project}: project.tcl lacks project_name, backend or part"]
    name, part = name.group(1), part.group(1)
    common = [
        f"open_project {name}_prj", f"set_top {name}",
        f"add_files firmware/{name}.cpp -cflags {{-std=c++0x -Ifirmware -Ifirmware/loom}}",
        f"add_files -tb {name}_test.cpp -cflags {{-std=c++0x -Ifirmware -Ifirmware/loom}}",
        "add_files -tb tb_data", "open_solution solution1",
        "config_array_partition -maximum_size 4096", "config_compile -name_max_length 80",
        f"set_part {part}"]
    cases = [
        ("vivado", [], ["csim_design", "csynth_design"]),
        ("vivado", ["csim=0 synth=1"], ["csynth_design"]),
        ("vivado", ["csim=0", "synth=0", "cosim=1", "export=1"],
         ["cosim_design", "export_design -format ip_catalog"]),
        ("vitis", ["csim=1 synth=0"], ["csim_design"]),
    ]
    for tool, args, runs in cases:
        code, calls, err = run(stub, project, tool, args)
        label = f"{project} {tool} {args}"
        if code != 0:
            problems.append(f"{label}: exit {code}: {err.strip()}")
            continue
        want = list(common)
        if tool == "vitis":
            want.remove("config_array_partition -maximum_size 4096")
        head = [c for c in calls if not c.startswith(("create_clock", "set_clock_uncertainty"))]
        if head != want + runs:
            problems.append(f"{label}: calls\n  " + "\n  ".join(calls) +
                            "\nwanted (clock lines aside)\n  " + "\n  ".join(want + runs))
        clock = [c for c in calls if c.startswith(("create_clock", "set_clock_uncertainty"))]
        if len(clock) != 2 or not re.fullmatch(r"create_clock -period [0-9.]+ -name default",
                                               clock[0]) or not clock[1].endswith(" default"):
            problems.append(f"{label}: clock calls {clock}")
    code, calls, err = run(stub, project, "vivado", ["reset=1 csim=0 synth=0"])
    if code != 0 or f"open_project -reset {name}_prj" not in calls or \
            "open_solution -reset solution1" not in calls or "csim_design" in calls:
        problems.append(f"{project}: reset=1 gave exit {code}, calls {calls}")
    for bad in (["csim=maybe"], ["synthesis=1"], ["csim=0 cosim"]):
        code, calls, err = run(stub, project, "vivado", bad)
        if code != 1 or "is not an option; the options are cosim=0|1, csim=0|1" not in err:
            problems.append(f"{project}: {bad} gave exit {code}, stderr {err.strip()!r}")
    # fifo_profile=1: io_stream projects are synthesized with every FIFO deepened and
    # co-simulated with dataflow profiling (Vitis HLS); io_parallel ones are refused, and so is
    # Vivado HLS, which lacks the depth override.
    depth = re.search(r"^set fifo_profile_depth (\d+)$", settings, re.M)
    if not depth:
        problems.append(f"{project}: project.tcl lacks fifo_profile_depth")
    else:
        depth = int(depth.group(1))
        code, calls, err = run(stub, project, "vitis", ["csim=0 fifo_profile=1"])
        want = [c for c in common if not c.startswith("config_array_partition")]
        head = [c for c in calls if not c.startswith(("create_clock", "set_clock_uncertainty"))]
        if depth == 0:
            if code != 1 or "needs an io_stream project" not in err:
                problems.append(f"{project}: io_parallel fifo_profile=1 gave exit {code}, "
                                f"stderr {err.strip()!r}")
        elif code != 0 or head != want + [f"config_dataflow -override_user_fifo_depth {depth}",
                                          "csynth_design",
                                          "cosim_design -enable_dataflow_profiling"]:
            problems.append(f"{project}: vitis fifo_profile=1 gave exit {code}, calls\n  " +
                            "\n  ".join(calls) + f"\n{err}")
        elif depth < 100000:
            problems.append(f"{project}: fifo_profile_depth {depth} is below 100000")
        if depth:
            code, calls, err = run(stub, project, "vivado", ["fifo_profile=1"])
            if code != 1 or "needs Vitis HLS" not in err:
                problems.append(f"{project}: vivado fifo_profile=1 gave exit {code}, "
                                f"stderr {err.strip()!r}")
    for path in (f"firmware/{name}.cpp", f"{name}_test.cpp", "tb_data"):
        if not os.path.exists(os.path.join(project, path)):
            problems.append(f"{project}: add_files names {path}, which the project lacks")
    return problems


def main():
    stub, projects = sys.argv[1], sys.argv[2:]
    problems = []
    for project in projects:
        problems += check_project(stub, project)
    for p in problems:
        print("FAIL", p)
    print(f"tcl_check: {len(projects)} project(s), {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
