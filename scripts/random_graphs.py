#!/usr/bin/env python3
"""Random valid ONNX networks of the ops loom supports, each checked through loom's whole chain.

Graph i of seed S is built from numpy's generator seeded with (S, i, attempt) alone, so any graph
can be rebuilt with `--seed S --start i --count 1` (give the same --csim). A graph (opset 9, 11,
13, 17 or 19) is a chain of random blocks on one current value: single ops (dense, conv, conv
transpose, pooling, resize, activations, batch norm, elementwise with constants, layout ops, ...)
and small DAGs (residual merges, concatenated branches, split and merge, long skips,
channels-last islands, squeeze-excitation, broadcasting between values, division by a computed
value, attention, a second model input); sometimes an intermediate value is a second output.
The reference comes from ONNX Runtime; a candidate with an intermediate value beyond MAX_ABS is
rebuilt (next attempt). Every graph goes through tests/e2e/chain.py's check_model with the wide
configuration (float engine vs ONNX Runtime, emulator vs float engine); graphs with index below
--csim are also converted and C-simulated: every fourth with the wide configuration, the others
with a random narrow configuration (emulator vs C-simulation bits only).
"""
import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
sys.dont_write_bytecode = True  # keep the source tree clean
import chain  # noqa: E402

ort.set_default_logger_severity(3)

MAX_MULTS = 20000  # multiplies per sample
MAX_ELEMS = 1536  # elements per sample of any value
MAX_ABS = 256.0  # largest magnitude of any intermediate value (fixed<32,16> holds 32768)
BATCH = 6
OPSETS = [9, 11, 13, 17, 19]
OPSET_P = [0.07, 0.15, 0.50, 0.18, 0.10]
ROUNDING = ["TRN", "TRN_ZERO", "RND", "RND_ZERO", "RND_INF", "RND_MIN_INF", "RND_CONV"]
OVERFLOW = ["WRAP", "SAT", "SAT_ZERO", "SAT_SYM"]


class Reject(Exception):
    """The op does not fit here (shape, budget): the block is undone and another one chosen."""


class Graph:
    """An ONNX graph under construction; shapes are per sample (the batch axis is implicit)."""

    def __init__(self, rng, opset):
        self.rng, self.opset = rng, opset
        self.nodes, self.inits, self.inputs = [], [], []
        self.shape = {}  # float value -> per-sample shape
        self.order = []  # float values in creation order (candidates for skips)
        self.mults = 0
        self.count = 0

    # --- bookkeeping -----------------------------------------------------------------------
    def snapshot(self):
        return (len(self.nodes), len(self.inits), len(self.order), len(self.inputs), self.mults)

    def restore(self, snap):
        n, i, o, x, m = snap
        for name in self.order[o:]:
            self.shape.pop(name, None)
        del self.nodes[n:], self.inits[i:], self.order[o:], self.inputs[x:]
        self.mults = m

    def fresh(self, prefix):
        self.count += 1
        return f"{prefix}{self.count}"

    def uniform(self, lo, hi, shape=()):
        return self.rng.uniform(lo, hi, shape)

    def pick(self, options, p=None):
        return options[int(self.rng.choice(len(options), p=p))]

    def coin(self, p):
        return bool(self.rng.random() < p)

    def int(self, lo, hi):
        """A random integer in [lo, hi] (inclusive)."""
        return int(self.rng.integers(lo, hi + 1))

    def axis(self, a, rank):
        """The ONNX axis of per-sample axis a (rank `rank`): a + 1, or negative at opset 11+."""
        if self.opset >= 11 and self.coin(0.3):
            return a + 1 - (rank + 1)
        return a + 1

    # --- values ------------------------------------------------------------------------------
    def const(self, value, prefix="c", dtype=np.float32):
        """An initializer (sometimes a Constant node, as exporters write it)."""
        name = self.fresh(prefix)
        array = np.asarray(value, dtype=dtype)
        if self.coin(0.12):
            self.nodes.append(helper.make_node("Constant", [], [name], name=name + "_const",
                                               value=numpy_helper.from_array(array, name)))
        else:
            self.inits.append(numpy_helper.from_array(array, name))
        return name

    def ints(self, values, prefix="i"):
        return self.const(np.asarray(values, dtype=np.int64), prefix, np.int64)

    def weight(self, shape, fan_in, gain=1.0):
        """Random weights ~ N(0, gain^2/fan_in); sometimes pruned (many exact zeros)."""
        w = self.rng.normal(0, gain / math.sqrt(max(1, fan_in)), shape)
        if self.coin(0.15):
            w[self.rng.random(w.shape) < self.uniform(0.3, 0.8)] = 0.0
        return w

    def node(self, op, inputs, out_shapes, mults=0, **attrs):
        """Appends a node; returns its float output names. Rejects over-budget results."""
        base = self.fresh(op.lower() + "_")
        outs = [base] if len(out_shapes) == 1 else [f"{base}_{k}" for k in range(len(out_shapes))]
        for s in out_shapes:
            if min(s, default=1) < 1 or int(np.prod(s)) > MAX_ELEMS:
                raise Reject()
        if self.mults + mults > MAX_MULTS:
            raise Reject()
        self.mults += mults
        self.nodes.append(helper.make_node(op, list(inputs), outs, name=base, **attrs))
        for o, s in zip(outs, out_shapes):
            self.shape[o] = tuple(int(d) for d in s)
            self.order.append(o)
        return outs

    def node1(self, op, inputs, out_shape, mults=0, **attrs):
        return self.node(op, inputs, [out_shape], mults, **attrs)[0]

    def int_node(self, op, inputs, **attrs):
        """A node computing an int64 shape value (not tracked as a float value)."""
        name = self.fresh(op.lower() + "_")
        self.nodes.append(helper.make_node(op, list(inputs), [name], name=name, **attrs))
        return name

    def add_input(self, shape):
        name = f"x{len(self.inputs)}" if self.inputs else "x"
        self.inputs.append(name)
        self.shape[name] = tuple(shape)
        self.order.append(name)
        return name


# --- single ops ------------------------------------------------------------------------------

ACTIVATIONS = ["Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Sigmoid", "Tanh", "HardSigmoid",
               "Softplus", "Softsign", "Clip", "Softmax", "HardSwish", "Relu", "Clip", "Exp", "Erf",
               "Gelu", "Sign", "Abs", "Neg"]


def activation(g, t, op=None):
    s = g.shape[t]
    r = len(s)
    op = op or g.pick(ACTIVATIONS)
    if op == "HardSwish" and g.opset < 14:
        op = "Relu"
    if op == "Gelu":
        if g.opset < 20:
            op = "Erf"
        else:
            return g.node1(op, [t], s, approximate=g.pick(["none", "tanh"]))
    if op == "LeakyRelu":
        return g.node1(op, [t], s, alpha=float(g.uniform(0.01, 0.4)))
    if op == "PRelu":
        kind = g.pick(["channel", "scalar", "full", "channel4"], [0.5, 0.2, 0.15, 0.15])
        shape = {"channel": (s[0],) + (1,) * (r - 1), "scalar": (1,), "full": s,
                 "channel4": (1, s[0]) + (1,) * (r - 1)}[kind]
        return g.node1(op, [t, g.const(g.uniform(-0.5, 0.5, shape), "slope")], s)
    if op == "Elu":
        return g.node1(op, [t], s, alpha=float(g.uniform(0.2, 2.0)))
    if op == "Selu":
        if g.coin(0.5):
            return g.node1(op, [t], s)
        return g.node1(op, [t], s, alpha=float(g.uniform(1, 2)), gamma=float(g.uniform(0.8, 1.2)))
    if op == "HardSigmoid":
        return g.node1(op, [t], s, alpha=float(g.uniform(0.1, 0.5)),
                       beta=float(g.uniform(0.3, 0.7)))
    if op == "Clip":
        lo, hi = float(g.uniform(-2, 0)), float(g.uniform(0.2, 2))
        which = g.pick(["both", "min", "max"], [0.7, 0.15, 0.15])
        if g.opset < 11:
            attrs = {k: v for k, v in (("min", lo), ("max", hi)) if which in ("both", k)}
            return g.node1(op, [t], s, **attrs)
        ins = [t, g.const(np.float32(lo), "lo") if which != "max" else ""]
        if which != "min":
            ins.append(g.const(np.float32(hi), "hi"))
        return g.node1(op, ins, s)
    if op == "Softmax":
        a = g.int(0, r - 1)
        return g.node1(op, [t], s, axis=g.axis(a, r))
    return g.node1(op, [t], s)


def batchnorm(g, t):
    s = g.shape[t]
    c = s[0]
    ins = [t, g.const(g.uniform(0.5, 1.5, c) * g.pick([1, -1], [0.85, 0.15]), "bn_scale"),
           g.const(g.rng.normal(0, 0.3, c), "bn_bias"), g.const(g.rng.normal(0, 0.3, c), "bn_mean"),
           g.const(g.uniform(0.4, 2.0, c), "bn_var")]
    return g.node1("BatchNormalization", ins, s, epsilon=float(g.pick([1e-5, 1e-3, 0.01])))


def broadcast_shape(g, s):
    """A constant shape that broadcasts onto per-sample shape s (ONNX's numpy rules)."""
    r = len(s)
    return g.pick([(), (1,), (s[0],) + (1,) * (r - 1), (s[-1],), (1, s[0]) + (1,) * (r - 1), s,
                   (1,) + s])


def binary_const(g, t):
    s = g.shape[t]
    op = g.pick(["Add", "Sub", "Mul", "Div", "Max", "Min"], [0.25, 0.15, 0.2, 0.15, 0.125, 0.125])
    shape = broadcast_shape(g, s)
    if op == "Mul":
        c = g.uniform(0.5, 1.5, shape) * np.where(g.rng.random(shape) < 0.2, -1, 1)
    elif op == "Div":
        c = g.pick([g.uniform(0.6, 2.0, shape), np.full(shape, g.pick([0.5, 2.0, 4.0, 8.0]))])
        c = c * np.where(g.rng.random(np.shape(c)) < 0.2, -1, 1)
    else:
        c = g.rng.normal(0, 0.5, shape)
    name = g.const(c, op.lower() + "_c")
    ins = [t, name] if op == "Div" or g.coin(0.7) else [name, t]
    return g.node1(op, ins, np.broadcast_shapes(s, shape[1:] if len(shape) > len(s) else shape))


def pad(g, t):
    s = g.shape[t]
    r = len(s)
    modes = ["constant", "reflect", "edge"] + (["wrap"] if g.opset >= 19 else [])
    mode = g.pick(modes)
    begins, ends = [0] * r, [0] * r
    axes = range(r) if r == 1 else range(0 if mode == "constant" and g.coin(0.2) else 1, r)
    for a in axes:
        limit = s[a] - 1 if mode in ("reflect", "wrap") else 2
        begins[a], ends[a] = g.int(0, min(2, limit)), g.int(0, min(2, limit))
        if mode == "constant" and s[a] > 3 and g.coin(0.1):
            ends[a] = -1  # a negative pad crops
    if not any(begins) and not any(ends):
        raise Reject()
    out = [d + b + e for d, b, e in zip(s, begins, ends)]
    pads = [0] + begins + [0] + ends
    value = float(g.rng.normal(0, 0.5)) if mode == "constant" and g.coin(0.5) else 0.0
    if g.opset < 11:
        return g.node1("Pad", [t], out, mode=mode, pads=pads, value=value)
    ins = [t, g.ints(pads, "pads")]
    if g.opset >= 18 and g.coin(0.5):  # only the padded axes, listed in the `axes` input
        padded = [a for a in range(r) if begins[a] or ends[a]]
        ins = [t, g.ints([begins[a] for a in padded] + [ends[a] for a in padded], "pads"),
               g.const(np.float32(value), "pad_value") if value != 0.0 else "",
               g.ints([g.axis(a, r) for a in padded], "axes")]
    elif value != 0.0:
        ins.append(g.const(np.float32(value), "pad_value"))
    return g.node1("Pad", ins, out, mode=mode)


def slice_(g, t):
    s = g.shape[t]
    r = len(s)
    axes = sorted(g.rng.choice(r, size=g.int(1, min(2, r)), replace=False).tolist())
    starts, ends, steps, out = [], [], [], list(s)
    for a in axes:
        d = s[a]
        step = g.pick([1, 1, 1, 2, -1, 3]) if g.opset >= 10 else 1
        if step > 0:
            start = g.int(0, d - 1)
            end = g.pick([g.int(start + 1, d), 2 ** 62, -g.int(0, d - start - 1) or d])
        else:
            start = g.pick([g.int(0, d - 1), -1, 2 ** 62])
            end = g.pick([-d - 1, g.int(-d - 1, 0) - 1, g.int(0, max(0, d - 2))])
        n = len(range(d)[slice(start, end, step)])
        if n < 1:
            raise Reject()
        starts.append(start), ends.append(end), steps.append(step)
        out[a] = n
    onnx_axes = [g.axis(a, r) for a in axes]
    if g.opset < 10:
        return g.node1("Slice", [t], out, starts=starts, ends=ends, axes=onnx_axes)
    ins = [t, g.ints(starts, "starts"), g.ints(ends, "ends"), g.ints(onnx_axes, "axes")]
    if any(st != 1 for st in steps) or g.coin(0.5):
        ins.append(g.ints(steps, "steps"))
    return g.node1("Slice", ins, out)


def transpose(g, t):
    s = g.shape[t]
    if len(s) < 2:
        raise Reject()
    perm = list(range(len(s)))
    while perm == sorted(perm):
        perm = g.rng.permutation(len(s)).tolist()
    return g.node1("Transpose", [t], [s[p] for p in perm], perm=[0] + [p + 1 for p in perm])


def factorize(g, n, rank):
    """A random shape of `rank` dimensions whose product is n."""
    dims = []
    for _ in range(rank - 1):
        divisors = [d for d in range(1, n + 1) if n % d == 0]
        d = g.pick(divisors)
        dims.append(d)
        n //= d
    dims.append(n)
    return [int(d) for d in g.rng.permutation(dims)]


def reshape(g, t):
    s = g.shape[t]
    n = int(np.prod(s))
    if g.coin(0.15) and len(s) > 1:
        return torch_flatten(g, t)
    out = factorize(g, n, g.pick([1, 2, 3], [0.3, 0.35, 0.35]))
    if tuple(out) == tuple(s):
        raise Reject()
    spec = list(out)
    if len(out) > 1 and g.coin(0.3):
        spec[g.int(0, len(out) - 1)] = -1
    batch = 0 if -1 in spec or g.coin(0.5) else -1
    return g.node1("Reshape", [t, g.ints([batch] + spec, "shape")], out)


def torch_flatten(g, t):
    """torch.flatten(x, 1) as exported: Shape -> Gather(0) -> Unsqueeze -> Concat -> Reshape."""
    n = int(np.prod(g.shape[t]))
    shape = g.int_node("Shape", [t])
    batch = g.int_node("Gather", [shape, g.const(np.int64(0), "idx", np.int64)], axis=0)
    if g.opset >= 13:
        batch = g.int_node("Unsqueeze", [batch, g.ints([0], "axes")])
    else:
        batch = g.int_node("Unsqueeze", [batch], axes=[0])
    spec = g.int_node("Concat", [batch, g.ints([-1], "minus1")], axis=0)
    return g.node1("Reshape", [t, spec], [n])


def flatten(g, t):
    s = g.shape[t]
    if len(s) < 2:
        raise Reject()
    axis = -len(s) if g.opset >= 11 and g.coin(0.3) else 1
    return g.node1("Flatten", [t], [int(np.prod(s))], axis=axis)


def squeeze_unsqueeze(g, t):
    s = g.shape[t]
    ones = [a for a, d in enumerate(s) if d == 1]
    if ones and len(s) > 1 and g.coin(0.6):
        a = g.pick(ones)
        out = s[:a] + s[a + 1:]
        op = "Squeeze"
    else:
        if len(s) >= 3:
            raise Reject()
        a = g.int(0, len(s))
        out = s[:a] + (1,) + s[a:]
        op = "Unsqueeze"
    axis = g.axis(a, len(out) if op == "Unsqueeze" else len(s))
    if g.opset >= 13:
        return g.node1(op, [t, g.ints([axis], "axes")], out)
    return g.node1(op, [t], out, axes=[axis])


def reduce_mean(g, t):
    s = g.shape[t]
    r = len(s)
    axes = sorted(g.rng.choice(r, size=g.int(1, r), replace=False).tolist())
    keep = 1 if len(axes) == r else g.pick([0, 1])
    out = [1 if a in axes else d for a, d in enumerate(s)] if keep else \
        [d for a, d in enumerate(s) if a not in axes]
    onnx_axes = [g.axis(a, r) for a in axes]
    if g.opset >= 18:
        return g.node1("ReduceMean", [t, g.ints(onnx_axes, "axes")], out, keepdims=keep)
    return g.node1("ReduceMean", [t], out, axes=onnx_axes, keepdims=keep)


def depth_space(g, t):
    s = g.shape[t]
    if len(s) != 3:
        raise Reject()
    c, h, w = s
    if c % 4 == 0 and g.coin(0.6):
        attrs = {"blocksize": 2}
        if g.opset >= 11:
            attrs["mode"] = g.pick(["DCR", "CRD"])
        return g.node1("DepthToSpace", [t], [c // 4, h * 2, w * 2], **attrs)
    if h % 2 == 0 and w % 2 == 0:
        return g.node1("SpaceToDepth", [t], [c * 4, h // 2, w // 2], blocksize=2)
    raise Reject()


def dense(g, t, n=None):
    s = g.shape[t]
    k = s[-1]
    n = n or g.int(1, 32)
    w = g.weight((k, n), k)
    lead = int(np.prod(s[:-1]))
    out = s[:-1] + (n,)
    # Gemm: PyTorch writes W as [N, K] with transB=1, Keras-style exports W as [K, N].
    if len(s) == 1 and g.coin(0.65):
        trans = g.coin(0.6)
        bias = g.rng.normal(0, 0.2, g.pick([(n,), (1, n), (1,)]))
        attrs = {"transB": 1} if trans else {}
        if g.coin(0.2):
            attrs.update(alpha=float(g.uniform(0.5, 1.5)), beta=float(g.uniform(0.5, 1.5)))
        ins = [t, g.const(w.T if trans else w, "W")]
        if g.opset < 11 or g.coin(0.85):
            ins.append(g.const(bias, "B"))
        return g.node1("Gemm", ins, out, k * n, **attrs)
    y = g.node1("MatMul", [t, g.const(w, "W")], out, lead * k * n)
    if g.coin(0.7):
        y = g.node1("Add", [y, g.const(g.rng.normal(0, 0.2, n), "B")], out)
    return y


def conv_dims(g, d, same):
    """Kernel, stride, dilation, pads for one spatial axis of length d."""
    k = g.int(1, min(5, d + 2 if not same else 5))
    dil = 2 if g.coin(0.15) and (k - 1) * 2 + 1 <= d + 2 else 1
    eff = (k - 1) * dil + 1
    if same:
        total = eff - 1
        b = g.int(0, total)
        return k, 1, dil, b, total - b
    stride = g.pick([1, 1, 1, 2, 2, 3])
    b = g.int(0, min(2, k - 1 + (dil - 1)))
    e = g.int(0, min(2, k - 1 + (dil - 1))) if g.coin(0.4) else b
    return k, stride, dil, b, e


def conv(g, t, cout=None, same=False):
    """Conv 1D/2D: random kernel, stride, asymmetric pads, dilation, groups (incl. depthwise)."""
    s = g.shape[t]
    if len(s) not in (2, 3):
        raise Reject()
    cin, sp = s[0], s[1:]
    divisors = [d for d in range(1, cin + 1) if cin % d == 0 and (cout is None or cout % d == 0)]
    group = g.pick(divisors) if g.coin(0.35) else 1
    if cout is None:
        cout = group * g.int(1, max(1, 8 // group)) if group > 1 else g.int(1, 8)
    dims = [conv_dims(g, d, same) for d in sp]
    ks = [k for k, *_ in dims]
    attrs = {"pads": [b for *_, b, _ in dims] + [e for *_, e in dims]}
    out = []
    for d, (k, st, dil, b, e) in zip(sp, dims):
        out.append((d + b + e - ((k - 1) * dil + 1)) // st + 1)
    if not same and g.coin(0.15):
        dilated = any(dil != 1 for _, _, dil, *_ in dims)  # ONNX Runtime: no SAME with dilation
        mode = "VALID" if dilated else g.pick(["SAME_UPPER", "SAME_LOWER", "VALID"])
        del attrs["pads"]
        attrs["auto_pad"] = mode
        out = [(-(-d // st) if mode != "VALID" else (d - ((k - 1) * dil + 1)) // st + 1)
               for d, (k, st, dil, _, _) in zip(sp, dims)]
    if any(st != 1 for _, st, *_ in dims) or g.coin(0.5):
        attrs["strides"] = [st for _, st, *_ in dims]
    if any(dil != 1 for _, _, dil, *_ in dims) or g.coin(0.3):
        attrs["dilations"] = [dil for _, _, dil, *_ in dims]
    if g.coin(0.7):
        attrs["kernel_shape"] = ks
    if group > 1:
        attrs["group"] = group
    fan_in = cin // group * int(np.prod(ks))
    ins = [t, g.const(g.weight((cout, cin // group, *ks), fan_in), "W")]
    if g.coin(0.8):
        ins.append(g.const(g.rng.normal(0, 0.2, cout), "B"))
    return g.node1("Conv", ins, (cout, *out), int(np.prod(out)) * cout * fan_in, **attrs)


def conv_transpose(g, t):
    s = g.shape[t]
    if len(s) not in (2, 3) or s[0] > 8:
        raise Reject()
    cin, sp = s[0], s[1:]
    group = cin if cin > 1 and g.coin(0.15) else 1
    cout = group * g.int(1, 2) if group > 1 else g.int(1, 4)
    ks, strides, dils, begins, ends, outpad, out = [], [], [], [], [], [], []
    for d in sp:
        k, st = g.int(1, 3), g.pick([1, 2, 2])
        dil = 2 if g.coin(0.1) else 1
        b, e = g.int(0, k - 1), g.int(0, k - 1)
        op = g.int(0, st - 1) if g.coin(0.3) else 0
        size = (d - 1) * st + (k - 1) * dil + 1 - b - e + op
        ks.append(k), strides.append(st), dils.append(dil), begins.append(b), ends.append(e)
        outpad.append(op), out.append(size)
    attrs = {"kernel_shape": ks, "strides": strides, "pads": begins + ends}
    if any(d != 1 for d in dils):
        attrs["dilations"] = dils
    if any(outpad):
        attrs["output_padding"] = outpad
    if group > 1:
        attrs["group"] = group
    ins = [t, g.const(g.weight((cin, cout // group, *ks), cin // group * int(np.prod(ks)) /
                               float(np.prod(strides))), "W")]
    if g.coin(0.7):
        ins.append(g.const(g.rng.normal(0, 0.2, cout), "B"))
    mults = int(np.prod(sp)) * cin * (cout // group) * int(np.prod(ks))
    return g.node1("ConvTranspose", ins, (cout, *out), mults, **attrs)


def pool(g, t):
    s = g.shape[t]
    if len(s) not in (2, 3):
        raise Reject()
    op = g.pick(["MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool"],
                [0.4, 0.35, 0.15, 0.1])
    if op.startswith("Global"):
        return g.node1(op, [t], (s[0],) + (1,) * (len(s) - 1))
    ks, strides, dils, begins, ends, out = [], [], [], [], [], []
    ceil = g.opset >= 10 and g.coin(0.25)
    for d in s[1:]:
        k = g.int(1, min(3, d))
        st = g.int(1, k) if g.coin(0.8) else g.int(1, 3)
        dilated_ok = g.opset >= 10 if op == "MaxPool" else g.opset >= 19
        dil = 2 if dilated_ok and g.coin(0.15) and 2 * k - 1 <= d else 1
        b, e = (g.int(0, k - 1), g.int(0, k - 1)) if g.coin(0.4) else (0, 0)
        span = d + b + e - ((k - 1) * dil + 1)
        n = (-(-span // st) if ceil else span // st) + 1
        if ceil and (n - 1) * st >= d + b:
            raise Reject()  # a last window inside the end padding: ONNX and ONNX Runtime differ
        ks.append(k), strides.append(st), dils.append(dil), begins.append(b), ends.append(e)
        out.append(n)
    attrs = {"kernel_shape": ks}
    if any(st != 1 for st in strides) or g.coin(0.5):
        attrs["strides"] = strides
    if any(begins) or any(ends):
        attrs["pads"] = begins + ends
    if any(d != 1 for d in dils):
        attrs["dilations"] = dils
    if ceil:
        attrs["ceil_mode"] = 1
    if op == "AveragePool" and g.coin(0.4):
        attrs["count_include_pad"] = 1
    return g.node1(op, [t], (s[0], *out), **attrs)


def resize(g, t):
    """Resize (opset 11+) or Upsample (opset 9): nearest mostly, linear sometimes."""
    s = g.shape[t]
    if len(s) not in (2, 3):
        raise Reject()
    scales = [1.0] + [float(g.pick([1, 2, 2, 3])) for _ in s[1:]]
    if all(x == 1.0 for x in scales[1:]):
        scales[-1] = 2.0
    if g.opset >= 11 and g.coin(0.15) and all(d % 2 == 0 for d in s[1:]):
        scales = [1.0] + [0.5] * (len(s) - 1)
    out = [int(math.floor(d * x)) for d, x in zip(s, scales)]
    mode = "nearest" if g.coin(0.8) else "linear"
    full_scales = np.asarray([1.0] + scales, np.float32)
    if g.opset < 10:
        return g.node1("Upsample", [t, g.const(full_scales, "scales")], out, mode=mode)
    attrs = {"mode": mode}
    if g.coin(0.7):
        modes = ["half_pixel", "asymmetric", "align_corners", "pytorch_half_pixel"]
        attrs["coordinate_transformation_mode"] = g.pick(modes)
    if mode == "nearest" and g.coin(0.6):
        attrs["nearest_mode"] = g.pick(["round_prefer_floor", "round_prefer_ceil", "floor",
                                        "ceil"])
    roi = "" if g.opset >= 13 else g.const(np.zeros(0, np.float32), "roi")
    ins = [t, roi, g.const(full_scales, "scales")]
    if g.opset >= 18 and g.coin(0.5):  # scales of the spatial axes only
        attrs["axes"] = [g.axis(a, len(s)) for a in range(1, len(s))]
        ins[2] = g.const(full_scales[2:], "scales")
    return g.node1("Resize", ins, out, **attrs)


def no_op(g, t):
    """Ops that compute nothing at inference: Dropout, Identity, Cast to float."""
    op = g.pick(["Dropout", "Identity", "Cast"])
    return g.node1(op, [t], g.shape[t], **({"to": TensorProto.FLOAT} if op == "Cast" else {}))


SINGLE = {  # name: (function, weight by per-sample rank 1, 2, 3)
    "activation": (activation, (5, 4, 4)),
    "batchnorm": (batchnorm, (1.5, 1.5, 1.5)),
    "binary_const": (binary_const, (2, 2, 2)),
    "dense": (dense, (4, 1, 0.5)),
    "conv": (conv, (0, 4, 5)),
    "conv_transpose": (conv_transpose, (0, 1, 1)),
    "pool": (pool, (0, 2.5, 3)),
    "resize": (resize, (0, 1.2, 1.5)),
    "pad": (pad, (0.5, 1, 1)),
    "slice": (slice_, (0.8, 1, 1)),
    "transpose": (transpose, (0, 1, 1)),
    "reshape": (reshape, (0.8, 0.8, 0.8)),
    "flatten": (flatten, (0, 0.8, 0.8)),
    "squeeze_unsqueeze": (squeeze_unsqueeze, (0.3, 0.3, 0.3)),
    "reduce_mean": (reduce_mean, (0, 0.4, 0.4)),
    "depth_space": (depth_space, (0, 0, 0.4)),
    "no_op": (no_op, (0.2, 0.2, 0.2)),
}


# --- blocks with fan-out -------------------------------------------------------------------

def same_shape_op(g, t):
    """An op that keeps t's shape: activation, batch norm, constant op, same-size dense/conv."""
    s = g.shape[t]
    kind = g.pick(["act", "bn", "const", "linear"], [0.35, 0.2, 0.2, 0.25])
    if kind == "act":
        return activation(g, t, g.pick([a for a in ACTIVATIONS if a != "Softmax"]))
    if kind == "bn":
        return batchnorm(g, t)
    if kind == "const":
        return binary_const_keep(g, t)
    if len(s) == 1:
        return dense(g, t, s[0])
    if len(s) in (2, 3):
        return conv(g, t, cout=s[0], same=True)
    return dense(g, t, s[-1])


def binary_const_keep(g, t):
    y = binary_const(g, t)
    if g.shape[y] != g.shape[t]:
        raise Reject()
    return y


def chain_of(g, t, lo, hi, op=same_shape_op):
    for _ in range(g.int(lo, hi)):
        t = op(g, t)
    return t


def residual(g, t):
    """t + f(t) (or -, *, max, min, sum of three)."""
    branch = chain_of(g, t, 1, 3)
    s = g.shape[t]
    op = g.pick(["Add", "Sub", "Mul", "Max", "Min", "Sum", "Mean"],
                [0.4, 0.1, 0.08, 0.12, 0.1, 0.1, 0.1])
    if op in ("Sum", "Mean"):
        other = chain_of(g, t, 0, 2)
        ins = [t, branch, other]
        g.rng.shuffle(ins)
        return g.node1(op, ins, s)
    ins = [t, branch] if g.coin(0.5) else [branch, t]
    return g.node1(op, ins, s)


def channel_op(g, t):
    """An op that keeps the spatial shape but may change the channel count."""
    s = g.shape[t]
    if g.coin(0.5):
        return same_shape_op(g, t)
    if len(s) == 1:
        return dense(g, t)
    if len(s) in (2, 3):
        return conv(g, t, cout=g.int(1, 6), same=True)
    return dense(g, t)


def concat_branches(g, t):
    """Concat of 2-3 branches from t (channel axis; any axis when the shapes agree)."""
    branches = [chain_of(g, t, 0 if k else 1, 2, channel_op) for k in range(g.int(2, 3))]
    shapes = {g.shape[b] for b in branches}
    s = g.shape[branches[0]]
    r = len(s)
    a = g.int(0, r - 1) if len(shapes) == 1 else 0
    if len(shapes) > 1 and any(x[1:] != s[1:] for x in shapes):
        raise Reject()
    out = list(s)
    out[a] = sum(g.shape[b][a] for b in branches)
    return g.node1("Concat", branches, out, axis=g.axis(a, r))


def split_merge(g, t):
    """Split t along an axis, transform the parts, merge them (concat or add) or keep one."""
    s = g.shape[t]
    r = len(s)
    axes = [a for a in range(r) if s[a] >= 2]
    if not axes:
        raise Reject()
    a = g.pick(axes)
    d = s[a]
    n = g.int(2, min(3, d))
    equal = d % n == 0 and g.coin(0.4)
    if equal:
        sizes = [d // n] * n
    else:
        cuts = sorted(g.rng.choice(np.arange(1, d), size=n - 1, replace=False).tolist())
        sizes = [y - x for x, y in zip([0] + cuts, cuts + [d])]
    shapes = [tuple(sz if i == a else x for i, x in enumerate(s)) for sz in sizes]
    attrs = {"axis": g.axis(a, r)}
    ins = [t]
    if equal and g.opset >= 18:
        attrs["num_outputs"] = n
    elif not equal:
        if g.opset >= 13:
            ins.append(g.ints(sizes, "split"))
        else:
            attrs["split"] = sizes
    parts = g.node("Split", ins, shapes, **attrs)
    parts = [chain_of(g, p, 0, 1, lambda g_, x: activation(g_, x) if g_.coin(0.5)
                      else binary_const_keep(g_, x)) for p in parts]
    merge = g.pick(["concat", "add", "one"], [0.6, 0.25, 0.15])
    if merge == "add" and len(set(g.shape[p] for p in parts)) == 1:
        return g.node1(g.pick(["Add", "Max", "Mul"]), parts[:2], g.shape[parts[0]])
    if merge == "one":
        return parts[g.int(0, len(parts) - 1)]  # the other parts are dead code
    if g.coin(0.3):
        parts = parts[::-1]
    return g.node1("Concat", parts, s, axis=g.axis(a, r))


def long_skip(g, t):
    """Merges t with an earlier value of the same shape (fan-out across blocks)."""
    s = g.shape[t]
    earlier = [v for v in g.order if v != t and g.shape.get(v) == s]
    if not earlier:
        raise Reject()
    other = g.pick(earlier)
    op = g.pick(["Add", "Sub", "Max", "Min", "Concat"])
    if op == "Concat":
        a = g.int(0, len(s) - 1)
        out = list(s)
        out[a] *= 2
        return g.node1(op, [t, other], out, axis=g.axis(a, len(s)))
    return g.node1(op, [t, other] if g.coin(0.5) else [other, t], s)


def channels_last(g, t):
    """tf2onnx style: transpose to channels-last, ops there, transpose back (maybe via a conv)."""
    s = g.shape[t]
    r = len(s)
    if r not in (2, 3):
        raise Reject()
    to_last = list(range(1, r)) + [0]
    y = g.node1("Transpose", [t], [s[p] for p in to_last], perm=[0] + [p + 1 for p in to_last])
    for _ in range(g.int(1, 2)):
        c = g.shape[y][-1]
        kind = g.pick(["act", "add", "mul"])
        if kind == "act":
            y = activation(g, y, g.pick(["Relu", "LeakyRelu", "Sigmoid", "Clip"]))
        else:
            op = "Add" if kind == "add" else "Mul"
            y = g.node1(op, [y, g.const(g.uniform(-1, 1, c) if op == "Add" else
                                        g.uniform(0.5, 1.5, c), "cl")], g.shape[y])
    to_first = [r - 1] + list(range(r - 1))
    sy = g.shape[y]
    y = g.node1("Transpose", [y], [sy[p] for p in to_first], perm=[0] + [p + 1 for p in to_first])
    if g.coin(0.5):
        y = conv(g, y)
        if g.coin(0.5):
            y = channels_last(g, y)
    return y


def matmul_values(g, t):
    """MatMul of two computed values: t @ f(t)^T (attention-like)."""
    s = g.shape[t]
    if len(s) < 2:
        raise Reject()
    other = chain_of(g, t, 0, 1)
    r = len(s)
    perm = list(range(r - 2)) + [r - 1, r - 2]
    tt = g.node1("Transpose", [other], [s[p] for p in perm], perm=[0] + [p + 1 for p in perm])
    out = s[:-1] + (s[-2],)
    mults = int(np.prod(s[:-2])) * s[-2] * s[-1] * s[-2]
    return g.node1("MatMul", [t, tt], out, mults)


def squeeze_excite(g, t):
    """Squeeze-and-excitation: t * sigmoid(conv(relu(conv(global_average_pool(t)))))."""
    s = g.shape[t]
    if len(s) not in (2, 3):
        raise Reject()
    c = s[0]
    y = g.node1(g.pick(["GlobalAveragePool", "GlobalMaxPool"], [0.8, 0.2]), [t],
                (c,) + (1,) * (len(s) - 1))
    y = activation(g, conv(g, y, cout=max(1, c // 2), same=True), "Relu")
    y = conv(g, y, cout=c, same=True)
    y = activation(g, y, g.pick(["Sigmoid", "HardSigmoid"]))
    return g.node1("Mul", [t, y] if g.coin(0.5) else [y, t], s)


def broadcast_values(g, t):
    """t combined with a reduced copy of itself (numpy broadcasting between two values)."""
    s = g.shape[t]
    r = len(s)
    axes = sorted(g.rng.choice(r, size=g.int(1, r), replace=False).tolist())
    reduced = [1 if a in axes else d for a, d in enumerate(s)]
    onnx_axes = [g.axis(a, r) for a in axes]
    if g.opset >= 18:
        y = g.node1("ReduceMean", [t, g.ints(onnx_axes, "axes")], reduced, keepdims=1)
    else:
        y = g.node1("ReduceMean", [t], reduced, axes=onnx_axes, keepdims=1)
    if g.coin(0.5):
        y = activation(g, y, g.pick(["Relu", "Sigmoid", "Tanh"]))
    op = g.pick(["Add", "Sub", "Mul", "Max", "Min"])
    return g.node1(op, [t, y] if g.coin(0.6) else [y, t], s)


def div_values(g, t):
    """t divided by a computed value kept away from zero (0.5 + sigmoid or softplus)."""
    s = g.shape[t]
    d = same_shape_op(g, t) if g.coin(0.5) else t
    d = activation(g, d, g.pick(["Sigmoid", "Softplus"]))
    d = g.node1("Add", [d, g.const(np.float32(g.pick([0.5, 1.0, 0.75])), "eps")], s)
    if g.coin(0.3):
        d = g.node1("ReduceMean", [d], (1,) * len(s), axes=[g.axis(a, len(s)) for a in
                                                             range(len(s))], keepdims=1) \
            if g.opset < 18 else g.node1("ReduceMean", [d, g.ints(
                [g.axis(a, len(s)) for a in range(len(s))], "axes")], (1,) * len(s), keepdims=1)
    return g.node1("Div", [t, d], s)


def attention(g, t):
    """softmax(q k^T) v for t = [L, D] (or the last two axes of t)."""
    s = g.shape[t]
    if len(s) < 2:
        raise Reject()
    q = dense(g, t, s[-1]) if g.coin(0.5) else t
    k = dense(g, t, s[-1])
    v = dense(g, t, g.int(1, 8))
    r = len(s)
    perm = list(range(r - 2)) + [r - 1, r - 2]
    kt = g.node1("Transpose", [k], [s[p] for p in perm], perm=[0] + [p + 1 for p in perm])
    scores = s[:-1] + (s[-2],)
    lead = int(np.prod(s[:-2]))
    a = g.node1("MatMul", [q, kt], scores, lead * s[-2] * s[-1] * s[-2])
    a = g.node1("Mul", [a, g.const(np.float32(1 / math.sqrt(s[-1])), "scale")], scores)
    a = g.node1("Softmax", [a], scores, axis=-1 if g.opset >= 13 else r)
    out = s[:-1] + (g.shape[v][-1],)
    return g.node1("MatMul", [a, v], out, lead * s[-2] * s[-2] * out[-1])


def second_input(g, t):
    """A second model input merged here (add, mul or concat)."""
    if len(g.inputs) > 1:
        raise Reject()
    s = g.shape[t]
    x = g.add_input(s)
    op = g.pick(["Add", "Mul", "Concat"])
    if op == "Concat":
        out = (2 * s[0],) + s[1:]
        return g.node1(op, [t, x], out, axis=1)
    return g.node1(op, [x, t] if g.coin(0.5) else [t, x], s)


BLOCKS = {  # name: (function, weight)
    "single": (None, 10),
    "residual": (residual, 2),
    "concat": (concat_branches, 1.2),
    "split": (split_merge, 1),
    "long_skip": (long_skip, 0.6),
    "channels_last": (channels_last, 0.6),
    "matmul_values": (matmul_values, 0.3),
    "second_input": (second_input, 0.15),
    "squeeze_excite": (squeeze_excite, 0.4),
    "broadcast_values": (broadcast_values, 0.5),
    "div_values": (div_values, 0.3),
    "attention": (attention, 0.25),
}


def one_block(g, t):
    names = list(BLOCKS)
    w = np.array([BLOCKS[n][1] for n in names], float)
    name = g.pick(names, w / w.sum())
    if name != "single":
        return BLOCKS[name][0](g, t)
    s = g.shape[t]
    ops = list(SINGLE)
    w = np.array([SINGLE[o][1][min(len(s), 3) - 1] for o in ops], float)
    return SINGLE[g.pick(ops, w / w.sum())][0](g, t)


def build(rng):
    """One random graph: returns (Graph, output names)."""
    opset = int(rng.choice(OPSETS, p=OPSET_P))
    g = Graph(rng, opset)
    rank = g.pick([1, 2, 3], [0.3, 0.25, 0.45])
    if rank == 1:
        shape = (g.int(2, 32),)
    elif rank == 2:
        shape = (g.int(1, 4), g.int(3, 16))
    else:
        shape = (g.int(1, 4), g.int(3, 10), g.int(3, 10))
    t = g.add_input(shape)
    if g.coin(0.2):
        t = batchnorm(g, t)
    outputs = []
    for _ in range(g.int(2, 8)):
        for _ in range(20):
            snap = g.snapshot()
            try:
                y = one_block(g, t)
                break
            except Reject:
                g.restore(snap)
        else:
            continue
        if g.coin(0.1) and y != t:
            outputs.append(t)  # an intermediate value is also a model output
        t = y
    if g.coin(0.4):
        for _ in range(20):
            snap = g.snapshot()
            try:
                h = flatten(g, t) if len(g.shape[t]) > 1 else t
                h = dense(g, h, g.int(2, 10))
                t = activation(g, h, g.pick(["Softmax", "Sigmoid", "Relu", "Tanh"])) \
                    if g.coin(0.6) else h
                break
            except Reject:
                g.restore(snap)
    if t in g.inputs:
        t = activation(g, t, "Relu")
    return g, [t] + [o for o in outputs if o != t]


def to_model(g, outputs, name):
    def info(v):
        return helper.make_tensor_value_info(v, TensorProto.FLOAT, ["N", *g.shape[v]])
    inner = [info(v) for v in g.order if v not in g.inputs and v not in outputs]
    graph = helper.make_graph(g.nodes, name, [info(x) for x in g.inputs],
                              [info(o) for o in outputs], g.inits, value_info=inner)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", g.opset)],
                              producer_name="loom-random-graphs")
    model.ir_version = helper.find_min_ir_version_for(list(model.opset_import))
    return model


def run_all_values(model, feeds):
    """ONNX Runtime on the model with every float value as an output: {name: array}."""
    probe = onnx.ModelProto()
    probe.CopyFrom(model)
    have = {o.name for o in probe.graph.output}
    for vi in probe.graph.value_info:
        if vi.name not in have:
            probe.graph.output.append(vi)
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    options.log_severity_level = 3
    sess = ort.InferenceSession(probe.SerializeToString(), options,
                                providers=["CPUExecutionProvider"])
    names = [o.name for o in sess.get_outputs()]
    return dict(zip(names, sess.run(names, feeds)))


class Case:
    """A generated graph with its input(s) and ONNX Runtime's outputs."""

    def __init__(self, seed, index, model, feeds, refs, attempt):
        self.seed, self.index, self.model, self.feeds, self.refs = seed, index, model, feeds, refs
        self.attempt = attempt


def make_case(seed, index):
    """Graph `index` of `seed`: the first attempt that ONNX accepts and that stays in range.

    A candidate that the ONNX checker or ONNX Runtime rejects, or whose shapes differ from the
    generator's, is a generator bug: it is reported on stderr and the next attempt is taken.
    """
    for attempt in range(50):
        rng = np.random.default_rng([seed, index, attempt])
        g, outputs = build(rng)
        model = to_model(g, outputs, f"random_s{seed}_g{index}")
        feeds = {x: rng.normal(0, 1, (BATCH, *g.shape[x])).astype(np.float32) for x in g.inputs}
        try:
            onnx.checker.check_model(model, full_check=True)
            values = run_all_values(model, feeds)
            wrong = [v for v, a in values.items() if a.shape[1:] != g.shape[v]]
            if wrong:
                raise ValueError(f"{wrong[0]} has shape {values[wrong[0]].shape[1:]} in ONNX "
                                 f"Runtime, {g.shape[wrong[0]]} in the generator")
        except Exception as e:  # the generator's fault, not loom's
            first = str(e).strip().splitlines()[-1][:300]
            print(f"random_graphs: generator bug, seed {seed} graph {index} attempt {attempt}: "
                  f"{first}", file=sys.stderr)
            continue
        big = max(float(np.max(np.abs(a))) if a.size else 0.0 for a in values.values())
        # Inputs where a table's clamping or a sign's flip near 0 would exceed predict's tolerance
        # against the float engine: softsign beyond +-30, exp beyond its window [-8, 8), sign
        # within 1e-3 of 0. Such graphs are drawn again.
        def inputs_of(op):
            return [values.get(n.input[0]) for n in g.nodes if n.op_type == op]
        if not math.isfinite(big) or big > MAX_ABS or any(
                a is not None and np.max(np.abs(a)) > 30 for a in inputs_of("Softsign")) or any(
                a is not None and np.max(np.abs(a)) >= 7.9 for a in inputs_of("Exp")) or any(
                a is not None and np.min(np.abs(a)) < 1e-3 for a in inputs_of("Sign")):
            continue
        return Case(seed, index, model, feeds, [values[o] for o in outputs], attempt)
    raise RuntimeError(f"seed {seed} graph {index}: no valid graph in 50 attempts")


# --- listing ---------------------------------------------------------------------------------

def _fmt_attr(a):
    v = helper.get_attribute_value(a)
    if isinstance(v, bytes):
        v = v.decode()
    elif isinstance(v, float):
        v = f"{v:.4g}"
    elif isinstance(v, onnx.TensorProto):
        v = _fmt_array(numpy_helper.to_array(v))
    return f"{a.name}={v}"


def _fmt_array(arr):
    if arr.size <= 6:
        return np.array2string(arr.reshape(-1) if arr.ndim > 1 else arr, precision=3,
                               separator=",").replace(" ", "")
    return f"<{arr.dtype.name}{list(arr.shape)}>"


def describe(model):
    """A readable listing of a model: one line per node with its attributes and output shape."""
    graph = model.graph
    consts = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    shapes = {}
    for vi in list(graph.input) + list(graph.value_info) + list(graph.output):
        dims = vi.type.tensor_type.shape.dim
        shapes[vi.name] = "[" + ",".join(d.dim_param or str(d.dim_value) for d in dims) + "]"
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), "?")
    lines = [f"opset {opset}; inputs: " + ", ".join(f"{i.name}{shapes.get(i.name, '')}"
                                                    for i in graph.input)]
    for n in graph.node:
        ins = [(_fmt_array(consts[i]) if i in consts else i or "''") for i in n.input]
        attrs = " ".join(_fmt_attr(a) for a in n.attribute)
        outs = ", ".join(f"{o}{shapes.get(o, '')}" for o in n.output)
        lines.append(f"  {outs} = {n.op_type}({', '.join(ins)}) {attrs}".rstrip())
    lines.append("outputs: " + ", ".join(o.name for o in graph.output))
    return "\n".join(lines)


# --- configurations --------------------------------------------------------------------------

def random_type(rng):
    """fixed<W,I>, W in 8..24, random rounding and overflow modes, in one of loom's spellings."""
    w = int(rng.integers(8, 25))
    i = int(rng.integers(2, min(w, 10) + 1))
    q, o = ROUNDING[int(rng.integers(len(ROUNDING)))], OVERFLOW[int(rng.integers(len(OVERFLOW)))]
    sign = "u" if rng.random() < 0.1 else ""
    if rng.random() < 0.5:
        return f"ap_{sign}fixed<{w},{i},AP_{q},AP_{o}>"
    return f"{sign}fixed<{w},{i},{q},{o}>" if rng.random() < 0.7 else f"{sign}fixed<{w},{i}>"


def wrapping(t):
    """The type `t` with a wrapping overflow mode: a Resource layer's accumulator must wrap where
    two lanes add one output's products in one step (docs/hls-backend.md), else loom refuses."""
    m = re.match(r"(\w+)<(\d+),(\d+)(?:,(\w+))?", t)
    name, w, i, q = m.group(1), m.group(2), m.group(3), m.group(4)
    ap = name.startswith("ap_")
    q = q or ("AP_TRN" if ap else "TRN")
    return f"{name}<{w},{i},{q},{'AP_WRAP' if ap else 'WRAP'}>"


def layer_types(loom, model):
    """{layer: [its precision keys]} from `loom config --granularity name` (empty on error)."""
    r = subprocess.run([loom, "config", model, "--granularity", "name", "--format", "json"],
                       capture_output=True, text=True)
    if r.returncode:
        return {}
    layers = json.loads(r.stdout).get("HLSConfig", {}).get("LayerName", {})
    return {name: sorted(v.get("Precision", {})) for name, v in sorted(layers.items())
            if isinstance(v.get("Precision"), dict)}


def multiplications(model):
    """{node: multiplications of its dense kernel} for Gemm, MatMul by a constant and ungrouped
    Conv: the counts whose divisors are the valid ReuseFactors (docs/hls-backend.md)."""
    consts = {i.name: list(i.dims) for i in model.graph.initializer}
    for n in model.graph.node:
        if n.op_type == "Constant":
            consts[n.output[0]] = list(n.attribute[0].t.dims)
    counts = {}
    for n in model.graph.node:
        w = consts.get(n.input[1]) if len(n.input) > 1 else None
        attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
        if w is None or len(w) < 2:
            continue
        if n.op_type in ("Gemm", "MatMul") and len(w) == 2:
            counts[n.name] = w[0] * w[1]
        elif n.op_type == "Conv" and attrs.get("group", 1) == 1:
            counts[n.name] = math.prod(w)
    return counts


def conv_positions(model):
    """{node: output positions} of every Conv and ConvTranspose (the counts whose divisors are
    the valid ParallelizationFactors), from ONNX shape inference."""
    inferred = onnx.shape_inference.infer_shapes(model)
    shapes = {v.name: [d.dim_value for d in v.type.tensor_type.shape.dim]
              for v in list(inferred.graph.value_info) + list(inferred.graph.output)}
    out = {}
    for n in model.graph.node:
        shape = shapes.get(n.output[0])
        if n.op_type in ("Conv", "ConvTranspose") and shape and len(shape) > 2 and all(shape):
            out[n.name] = math.prod(shape[2:])
    return out


def random_config(rng, layers, counts, positions=None, io="parallel"):
    """A random narrow configuration: a model type, table size and strategy; random types of
    their own for about a third of the `layers`, and random valid ReuseFactors for some of the
    dense and conv layers in `counts`. A Resource layer's accumulator wraps (loom refuses a
    saturating one where two lanes add one output's products in one step); saturating
    accumulators stay covered by the Latency layers."""
    strategy = "Resource" if rng.random() < 0.3 else "Latency"
    size = 2 ** int(rng.integers(6, 13))
    default = random_type(rng)
    precision = default if strategy == "Latency" else \
        f"{{default: '{default}', accum: '{wrapping(default)}'}}"
    text = (f"Model:\n  Precision: {precision}\n  table_size: {size}\n"
            f"  ReuseFactor: 1\n  Strategy: {strategy}\n")
    if io == "stream":
        text = "IOType: io_stream\n" + text
        positions = None  # a streaming convolution computes one pixel at a time
    types = {}
    for name, keys in layers.items():
        if rng.random() < 0.35:
            chosen = {k: random_type(rng) for k in keys if rng.random() < 0.7}
            types[name] = chosen or {"result": random_type(rng)}
    extra, layer_strategy = {}, {}
    for name, n in sorted(counts.items()):
        if name in layers and rng.random() < 0.5:
            divisors = [d for d in range(1, n + 1) if n % d == 0]
            extra[name] = f"    ReuseFactor: {divisors[int(rng.integers(len(divisors)))]}\n"
            if rng.random() < 0.5:
                layer_strategy[name] = "Resource" if rng.random() < 0.5 else "Latency"
                extra[name] += f"    Strategy: {layer_strategy[name]}\n"
    for name in sorted(set(types) | set(extra)):
        if layer_strategy.get(name, strategy) != "Resource":
            continue
        t = types.get(name, {})
        if "accum" in t:
            t["accum"] = wrapping(t["accum"])
        elif strategy == "Latency" and "accum" in layers.get(name, []):
            types.setdefault(name, {})["accum"] = wrapping(default)
    # Convolutions in pipelined steps: a random divisor of the output positions for some Latency
    # convolutions (Resource ones take one position per step).
    for name, n in sorted((positions or {}).items()):
        if name in layers and layer_strategy.get(name, strategy) == "Latency" and \
                rng.random() < 0.5:
            divisors = [d for d in range(1, n + 1) if n % d == 0]
            extra[name] = extra.get(name, "") + \
                f"    ParallelizationFactor: {divisors[int(rng.integers(len(divisors)))]}\n"
    sections = {}
    for name in sorted(set(types) | set(extra)):
        body = ""
        if types.get(name):
            body += "    Precision:\n" + "".join(f"      {k}: {v}\n" for k, v in types[name].items())
        sections[name] = body + extra.get(name, "")
    if sections:
        text += "LayerName:\n" + "".join(f"  {n}:\n{body}" for n, body in sorted(sections.items()))
    return text


# --- driver ----------------------------------------------------------------------------------

def category(message):
    """A failure message reduced to a category key: step and loom's first error line, no numbers."""
    lines = message.splitlines()
    step = lines[0].split(":")[0]
    detail = next((ln.strip() for ln in lines[1:] if "error" in ln), None) or \
        (lines[1].strip() if len(lines) > 1 else lines[0].split(":", 2)[-1])
    detail = re.sub(r"\S+\.onnx", "M", detail)
    detail = re.sub(r"(<tmp>|/[^\s/]+)+/", "", detail)
    detail = re.sub(r"'[^']*'", "'…'", detail)
    detail = re.sub(r"-?\d+(\.\d+)?(e-?\d+)?", "#", detail)
    return f"{step}: {detail[:160]}"


def save_case(case, keep, config_text, failures):
    os.makedirs(keep, exist_ok=True)
    stem = os.path.join(keep, f"seed{case.seed}_g{case.index}")
    onnx.save(case.model, stem + ".onnx")
    xs = []
    for k, x in enumerate(case.feeds.values()):
        xs.append(stem + (f".input{k}.npy" if len(case.feeds) > 1 else ".input.npy"))
        np.save(xs[-1], x)
    for k, y in enumerate(case.refs):
        np.save(stem + (f".ref{k}.npy" if len(case.refs) > 1 else ".ref.npy"), y)
    if config_text:
        with open(stem + ".yml", "w") as f:
            f.write(config_text)
    with open(stem + ".txt", "w") as f:
        f.write(describe(case.model) + "\n\n" + "\n".join(failures) + "\n")
    return stem


def check_case(args, case, tmp):
    """Runs the chain on one case; returns (failures, narrow config or None, predict error)."""
    model = os.path.join(tmp, "model.onnx")
    onnx.save(case.model, model)
    xs, refs = [], []
    for k, x in enumerate(case.feeds.values()):
        xs.append(os.path.join(tmp, f"x{k}.npy"))
        np.save(xs[-1], x)
    for k, y in enumerate(case.refs):
        refs.append(os.path.join(tmp, f"ref{k}.npy"))
        np.save(refs[-1], y)
    csim = case.index < args.csim
    narrow = csim and case.index % 4 != 0
    stats = {}
    wide = chain.WIDE_CONFIG + ("IOType: io_stream\n" if args.io == "stream" else "")
    failures = chain.check_model(args.loom, model, xs, refs, os.path.join(tmp, "wide"),
                                 csim=csim and not narrow, stats=stats, config_text=wide,
                                 threaded=args.threaded)
    config_text = None
    if narrow:
        config_text = random_config(np.random.default_rng([case.seed, case.index, 1000]),
                                    layer_types(args.loom, model), multiplications(case.model),
                                    conv_positions(case.model), args.io)
        failures += chain.check_model(args.loom, model, xs, None, os.path.join(tmp, "narrow"),
                                      csim=True, config_text=config_text, predict_tol=math.inf,
                                      threaded=args.threaded)
    err = stats.get("predict_err")
    ratio = err / chain.default_predict_tol(model) if err is not None else None
    name = f"seed{case.seed}_g{case.index}.onnx"
    return [f.replace(model, name).replace(tmp, "<tmp>") for f in failures], config_text, \
        (ratio, err)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--start", type=int, default=0, help="index of the first graph")
    parser.add_argument("--csim", type=int, default=20,
                        help="C-simulate graphs whose index is below this")
    parser.add_argument("--loom", default=os.path.join(ROOT, "build/release/tools/loom/loom"))
    parser.add_argument("--keep", help="directory for failing graphs (default: a temp dir)")
    parser.add_argument("--list", action="store_true", help="print each graph; do not check")
    parser.add_argument("--io", choices=["parallel", "stream"], default="parallel",
                        help="IOType of the converted projects (stream: layers io_stream cannot "
                             "build are counted as refused, not failed)")
    parser.add_argument("--threaded", action="store_true",
                        help="with --io stream: loom's optimized FIFO depths, C-simulated as "
                             "threads over FIFOs bounded by them (loom csim --threaded)")
    args = parser.parse_args()
    if args.threaded and args.io != "stream":
        parser.error("--threaded needs --io stream")

    keep = args.keep
    failed = 0
    categories, refused = {}, []
    worst = (0.0, 0.0, None)  # largest predict error relative to its bound, error, graph
    seconds = {"generate": 0.0, False: 0.0, True: 0.0}  # generation; checks without/with csim
    graphs = {False: 0, True: 0}
    replay = f"scripts/random_graphs.sh --seed {args.seed} --csim {args.csim} --count 1 --start"
    for index in range(args.start, args.start + args.count):
        t0 = time.time()
        case = make_case(args.seed, index)
        seconds["generate"] += time.time() - t0
        if args.list:
            print(f"== seed {args.seed} graph {index}\n{describe(case.model)}")
            continue
        t0 = time.time()
        with tempfile.TemporaryDirectory(prefix="loom_rg_") as tmp:
            failures, config_text, (ratio, err) = check_case(args, case, tmp)
        csim = index < args.csim
        seconds[csim] += time.time() - t0
        graphs[csim] += 1
        if ratio is not None and ratio > worst[0]:
            worst = (ratio, err, index)
        if args.io == "stream":
            kept = [f for f in failures if "cannot stream in io_stream" not in f]
            if len(kept) < len(failures):
                refused.append(index)
            failures = kept
        if failures:
            failed += 1
            keep = keep or tempfile.mkdtemp(prefix="random_graphs_")
            stem = save_case(case, keep, config_text, failures)
            print(f"FAIL seed {args.seed} graph {index} (attempt {case.attempt}); saved as {stem}.*"
                  f"\nreplay: {replay} {index}")
            print(describe(case.model))
            if config_text:
                print("config:\n" + config_text.rstrip())
            for f in failures:
                print(f)
                categories.setdefault(category(f), []).append(index)
            print(flush=True)
    if not args.list:
        for key, indices in sorted(categories.items(), key=lambda kv: -len(kv[1])):
            print(f"category ({len(indices)}x, e.g. graph {indices[0]}): {key}")
        print(f"largest predict vs run error: {worst[1]:.3g}, {worst[0]:.2f} of its bound "
              f"(graph {worst[2]})")
        print(f"time: generating {seconds['generate']:.1f} s; {graphs[False]} graphs without csim "
              f"{seconds[False]:.1f} s ({seconds[False] / max(1, graphs[False]):.2f} s each); "
              f"{graphs[True]} with csim {seconds[True]:.1f} s "
              f"({seconds[True] / max(1, graphs[True]):.2f} s each)")
    if args.io == "stream":
        print(f"io_stream refused {len(refused)} graph(s) with a layer it cannot stream"
              + (f" (e.g. graph {refused[0]})" if refused else ""))
    print(f"random_graphs: {args.count} graphs, {failed} failure(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
