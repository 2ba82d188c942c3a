#!/usr/bin/env python3
"""hls_lint.py finds every rule's violation in tests/e2e/lint_bad (written to break each), and
nothing in a clean project when one is given: hls_lint_selftest.py [CLEAN_PROJECT]."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hls_lint  # noqa: E402

WANT = [
    ("pipeline-scope", "bad.cpp:8"),
    ("unsized-param", "'const int* x' of unsized"),
    ("unsized-param", "'int y[]' of unsized"),
    ("pipeline-reuse", "pipelined top reaches the reuse loop of reuse_kernel (through helper)"),
    ("pipeline-reuse", "a pipelined loop holds another pipelined loop"),
    ("partition-size", "big has 5000 elements, over 4096"),
    ("unroll-size", "a loop of 5000 iterations unrolled, over 4096"),
    ("index-table", "'table' of table_kernel"),
]
# Must not be reported: a declared ROM.
NOT_WANT = [("index-table", "rom_kernel")]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    problems = hls_lint.lint_project(os.path.join(here, "lint_bad"))
    missing = [w for w in WANT if not any(w[0] in p and w[1] in p for p in problems)]
    missing += [("unexpected", w[0] + " " + w[1]) for w in NOT_WANT
                if any(w[0] in p and w[1] in p for p in problems)]
    for p in problems:
        print("found: " + p)
    for w in missing:
        print(f"MISSING: {w[0]}: {w[1]}")
    clean_problems = hls_lint.lint_project(sys.argv[1]) if len(sys.argv) > 1 else []
    for p in clean_problems:
        print("unexpected in the clean project: " + p)
    ok = not missing and not clean_problems
    print("hls_lint_selftest: " + ("ok" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
