#!/usr/bin/env python3
"""`loom convert -o DIR` never loses a user's data: a trailing slash, `.`, a symlink, an existing
project, a folder loom did not write (with and without --force), a path that is a file and an
unwritable path, each with the message the user sees. Usage: output_dir.py LOOM MODEL"""
import os
import subprocess
import sys
import tempfile

failures = []


def check(name, condition, detail=""):
    if not condition:
        failures.append(f"{name}: {detail}")
        print(f"FAIL {name}: {detail}")
    else:
        print(f"ok   {name}")


def convert(loom, model, out, *extra, cwd=None):
    r = subprocess.run([loom, "convert", model, "-o", out, "--samples", "2", *extra],
                       capture_output=True, text=True, cwd=cwd)
    return r.returncode, r.stderr


def listing(d):
    found = []
    for root, _, files in os.walk(d):
        for f in files:
            found.append(os.path.relpath(os.path.join(root, f), d))
    return sorted(found)


def main():
    loom, model = sys.argv[1], os.path.abspath(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        # A trailing slash, written twice: the second run replaces the first.
        prj = os.path.join(tmp, "prj") + "/"
        rc, err = convert(loom, model, prj)
        check("trailing slash", rc == 0 and os.path.isfile(os.path.join(prj, ".loom-project")), err)
        with open(os.path.join(prj, "notes.txt"), "w") as f:
            f.write("mine\n")
        stale = os.path.join(prj, "firmware", "weights", "old_layer.h")
        with open(os.path.join(prj, ".loom-project"), "a") as f:
            f.write("file firmware/weights/old_layer.h\n")
        with open(stale, "w") as f:
            f.write("// from an earlier conversion\n")
        rc, err = convert(loom, model, prj)
        check("existing project replaced", rc == 0, err)
        check("user file in a project kept", os.path.exists(os.path.join(prj, "notes.txt")))
        check("stale loom file removed", not os.path.exists(stale))
        check("no temporary folder left", not os.path.exists(os.path.join(prj, ".loom-tmp")))

        # "." in a folder holding a user's file: refused, then written beside it with --force.
        here = os.path.join(tmp, "here")
        os.mkdir(here)
        with open(os.path.join(here, "data.csv"), "w") as f:
            f.write("1,2\n")
        rc, err = convert(loom, model, ".", cwd=here)
        check("'.' refused without --force",
              rc == 2 and "./: error" not in err and ".: error: the directory exists and was not "
              "written by loom" in err and listing(here) == ["data.csv"], f"rc={rc} {err}")
        rc, err = convert(loom, model, ".", "--force", cwd=here)
        check("'.' with --force keeps the user's file",
              rc == 0 and os.path.exists(os.path.join(here, "data.csv"))
              and os.path.exists(os.path.join(here, "build_prj.tcl")), f"rc={rc} {err}")

        # --force never replaces a user's file that loom would write.
        mine = os.path.join(tmp, "mine")
        os.mkdir(mine)
        with open(os.path.join(mine, "README.md"), "w") as f:
            f.write("my readme\n")
        rc, err = convert(loom, model, mine, "--force")
        with open(os.path.join(mine, "README.md")) as f:
            kept = f.read() == "my readme\n"
        check("--force refuses to replace a user's file",
              rc == 2 and "would replace files loom did not write: README.md" in err and kept
              and listing(mine) == ["README.md"], f"rc={rc} {err}")

        # A symlink to a directory: written through the link, the link stays a link.
        target = os.path.join(tmp, "target")
        os.mkdir(target)
        link = os.path.join(tmp, "link")
        os.symlink(target, link)
        rc, err = convert(loom, model, link)
        check("symlink written through", rc == 0 and os.path.islink(link)
              and os.path.exists(os.path.join(target, ".loom-project")), err)
        dangling = os.path.join(tmp, "dangling")
        os.symlink(os.path.join(tmp, "nowhere"), dangling)
        rc, err = convert(loom, model, dangling)
        check("dangling symlink refused", rc == 2 and f"{dangling}: error: a symbolic link to a "
              "missing directory" in err, err)

        # A path that is a file, and paths that cannot be written.
        afile = os.path.join(tmp, "afile")
        with open(afile, "w") as f:
            f.write("x\n")
        rc, err = convert(loom, model, afile)
        check("a file is refused", rc == 2 and f"{afile}: error: exists and is not a directory"
              in err and open(afile).read() == "x\n", err)
        under = os.path.join(afile, "prj")
        rc, err = convert(loom, model, under)
        check("a path under a file is refused",
              rc == 2 and f"{under}: error: cannot create the directory" in err, err)
        rc, err = convert(loom, model, "/proc/loom_output_dir_test")
        check("an unwritable path is refused", rc == 2 and "/proc/loom_output_dir_test: error:"
              in err and ".loom-tmp" not in err, err)
    print(f"output_dir: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
