#!/usr/bin/env python3
"""Lint of a generated HLS project for the rules the vendor tools enforce or build badly.

    hls_lint.py PROJECT_DIR...

Reads every .h/.cpp under PROJECT/firmware (the generated code and loom's kernels) and reports:
  pipeline-scope    a PIPELINE pragma whose innermost block is not a function or loop body
                    (UG1399 places PIPELINE in the body of a function or loop; one under an if
                    relies on the front end folding the condition)
  pipeline-reuse    a pipelined function or loop that reaches a loop pipelined on its own (a
                    reuse loop): the parent's pipeline would unroll it, and ReuseFactor is lost
  partition-size    a complete ARRAY_PARTITION of an array of more than 4096 elements (the
                    maximum_size project.tcl gives config_array_partition)
  unroll-size       an UNROLL of a loop of more than 4096 iterations
  unsized-param     a pointer or [] array parameter of a function that is not inlined (the tool
                    cannot size its interface)
  index-table       an integer array parameter (an index table) of a function that is not
                    inlined and does not declare the array's storage (ARRAY_RESHAPE, BIND_STORAGE,
                    RESOURCE): the tool would build a run-time table read instead of folding
                    constant indices (only the Resource kernels' reshaped index ROMs are meant to
                    be read at run time)
  size              generated code beyond the stated bound: top .cpp and parameters.h at most
                    16 KiB + 4 KiB per layer function + 1 KiB per weight matrix (a grouped
                    convolution has one per group); each weights file at most 8 KiB + 128
                    bytes per array element it defines (its literal and, for a Latency matrix, its product's
                    line of straight-line code: code grows with parameters, not pixels) + 1 KiB
                    per matrix
Prints one line per problem and "hls_lint: N project(s), M problem(s)"; exits 1 on any problem.
"""
import os
import re
import sys

MAX_PARTITION = 4096
MAX_UNROLL = 4096


class Block:
    def __init__(self, kind, name, parent, line):
        self.kind = kind      # function, loop, cond, init, scope, other
        self.name = name      # function: its name (struct members: the struct's name)
        self.parent = parent
        self.line = line
        self.pragmas = []     # (line, text) directly in this block
        self.children = []
        self.idents = set()   # identifiers used directly in the block
        self.trip = None      # loop: numeric trip count if known
        self.params = ""      # function: its parameter text
        self.struct = None


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def classify(header):
    h = header.strip()
    h = re.sub(r"^template\s*<.*?>\s*", "", h, flags=re.S)
    if re.match(r"^(for)\b", h):
        return "loop"
    if re.match(r"^(if|else)\b", h):
        return "cond"
    if re.match(r"^(while|do|switch)\b", h):
        return "other"
    if h.endswith("="):
        return "init"
    if re.match(r"^(namespace|extern)\b", h):
        return "scope"
    if re.match(r"^(struct|class|union|enum)\b", h):
        return "struct"
    if re.search(r"\)\s*(const)?\s*$", h) and "(" in h:
        return "function"
    return "other"


def parse(path):
    """The block tree of one file."""
    with open(path) as f:
        text = strip_comments(f.read())
    root = Block("scope", None, None, 0)
    cur = root
    header = ""
    line_no = 1
    depth = 0  # parentheses: a ';' inside them (a for header) ends no statement
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line_no += 1
            i += 1
            header += " "
            continue
        if c == "#" and (i == 0 or text[i - 1] == "\n" or text[:i].rstrip(" \t").endswith("\n")):
            end = text.find("\n", i)
            end = n if end < 0 else end
            directive = text[i:end].strip()
            if directive.startswith("#pragma HLS"):
                cur.pragmas.append((line_no, directive[len("#pragma HLS"):].strip()))
            i = end
            continue
        if c == "{":
            kind = classify(header)
            name = None
            if kind == "function":
                m = re.search(r"(\w+)\s*(<[^()]*>)?\s*\(", header)
                name = m.group(1) if m else None
                struct = cur
                while struct is not None and struct.kind != "struct":
                    struct = struct.parent
                if struct is not None and struct.name:
                    name = struct.name
            elif kind == "struct":
                m = re.match(r"\s*(?:template\s*<.*?>\s*)?(?:struct|class|union|enum)\s+(\w+)",
                             header.strip(), flags=re.S)
                name = m.group(1) if m else None
            b = Block(kind, name, cur, line_no)
            if kind == "function":
                m = re.search(r"\((.*)\)\s*(const)?\s*$", header.strip(), flags=re.S)
                b.params = m.group(1) if m else ""
            if kind == "loop":
                m = re.search(r"<\s*(\d+)\s*;", header)
                b.trip = int(m.group(1)) if m else None
            cur.children.append(b)
            cur = b
            header = ""
            i += 1
            continue
        if c == "}":
            if cur.parent is not None:
                cur = cur.parent
            header = ""
            i += 1
            continue
        if c in "()":
            depth += 1 if c == "(" else -1
        if c == ";" and depth == 0:
            cur.idents.update(re.findall(r"[A-Za-z_]\w*", header))
            header = ""
            i += 1
            continue
        header += c
        i += 1
    return root


def walk(block):
    yield block
    for c in block.children:
        yield from walk(c)


def pipelined(block):
    return any(p.upper().startswith("PIPELINE") and "off" not in p.lower()
               for _, p in block.pragmas)


def inlined(block):
    return any(re.match(r"INLINE\s*$", p, flags=re.I) for _, p in block.pragmas)


def lint_project(prj):
    problems = []
    fw = os.path.join(prj, "firmware")
    files = []
    for d, _, names in os.walk(fw):
        files += [os.path.join(d, x) for x in sorted(names) if x.endswith((".h", ".cpp"))]
    trees = {f: parse(f) for f in files}
    sources = {f: strip_comments(open(f).read()) for f in files}

    def where(f, line):
        return f"{os.path.relpath(f, prj)}:{line}"

    # Functions by name (identifiers used anywhere inside, for the call graph).
    functions = {}
    for f, root in trees.items():
        for b in walk(root):
            if b.kind == "function" and b.name:
                functions.setdefault(b.name, []).append((f, b))

    def used(block):
        s = set(block.idents)
        for c in block.children:
            s |= used(c)
        return s

    # Reuse kernels: functions holding a loop pipelined on its own.
    def has_pipelined_loop(block):
        return any(c.kind == "loop" and pipelined(c) or has_pipelined_loop(c)
                   for c in block.children)

    reuse = {name for name, defs in functions.items() if any(has_pipelined_loop(b) for _, b in defs)}
    reach_cache = {}

    def reaches_reuse(name, seen):
        if name in reach_cache:
            return reach_cache[name]
        if name in seen:
            return None
        seen.add(name)
        hit = None
        if name in reuse:
            hit = name
        else:
            for _, b in functions.get(name, []):
                for ident in used(b):
                    if ident in functions and ident != name:
                        hit = reaches_reuse(ident, seen)
                        if hit:
                            break
                if hit:
                    break
        reach_cache[name] = hit
        return hit

    for f, root in trees.items():
        for b in walk(root):
            for line, p in b.pragmas:
                if p.upper().startswith("PIPELINE") and b.kind not in ("function", "loop"):
                    problems.append(f"{where(f, line)}: pipeline-scope: PIPELINE inside a {b.kind} "
                                    "block, not a function or loop body")
                m = re.match(r"ARRAY_PARTITION\s+variable\s*=\s*(\w+)\s+complete", p)
                if m:
                    # The array's size: a parameter of the enclosing function, or a local or
                    # global declaration with a numeric size in the same file.
                    size = None
                    fn = b
                    while fn is not None and fn.kind != "function":
                        fn = fn.parent
                    pattern = r"\b" + m.group(1) + r"\s*\[\s*(\d+)\s*\]"
                    pm = re.search(pattern, fn.params) if fn is not None else None
                    if pm is None:
                        pm = re.search(pattern + r"\s*;", sources[f])
                    if pm is not None:
                        size = int(pm.group(1))
                    if size is not None and size > MAX_PARTITION:
                        problems.append(f"{where(f, line)}: partition-size: {m.group(1)} has "
                                        f"{size} elements, over {MAX_PARTITION}")
                if p.upper().startswith("UNROLL") and b.kind == "loop" and b.trip and \
                        b.trip > MAX_UNROLL:
                    problems.append(f"{where(f, line)}: unroll-size: a loop of {b.trip} "
                                    f"iterations unrolled, over {MAX_UNROLL}")
            if b.kind == "function" and not inlined(b):
                for param in b.params.split(","):
                    if re.search(r"\*\s*\w+\s*$", param) or re.search(r"\w+\s*\[\s*\]", param):
                        problems.append(f"{where(f, b.line)}: unsized-param: '{param.strip()}' of "
                                        f"{b.name}, which is not inlined")
            if b.kind == "function" and not inlined(b):
                stored = {m.group(1) for _, p in b.pragmas for m in
                          [re.match(r"(?:ARRAY_RESHAPE|BIND_STORAGE|RESOURCE)\s+variable\s*=\s*(\w+)",
                                    p)] if m}
                for param in b.params.split(","):
                    m = re.search(r"\bconst\s+(?:int|unsigned|(?:typename\s+)?[\w:]*index_t)\s+"
                                  r"(\w+)\s*\[", param)
                    if m and m.group(1) not in stored:
                        problems.append(f"{where(f, b.line)}: index-table: '{m.group(1)}' of "
                                        f"{b.name}, which is not inlined")
            if b.kind == "function" and pipelined(b):
                for ident in sorted(used(b)):
                    if ident in functions and ident != b.name:
                        hit = reaches_reuse(ident, set())
                        if hit:
                            problems.append(f"{where(f, b.line)}: pipeline-reuse: pipelined "
                                            f"{b.name} reaches the reuse loop of {hit} "
                                            f"(through {ident})")
                            break
            if b.kind == "loop" and pipelined(b):
                if has_pipelined_loop(b):
                    problems.append(f"{where(f, b.line)}: pipeline-reuse: a pipelined loop "
                                    "holds another pipelined loop")

    # Generated size.
    prj_cpp = [f for f in files if os.path.dirname(f) == fw and f.endswith(".cpp")]
    layers = 0
    code_bytes = 0
    for f in prj_cpp + [os.path.join(fw, "parameters.h")]:
        if os.path.exists(f):
            text = open(f).read()
            code_bytes += len(text)
            layers += len(re.findall(r"static void \w+_layer\(", text))
    # A grouped convolution has a matrix (its configuration and products) per group.
    matrices = 0
    for f in files:
        if os.path.basename(os.path.dirname(f)) == "weights":
            matrices += len(re.findall(r"struct \w+_matrix \{", open(f).read()))
    bound = 16 * 1024 + 4 * 1024 * max(layers, 1) + 1024 * matrices
    if code_bytes > bound:
        problems.append(f"firmware: size: top function and parameters.h are {code_bytes} bytes, "
                        f"over the {bound} allowed for {layers} layers and {matrices} matrices")
    for f in files:
        if os.path.basename(os.path.dirname(f)) != "weights":
            continue
        text = open(f).read()
        elems = sum(int(x) for x in re.findall(r"\[(\d+)\]\s*=\s*\{", text))
        bound = 8 * 1024 + 128 * elems + 1024 * len(re.findall(r"struct \w+_matrix \{", text))
        if len(text) > bound:
            problems.append(f"{where(f, 1)}: size: {len(text)} bytes for {elems} array elements, "
                            f"over {bound}")
    return problems


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    total = 0
    for prj in sys.argv[1:]:
        for p in lint_project(prj):
            print(f"{prj}: {p}")
            total += 1
    print(f"hls_lint: {len(sys.argv) - 1} project(s), {total} problem(s)")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
