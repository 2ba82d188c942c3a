// The shape rule of every op: the output shapes a node must have, from its input shapes,
// attributes and params. The importers build nodes through it and the verifier checks every node
// against it, so a pass that rewrites a node into an inconsistent one is caught where it happens.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "loom/ir/graph.h"

namespace loom::ir {
namespace {

using Shapes = std::vector<Shape>;

// Largest attribute value (kernel, stride, pad, ...) accepted: far above any real model, small
// enough that shape arithmetic cannot overflow.
constexpr int64_t kMaxAttr = int64_t{1} << 24;

// A rule's error says what is wrong, without the node (the caller names it).
Error Bad(const Node& node, const std::string& what) {
  (void)node;
  return Error(what);
}

std::string Str(const Shape& s) { return ShapeToString(s); }

bool Small(const std::vector<int64_t>& v) {
  return std::all_of(v.begin(), v.end(), [](int64_t x) { return x >= -kMaxAttr && x <= kMaxAttr; });
}

const Shape& In(const Node& node, size_t i) { return node.inputs[i]->shape; }
int64_t Rank(const Shape& s) { return static_cast<int64_t>(s.size()); }

// An axis attribute in [-rank, rank) as a position in [0, rank), or -1.
int64_t NormalAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank) return -1;
  return axis < 0 ? axis + rank : axis;
}

// numpy broadcasting of every input shape (and of `extra`, e.g. a PReLU slope param).
ErrorOr<Shape> BroadcastAll(const Node& node, const std::vector<Shape>& shapes) {
  size_t n = 0;
  for (const Shape& s : shapes) n = std::max(n, s.size());
  Shape out(n, 1);
  for (const Shape& s : shapes) {
    for (size_t i = 0; i < s.size(); ++i) {
      int64_t& o = out[n - s.size() + i];
      int64_t d = s[i];
      if (d == o || d == 1) continue;
      if (o != 1) {
        std::string all;
        for (const Shape& t : shapes) all += (all.empty() ? "" : " and ") + Str(t);
        return Bad(node, "shapes " + all + " do not broadcast");
      }
      o = d;
    }
  }
  return out;
}

// The channel position and the spatial positions of a channels-first or channels-last tensor.
struct Layout {
  size_t channel = 0;
  std::vector<size_t> spatial;
};
Layout LayoutOf(const Node& node, size_t rank) {
  Layout l;
  bool last = node.attrs.GetInt("channels_last", 0) != 0;
  l.channel = last ? rank - 1 : 0;
  for (size_t d = 0; d < rank; ++d) {
    if (d != l.channel) l.spatial.push_back(d);
  }
  return l;
}

// A spatial window's attributes (kernel from `kernel`, the rest from the node, with ONNX's
// defaults), checked against the spatial rank.
struct WindowAttrs {
  std::vector<int64_t> kernel, strides, pads, dilations;
};
ErrorOr<WindowAttrs> WindowOf(const Node& node, std::vector<int64_t> kernel, size_t nsp) {
  WindowAttrs w;
  w.kernel = std::move(kernel);
  w.strides = node.attrs.GetInts("strides", std::vector<int64_t>(nsp, 1));
  w.dilations = node.attrs.GetInts("dilations", std::vector<int64_t>(nsp, 1));
  w.pads = node.attrs.GetInts("pads", std::vector<int64_t>(2 * nsp, 0));
  if (w.kernel.size() != nsp || w.strides.size() != nsp || w.dilations.size() != nsp ||
      w.pads.size() != 2 * nsp) {
    return Bad(node, "kernel_shape, strides and dilations need " + std::to_string(nsp) +
                         " values and pads " + std::to_string(2 * nsp) + " for a " +
                         std::to_string(nsp) + "-D input");
  }
  if (!Small(w.kernel) || !Small(w.strides) || !Small(w.dilations) || !Small(w.pads)) {
    return Bad(node, "a kernel, stride, dilation or pad value is out of range");
  }
  for (size_t i = 0; i < nsp; ++i) {
    if (w.kernel[i] <= 0 || w.strides[i] <= 0 || w.dilations[i] <= 0) {
      return Bad(node, "kernel sizes, strides and dilations must be positive");
    }
  }
  return w;
}

// Output size of a sliding window along one axis (ceil_mode: the last partial window counts when
// it starts inside the input or its begin padding).
int64_t WindowOut(int64_t in, int64_t k, int64_t s, int64_t d, int64_t pb, int64_t pe,
                  bool ceil_mode) {
  int64_t span = in + pb + pe - ((k - 1) * d + 1);
  if (span < 0) return 0;
  int64_t out = ceil_mode ? (span + s - 1) / s + 1 : span / s + 1;
  if (ceil_mode && (out - 1) * s >= in + pb) --out;
  return out;
}

ErrorOr<Shapes> ConvRule(const Node& node) {
  const Shape& x = In(node, 0);
  const Tensor* w = node.param("weight");
  if (x.size() < 2) return Bad(node, "input " + Str(x) + " needs channels and a spatial axis");
  size_t nsp = x.size() - 1;
  if (w == nullptr || w->shape.size() != nsp + 2) {
    return Bad(node, "weight must have rank " + std::to_string(nsp + 2));
  }
  Layout l = LayoutOf(node, x.size());
  int64_t group = node.attrs.GetInt("group", 1);
  int64_t c = x[l.channel];
  bool transposed = node.op == OpKind::kConvTranspose;
  int64_t m = transposed ? w->shape[1] * group : w->shape[0];
  int64_t in_per_group = transposed ? w->shape[0] / std::max<int64_t>(group, 1) : w->shape[1];
  if (group <= 0 || c % group != 0 || m % group != 0 || in_per_group * group != c ||
      (transposed && w->shape[0] != c)) {
    return Bad(node, "weight " + Str(w->shape) + " does not match " + std::to_string(c) +
                         " input channels in " + std::to_string(group) + " group(s)");
  }
  auto win = WindowOf(node, std::vector<int64_t>(w->shape.begin() + 2, w->shape.end()), nsp);
  if (!win.ok()) return win.error();
  const WindowAttrs& a = win.value();
  if (node.attrs.Has("kernel_shape") && node.attrs.GetInts("kernel_shape") != a.kernel) {
    return Bad(node, "kernel_shape does not match the weight " + Str(w->shape));
  }
  std::vector<int64_t> opad = node.attrs.GetInts("output_padding", std::vector<int64_t>(nsp, 0));
  if (transposed && (opad.size() != nsp || !Small(opad))) {
    return Bad(node, "output_padding needs " + std::to_string(nsp) + " values");
  }
  Shape out = x;
  out[l.channel] = m;
  for (size_t i = 0; i < nsp; ++i) {
    int64_t in = x[l.spatial[i]];
    int64_t dk = (a.kernel[i] - 1) * a.dilations[i] + 1;
    out[l.spatial[i]] = transposed
                            ? a.strides[i] * (in - 1) + opad[i] + dk - a.pads[i] - a.pads[i + nsp]
                            : WindowOut(in, a.kernel[i], a.strides[i], a.dilations[i], a.pads[i],
                                        a.pads[i + nsp], false);
  }
  return Shapes{out};
}

ErrorOr<Shapes> PoolRule(const Node& node) {
  const Shape& x = In(node, 0);
  if (x.size() < 2) return Bad(node, "input " + Str(x) + " needs channels and a spatial axis");
  size_t nsp = x.size() - 1;
  Layout l = LayoutOf(node, x.size());
  auto win = WindowOf(node, node.attrs.GetInts("kernel_shape"), nsp);
  if (!win.ok()) return win.error();
  const WindowAttrs& a = win.value();
  bool ceil_mode = node.attrs.GetInt("ceil_mode", 0) != 0;
  Shape out = x;
  for (size_t i = 0; i < nsp; ++i) {
    out[l.spatial[i]] = WindowOut(x[l.spatial[i]], a.kernel[i], a.strides[i], a.dilations[i],
                                  a.pads[i], a.pads[i + nsp], ceil_mode);
  }
  return Shapes{out};
}

ErrorOr<Shapes> ReduceRule(const Node& node) {
  const Shape& x = In(node, 0);
  int64_t r = Rank(x);
  std::vector<int64_t> axes = node.attrs.GetInts("axes");
  std::vector<bool> reduced(r, axes.empty() && node.attrs.GetInt("noop_with_empty_axes", 0) == 0);
  for (int64_t a : axes) {
    int64_t n = NormalAxis(a, r);
    if (n < 0) return Bad(node, "axis " + std::to_string(a) + " is out of range for " + Str(x));
    reduced[n] = true;
  }
  bool keep = node.attrs.GetInt("keepdims", 1) != 0;
  Shape out;
  for (int64_t d = 0; d < r; ++d) {
    if (!reduced[d]) {
      out.push_back(x[d]);
    } else if (keep) {
      out.push_back(1);
    }
  }
  return Shapes{out};
}

ErrorOr<Shapes> MatMulRule(const Node& node) {
  const Shape& a = In(node, 0);
  const Shape& b = In(node, 1);
  if (a.size() < 2 || b.size() < 2) return Bad(node, "matmul needs operands of rank 2 or more");
  if (a.back() != b[b.size() - 2]) {
    return Bad(node, "inner dimensions of " + Str(a) + " and " + Str(b) + " differ");
  }
  auto batch = BroadcastAll(node, {Shape(a.begin(), a.end() - 2), Shape(b.begin(), b.end() - 2)});
  if (!batch.ok()) return batch.error();
  Shape out = batch.value();
  out.push_back(a[a.size() - 2]);
  out.push_back(b.back());
  return Shapes{out};
}

ErrorOr<Shapes> ConcatRule(const Node& node) {
  const Shape& x = In(node, 0);
  int64_t axis = NormalAxis(node.attrs.GetInt("axis", 0), Rank(x));
  if (axis < 0) return Bad(node, "axis is out of range for " + Str(x));
  Shape out = x;
  out[axis] = 0;
  for (const Value* v : node.inputs) {
    Shape s = v->shape;
    if (s.size() != x.size()) return Bad(node, "inputs " + Str(x) + " and " + Str(s) + " differ");
    out[axis] += s[axis];
    s[axis] = x[axis];
    if (s != x) return Bad(node, "inputs " + Str(x) + " and " + Str(v->shape) + " differ");
  }
  return Shapes{out};
}

ErrorOr<Shapes> SplitRule(const Node& node) {
  const Shape& x = In(node, 0);
  int64_t axis = NormalAxis(node.attrs.GetInt("axis", 0), Rank(x));
  if (axis < 0) return Bad(node, "axis is out of range for " + Str(x));
  std::vector<int64_t> sizes;
  for (const Value* v : node.outputs)
    sizes.push_back(v->shape.size() > static_cast<size_t>(axis) ? v->shape[axis] : 0);
  sizes = node.attrs.GetInts("split", sizes);
  int64_t total = 0;
  for (int64_t s : sizes) total += s;
  if (sizes.size() != node.outputs.size() || total != x[axis]) {
    return Bad(node, "split sizes do not cut axis " + std::to_string(axis) + " of " + Str(x) +
                         " into " + std::to_string(node.outputs.size()) + " pieces");
  }
  Shapes out;
  for (int64_t s : sizes) {
    out.push_back(x);
    out.back()[axis] = s;
  }
  return out;
}

ErrorOr<Shapes> SliceRule(const Node& node) {
  const Shape& x = In(node, 0);
  int64_t r = Rank(x);
  std::vector<int64_t> starts = node.attrs.GetInts("starts");
  std::vector<int64_t> ends = node.attrs.GetInts("ends");
  std::vector<int64_t> default_axes(starts.size());
  for (size_t i = 0; i < starts.size(); ++i) default_axes[i] = static_cast<int64_t>(i);
  std::vector<int64_t> axes = node.attrs.GetInts("axes", default_axes);
  std::vector<int64_t> steps = node.attrs.GetInts("steps", std::vector<int64_t>(starts.size(), 1));
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size()) {
    return Bad(node, "starts, ends, axes and steps must have the same length");
  }
  Shape out = x;
  std::vector<bool> seen(r, false);
  for (size_t i = 0; i < starts.size(); ++i) {
    int64_t a = NormalAxis(axes[i], r);
    if (a < 0 || seen[a]) return Bad(node, "slice axis " + std::to_string(axes[i]) + " is invalid");
    seen[a] = true;
    int64_t dim = x[a];
    int64_t s = steps[i];
    if (s == 0) return Bad(node, "slice step must not be 0");
    // ONNX: negative indices count from the end, then clamp by direction.
    int64_t b = starts[i] < 0 ? starts[i] + dim : starts[i];
    int64_t e = ends[i] < 0 ? ends[i] + dim : ends[i];
    if (s > 0) {
      b = std::clamp<int64_t>(b, 0, dim);
      e = std::clamp<int64_t>(e, 0, dim);
    } else {
      b = std::clamp<int64_t>(b, 0, dim - 1);
      e = std::clamp<int64_t>(e, -1, dim - 1);
    }
    int64_t n = s > 0 ? (e - b + s - 1) / s : (b - e + (-s) - 1) / (-s);
    out[a] = std::max<int64_t>(n, 0);
  }
  return Shapes{out};
}

ErrorOr<Shapes> PadRule(const Node& node) {
  const Shape& x = In(node, 0);
  int64_t r = Rank(x);
  std::vector<int64_t> pads = node.attrs.GetInts("pads", std::vector<int64_t>(2 * r, 0));
  if (Rank(pads) != 2 * r || !Small(pads)) {
    return Bad(node, "pads needs " + std::to_string(2 * r) + " values for input " + Str(x));
  }
  Shape out = x;
  for (int64_t d = 0; d < r; ++d) out[d] += pads[d] + pads[r + d];
  return Shapes{out};
}

ErrorOr<Shapes> TransposeRule(const Node& node) {
  const Shape& x = In(node, 0);
  std::vector<int64_t> perm = node.attrs.GetInts("perm");
  if (perm.empty()) {
    for (int64_t d = Rank(x); d-- > 0;) perm.push_back(d);
  }
  std::vector<int64_t> sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (sorted[i] != static_cast<int64_t>(i) || sorted.size() != x.size()) {
      return Bad(node, "perm is not a permutation of the axes of " + Str(x));
    }
  }
  Shape out;
  for (int64_t p : perm) out.push_back(x[p]);
  return Shapes{out};
}

ErrorOr<Shapes> DepthSpaceRule(const Node& node) {
  const Shape& x = In(node, 0);
  int64_t b = node.attrs.GetInt("blocksize", 0);
  if (x.size() < 2 || b <= 0 || b > kMaxAttr) {
    return Bad(node, "needs channels, a spatial axis and a positive blocksize");
  }
  Layout l = LayoutOf(node, x.size());
  int64_t block = 1;
  for (size_t i = 0; i < l.spatial.size(); ++i) block *= b;
  Shape out = x;
  if (node.op == OpKind::kDepthToSpace) {
    if (x[l.channel] % block != 0) {
      return Bad(node, "channels of " + Str(x) + " are not a multiple of " + std::to_string(block));
    }
    out[l.channel] /= block;
    for (size_t d : l.spatial) out[d] *= b;
  } else {
    out[l.channel] *= block;
    for (size_t d : l.spatial) {
      if (x[d] % b != 0) {
        return Bad(node,
                   "spatial size of " + Str(x) + " is not a multiple of " + std::to_string(b));
      }
      out[d] /= b;
    }
  }
  return Shapes{out};
}

// The output of a resize is recorded on the node (ONNX gives scales or sizes); the rule checks it
// against the scales: floor(in * scale), or within one of in * scale when sizes gave the scale.
ErrorOr<Shapes> ResizeRule(const Node& node) {
  const Shape& x = In(node, 0);
  if (node.outputs.size() != 1) return Bad(node, "resize has one output");
  const Shape& out = node.outputs[0]->shape;
  std::vector<double> scales = node.attrs.GetFloats("scales");
  if (scales.empty()) return Shapes{out};
  if (scales.size() != x.size() || out.size() != x.size()) {
    return Bad(node, "scales has " + std::to_string(scales.size()) + " values for input " + Str(x));
  }
  for (size_t d = 0; d < x.size(); ++d) {
    double want = static_cast<double>(x[d]) * scales[d];
    if (!(std::abs(static_cast<double>(out[d]) - want) < 1.0)) {
      return Bad(node, "output " + Str(out) + " is not input " + Str(x) + " resized by the scales");
    }
  }
  return Shapes{out};
}

}  // namespace

ErrorOr<std::vector<Shape>> InferShapes(const Node& node) {
  for (const Value* v : node.inputs) {
    if (v == nullptr) return Bad(node, "an input is missing");
  }
  const OpInfo& info = Info(node.op);
  if ((info.traits & kPointwise) != 0) {
    std::vector<Shape> shapes;
    for (const Value* v : node.inputs) shapes.push_back(v->shape);
    auto out = BroadcastAll(node, shapes);
    if (!out.ok()) return out.error();
    return Shapes{out.value()};
  }
  switch (node.op) {
    case OpKind::kInput:
    case OpKind::kReshape: {
      Shapes out;
      for (const Value* v : node.outputs) out.push_back(v->shape);
      if (node.op == OpKind::kReshape && out.size() == 1 &&
          NumElements(out[0]) != NumElements(In(node, 0))) {
        return Bad(node, "reshape from " + Str(In(node, 0)) + " to " + Str(out[0]) +
                             " changes the number of elements");
      }
      return out;
    }
    case OpKind::kConstant: {
      const Tensor* v = node.param("value");
      if (v == nullptr) return Bad(node, "constant without a value");
      return Shapes{v->shape};
    }
    case OpKind::kDense: {
      const Shape& x = In(node, 0);
      const Tensor* w = node.param("weight");
      if (w == nullptr || w->shape.size() != 2 || x.empty() || x.back() != w->shape[0]) {
        return Bad(node, "weight " + (w ? Str(w->shape) : std::string("(none)")) +
                             " does not match input " + Str(x));
      }
      Shape out = x;
      out.back() = w->shape[1];
      return Shapes{out};
    }
    case OpKind::kMatMul:
      return MatMulRule(node);
    case OpKind::kConv:
    case OpKind::kConvTranspose:
      return ConvRule(node);
    case OpKind::kMaxPool:
    case OpKind::kAveragePool:
      return PoolRule(node);
    case OpKind::kGlobalAveragePool:
    case OpKind::kGlobalMaxPool: {
      const Shape& x = In(node, 0);
      if (x.size() < 2) return Bad(node, "input " + Str(x) + " needs channels and a spatial axis");
      Layout l = LayoutOf(node, x.size());
      Shape out = x;
      for (size_t d : l.spatial) out[d] = 1;
      return Shapes{out};
    }
    case OpKind::kReduceMean:
    case OpKind::kReduceMax:
    case OpKind::kReduceSum:
      return ReduceRule(node);
    case OpKind::kTranspose:
      return TransposeRule(node);
    case OpKind::kConcat:
      return ConcatRule(node);
    case OpKind::kSplit:
      return SplitRule(node);
    case OpKind::kSlice:
      return SliceRule(node);
    case OpKind::kPad:
      return PadRule(node);
    case OpKind::kResize:
      return ResizeRule(node);
    case OpKind::kDepthToSpace:
    case OpKind::kSpaceToDepth:
      return DepthSpaceRule(node);
    case OpKind::kBatchNorm: {
      const Shape& x = In(node, 0);
      int64_t c = x.empty() ? 1 : x[LayoutOf(node, x.size()).channel];
      for (const char* key : {"scale", "bias"}) {
        const Tensor* t = node.param(key);
        if (t != nullptr && t->size() != c) {
          return Bad(node, std::string(key) + " has " + std::to_string(t->size()) + " values for " +
                               std::to_string(c) + " channels");
        }
      }
      return Shapes{x};
    }
    case OpKind::kSoftmax:
    case OpKind::kQuant:
    case OpKind::kTrunc:
    case OpKind::kFloatQuant:
    case OpKind::kQuantizeLinear:
    case OpKind::kDequantizeLinear:
      return Shapes{In(node, 0)};
    default:
      // Pointwise ops were handled above; any other op reaching here has no rule yet.
      LOOM_CHECK_MSG(false, "op '" + std::string(OpName(node.op)) + "' has no shape rule");
  }
  return Shapes{};
}

}  // namespace loom::ir
