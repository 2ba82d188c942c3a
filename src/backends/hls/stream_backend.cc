// The io_stream project: every layer a process of a DATAFLOW top function, tensors passed between
// them as hls::stream FIFOs of beats (one position per beat: a pixel's channels, the last axis).
//
// Each layer is built the first way that fits it, all checked against the emulator's own
// definitions (conv patches, pool taps, gather maps) before anything is written:
//   pointwise  every position's output beat depends only on that position's input beats (element-
//              wise ops, activations, quantizers, dense over the last axis, batch_norm over
//              channels-last): the io_parallel emitter renders the layer for one beat (a shadow
//              node whose shapes are one beat's) and a loop applies it to every beat;
//   window     convolutions and max/average pools over 1 or 2 channels-last spatial axes: the line
//              buffer kernels of loom_stream.h;
//   global     global pools and reductions over every position: accumulate beat by beat;
//   resize     nearest-neighbour resize over channels-last rows: one row buffer;
//   beat copy  value-moving ops where each output beat is a fixed selection of the same position's
//              input beats (concat or slice of channels, reshape that keeps the last axis), or
//              whole input beats in stream order (concat or split of the leading axis);
//   buffered   anything else whose tensors fit the io_parallel limit (4,096 elements): the whole
//              input is read into registers, the io_parallel layer runs, its output is streamed.
// What fits none of them is refused, naming the layer and why.
#include <algorithm>
#include <memory>
#include <numeric>
#include <sstream>

#include "backends/hls/fifo_model.h"
#include "backends/hls/project.h"
#include "loom/fixed/fixed_value.h"
#include "loom/ir/conv_geometry.h"
#include "loom/ir/pool_geometry.h"
#include "plan/plan.h"

namespace loom::hls {
namespace {

using ir::Node;
using ir::OpKind;
using ir::Shape;
using ir::Value;

// A stream's beats: `positions` beats of `width` elements.
struct Layout {
  int64_t positions = 1;
  int64_t width = 1;
};

Layout LayoutOf(const Shape& s) {
  const int64_t n = ir::NumElements(s);
  const int64_t w = s.empty() ? 1 : s.back();
  if (w <= 0) return {0, std::max<int64_t>(w, 1)};
  return {n / w, w};
}

bool IsConstant(const Value* v) {
  return v->producer != nullptr && v->producer->op == OpKind::kConstant;
}

// Whether an operand of shape `from` gives every position of `out` the same values (numpy
// broadcasting): right-aligned, every axis but the last is 1, the last is 1 or out's last.
bool SameForEveryPosition(const Shape& from, const Shape& out) {
  if (from.empty()) return true;
  for (size_t i = 0; i + 1 < from.size(); ++i) {
    if (from[i] != 1) return false;
  }
  return from.back() == 1 || (!out.empty() && from.back() == out.back());
}

Shape OneBeat(const Shape& s) { return s.empty() ? Shape{} : Shape{s.back()}; }

std::string S(int64_t v) { return std::to_string(v); }

// Bit mask of the first n inputs or outputs of a process.
uint32_t Mask(size_t n) { return n >= 32 ? 0xffffffffu : (1u << n) - 1u; }

int64_t Log2Ceil(int64_t n) {
  int64_t b = 0;
  while ((int64_t{1} << b) < n) ++b;
  return b;
}

// The pipeline latency a layer's per-beat computation is modelled with (cycles from reading a
// beat to writing its result; an estimate: an adder tree over the products, a table read).
int64_t BeatLatency(const Node& node, const lower::LayerDecision& d, int64_t products) {
  int64_t l = 2;
  if (ir::FamilyOf(node) == ir::OpFamily::kLinear) l = 3 + Log2Ceil(std::max<int64_t>(products, 1));
  if (node.op == OpKind::kSoftmax) l = 6 + Log2Ceil(products);
  if (d.strategy == config::Strategy::kResource && !d.multiplier_limit.empty()) {
    l += d.reuse_factor;
  }
  return l;
}

// "struct name : bases {\n  line\n ...};\n".
std::string DerivedStruct(const std::string& name, const std::string& bases,
                          const std::vector<std::string>& lines) {
  std::string s = "struct " + name + " : " + bases + " {\n";
  for (const std::string& l : lines) s += "  " + l + "\n";
  return s + "};\n";
}

// A node re-shaped to one beat: streamed values and broadcast operands cut to their last axis.
struct Shadow {
  ir::Graph graph;
  Node* node = nullptr;
};

// The shadow of a pointwise node, or "" and the reason it is not pointwise.
std::unique_ptr<Shadow> MakeShadow(const Node& node, std::string& why) {
  const Shape& out = node.outputs[0]->shape;
  const Layout lo = LayoutOf(out);
  const ir::OpFamily family = ir::FamilyOf(node);
  const bool elementwise_family = family == ir::OpFamily::kElementwise ||
                                  family == ir::OpFamily::kLut || family == ir::OpFamily::kQuant;
  const int64_t rank = static_cast<int64_t>(out.size());
  // Which ops are pointwise over positions.
  bool pointwise = false;
  if (elementwise_family) {
    pointwise = true;
    if (node.op == OpKind::kSoftmax) {
      int64_t axis = ir::IntAttr(node, "axis");
      if (axis < 0) axis += rank;
      if (axis != rank - 1) {
        why = "its softmax axis is not the last (the beat's) axis";
        return nullptr;
      }
    }
    if (node.op == OpKind::kQuantizeLinear || node.op == OpKind::kDequantizeLinear) {
      const int64_t axis = ir::IntAttr(node, "axis");
      if (axis >= 0 && axis != rank - 1) {
        why = "its per-axis quantization axis is not the last (the beat's) axis";
        return nullptr;
      }
      if (ir::IntAttr(node, "block_size") != 0) {
        why = "it quantizes in blocks";
        return nullptr;
      }
    }
  } else if (node.op == OpKind::kDense) {
    pointwise = true;
  } else if (node.op == OpKind::kBatchNorm) {
    pointwise = rank <= 1 || ir::IntAttr(node, "channels_last") != 0;
    if (!pointwise) why = "it is a channels-first batch_norm";
  }
  if (!pointwise) {
    if (why.empty()) why = "it is not a per-position op";
    return nullptr;
  }
  // Every computed input streams with the output's positions; constants and params are the same
  // for every position.
  for (const Value* v : node.inputs) {
    if (IsConstant(v)) {
      if (!SameForEveryPosition(v->shape, out)) {
        why = "its constant operand " + ir::ShapeToString(v->shape) + " differs between positions";
        return nullptr;
      }
      continue;
    }
    const Layout li = LayoutOf(v->shape);
    if (li.positions != lo.positions) {
      why = "its input " + ir::ShapeToString(v->shape) + " and output " + ir::ShapeToString(out) +
            " have different positions (a broadcast between streams)";
      return nullptr;
    }
    if (elementwise_family && v->shape != out) {
      why = "its input " + ir::ShapeToString(v->shape) + " broadcasts to " + ir::ShapeToString(out);
      return nullptr;
    }
  }
  for (const Value* v : node.outputs) {
    if (LayoutOf(v->shape).positions != lo.positions) {
      why = "its outputs have different positions";
      return nullptr;
    }
  }
  if (elementwise_family) {
    for (const auto& [key, t] : node.params) {
      if (!SameForEveryPosition(t.shape, out)) {
        why = "its parameter '" + key + "' " + ir::ShapeToString(t.shape) +
              " differs between positions";
        return nullptr;
      }
    }
  }
  auto shadow = std::make_unique<Shadow>();
  ir::Graph& g = shadow->graph;
  std::vector<Value*> inputs;
  for (const Value* v : node.inputs) {
    Value* in = nullptr;
    if (IsConstant(v)) {
      Node* c = g.AddNode(OpKind::kConstant, v->producer->name, {});
      c->params = v->producer->params;
      for (auto& [key, t] : c->params) t.shape = OneBeat(t.shape);
      c->outputs[0]->shape = OneBeat(v->shape);
      c->outputs[0]->type = v->type;
      in = c->outputs[0];
    } else {
      in = g.AddInput(v->name, OneBeat(v->shape));
      in->type = v->type;
    }
    inputs.push_back(in);
  }
  Node* n = g.AddNode(node.op, node.name, inputs, static_cast<int>(node.outputs.size()));
  n->attrs = node.attrs;
  n->params = node.params;
  n->types = node.types;
  n->locations = node.locations;
  if (elementwise_family) {
    for (auto& [key, t] : n->params) t.shape = OneBeat(t.shape);
  }
  if (node.op == OpKind::kSoftmax) n->attrs.Set("axis", int64_t{0});
  if ((node.op == OpKind::kQuantizeLinear || node.op == OpKind::kDequantizeLinear) &&
      ir::IntAttr(node, "axis") >= 0) {
    n->attrs.Set("axis", int64_t{0});
  }
  for (size_t o = 0; o < node.outputs.size(); ++o) {
    n->outputs[o]->shape = OneBeat(node.outputs[o]->shape);
    n->outputs[o]->type = node.outputs[o]->type;
    n->outputs[o]->name = node.outputs[o]->name;
  }
  shadow->node = n;
  return shadow;
}

// A window layer's geometry over the padded grid (loom_stream.h, WINDOW).
struct Window {
  int64_t in_h = 1, in_w = 1, out_h = 1, out_w = 1, k_h = 1, k_w = 1, stride_h = 1, stride_w = 1,
          dil_h = 1, dil_w = 1, pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0,
          grid_h = 1, grid_w = 1, n_chan = 1, n_out_chan = 1;
  int64_t span_h() const { return (k_h - 1) * dil_h + 1; }
  int64_t span_w() const { return (k_w - 1) * dil_w + 1; }
  // The input position tap t of output (r, c) reads, or -1 in the padding.
  int64_t Tap(int64_t r, int64_t c, int64_t t) const {
    const int64_t y = r * stride_h + (t / k_w) * dil_h - pad_top;
    const int64_t x = c * stride_w + (t % k_w) * dil_w - pad_left;
    if (y < 0 || y >= in_h || x < 0 || x >= in_w) return -1;
    return y * in_w + x;
  }
  std::string Struct(const std::string& name) const {
    std::vector<std::string> lines;
    const std::pair<const char*, int64_t> members[] = {
        {"in_h", in_h},
        {"in_w", in_w},
        {"out_h", out_h},
        {"out_w", out_w},
        {"k_h", k_h},
        {"k_w", k_w},
        {"stride_h", stride_h},
        {"stride_w", stride_w},
        {"dil_h", dil_h},
        {"dil_w", dil_w},
        {"pad_top", pad_top},
        {"pad_left", pad_left},
        {"grid_h", grid_h},
        {"grid_w", grid_w},
        {"span_h", span_h()},
        {"span_w", span_w()},
        {"n_lines", std::max<int64_t>(span_h() - 1, 1)},
        {"n_taps", k_h * k_w},
        {"n_chan", n_chan},
        {"n_out_chan", n_out_chan}};
    for (const auto& [key, v] : members) lines.push_back(UnsignedMember(key, v));
    return ConfigStruct(name, lines);
  }
};

// Fills the grid from the pads and output size: the padded input, extended so that the last
// window fits (a ceil_mode pool's last window may reach past the end padding).
void SetGrid(Window& w) {
  w.grid_h = std::max(w.pad_top + w.in_h + w.pad_bottom, (w.out_h - 1) * w.stride_h + w.span_h());
  w.grid_w = std::max(w.pad_left + w.in_w + w.pad_right, (w.out_w - 1) * w.stride_w + w.span_w());
}

// The window of a channels-last convolution over 1 or 2 spatial axes whose taps are the
// emulator's (ir::PatchPositions), or the reason it has none.
std::optional<Window> ConvWindow(const Node& node, std::string& why) {
  auto geo = ir::ConvShape(node);
  if (!geo.ok()) {
    why = geo.error().message();
    return std::nullopt;
  }
  const ir::ConvGeometry& g = geo.value();
  if (g.transposed) {
    why = "transposed convolutions do not stream yet";
    return std::nullopt;
  }
  if (!g.channels_last) {
    why = "it is a channels-first convolution";
    return std::nullopt;
  }
  const size_t rank = g.in_spatial.size();
  if (rank < 1 || rank > 2) {
    why = "it has " + S(static_cast<int64_t>(rank)) + " spatial axes (streams take 1 or 2)";
    return std::nullopt;
  }
  Window w;
  const size_t h = rank == 2 ? 0 : rank, x = rank - 1;  // h == rank: no height axis
  auto pick = [&](const std::vector<int64_t>& v, size_t d, int64_t none) {
    return d < rank ? v[d] : none;
  };
  w.in_h = pick(g.in_spatial, h, 1);
  w.in_w = g.in_spatial[x];
  w.out_h = pick(g.out_spatial, h, 1);
  w.out_w = g.out_spatial[x];
  w.k_h = pick(g.kernel, h, 1);
  w.k_w = g.kernel[x];
  w.stride_h = pick(g.strides, h, 1);
  w.stride_w = g.strides[x];
  w.dil_h = pick(g.dilations, h, 1);
  w.dil_w = g.dilations[x];
  w.pad_top = pick(g.pads, h, 0);
  w.pad_left = g.pads[x];
  const std::vector<int64_t> pads = node.attrs.GetInts("pads", std::vector<int64_t>(2 * rank, 0));
  w.pad_bottom = h < rank && pads.size() == 2 * rank ? pads[rank + h] : 0;
  w.pad_right = pads.size() == 2 * rank ? pads[rank + x] : 0;
  w.n_chan = g.channels;
  w.n_out_chan = g.out_channels;
  SetGrid(w);
  const std::vector<int64_t> want = ir::PatchPositions(g);
  const int64_t taps = w.k_h * w.k_w;
  bool same = static_cast<int64_t>(want.size()) == w.out_h * w.out_w * taps;
  for (int64_t p = 0; same && p < w.out_h * w.out_w; ++p) {
    for (int64_t t = 0; same && t < taps; ++t) {
      same = want[p * taps + t] == w.Tap(p / w.out_w, p % w.out_w, t);
    }
  }
  if (!same) {
    why = "its taps do not follow a line-buffer window (internal: report this model)";
    return std::nullopt;
  }
  return w;
}

// The window of a channels-last max or average pool, checked against ir::PoolReduction (taps and
// divisors); `uniform`: every window has all its taps inside; `include_h/w`: the padded extent.
struct PoolWindow {
  Window w;
  bool uniform = true;
  bool include_pad = false;
  int64_t include_h = 0, include_w = 0;
};

std::optional<PoolWindow> PoolWindowOf(const Node& node, std::string& why) {
  if (ir::IntAttr(node, "channels_last") == 0) {
    why = "it is a channels-first pool";
    return std::nullopt;
  }
  auto red = ir::PoolReduction(node);
  if (!red.ok()) {
    why = red.error().message();
    return std::nullopt;
  }
  const ir::Reduction& r = red.value();
  const Shape& in = node.inputs[0]->shape;
  const Shape& out = node.outputs[0]->shape;
  const size_t rank = in.size() - 1;
  if (rank < 1 || rank > 2) {
    why = "it has " + S(static_cast<int64_t>(rank)) + " spatial axes (streams take 1 or 2)";
    return std::nullopt;
  }
  const std::vector<int64_t> kernel = node.attrs.GetInts("kernel_shape");
  const std::vector<int64_t> strides = node.attrs.GetInts("strides", std::vector<int64_t>(rank, 1));
  const std::vector<int64_t> dil = node.attrs.GetInts("dilations", std::vector<int64_t>(rank, 1));
  const std::vector<int64_t> pads = node.attrs.GetInts("pads", std::vector<int64_t>(2 * rank, 0));
  PoolWindow pw;
  Window& w = pw.w;
  const size_t x = rank - 1;
  if (rank == 2) {
    w.in_h = in[0];
    w.out_h = out[0];
    w.k_h = kernel[0];
    w.stride_h = strides[0];
    w.dil_h = dil[0];
    w.pad_top = pads[0];
    w.pad_bottom = pads[2];
  }
  w.in_w = in[x];
  w.out_w = out[x];
  w.k_w = kernel[x];
  w.stride_w = strides[x];
  w.dil_w = dil[x];
  w.pad_left = pads[x];
  w.pad_right = pads[rank + x];
  w.n_chan = in.back();
  w.n_out_chan = out.back();
  SetGrid(w);
  pw.include_pad = node.attrs.GetInt("count_include_pad", 0) != 0;
  pw.include_h = w.pad_top + w.in_h + w.pad_bottom;
  pw.include_w = w.pad_left + w.in_w + w.pad_right;
  const int64_t taps = w.k_h * w.k_w;
  bool same = r.positions == w.out_h * w.out_w && r.taps == taps;
  auto axis_count = [](int64_t o, int64_t k, int64_t s, int64_t d, int64_t lo, int64_t hi) {
    int64_t n = 0;
    for (int64_t j = 0; j < k; ++j) n += o * s + j * d >= lo && o * s + j * d < hi ? 1 : 0;
    return n;
  };
  for (int64_t p = 0; same && p < r.positions; ++p) {
    const int64_t oh = p / w.out_w, ow = p % w.out_w;
    int64_t valid = 0;
    for (int64_t t = 0; same && t < taps; ++t) {
      const int64_t tap = w.Tap(oh, ow, t);
      same = r.table[p * taps + t] == tap;
      valid += tap >= 0 ? 1 : 0;
    }
    if (!ir::IsAveraging(node.op)) continue;
    const int64_t vh = axis_count(oh, w.k_h, w.stride_h, w.dil_h, w.pad_top, w.pad_top + w.in_h);
    const int64_t vw = axis_count(ow, w.k_w, w.stride_w, w.dil_w, w.pad_left, w.pad_left + w.in_w);
    int64_t count = vh * vw;
    if (pw.include_pad) {
      count = axis_count(oh, w.k_h, w.stride_h, w.dil_h, 0, pw.include_h) *
              axis_count(ow, w.k_w, w.stride_w, w.dil_w, 0, pw.include_w);
    }
    if (valid == 0) count = 0;
    same = same && r.divisor[p] == count && vh * vw == valid;
    if (count != taps || valid != taps) pw.uniform = false;
  }
  if (!same) {
    why = "its taps do not follow a line-buffer window (internal: report this model)";
    return std::nullopt;
  }
  return pw;
}

// A reduction of every position into one beat (global pools, reduce_* over the leading axes).
bool IsGlobalReduction(const Node& node) {
  if (ir::FamilyOf(node) != ir::OpFamily::kPool || node.op == OpKind::kMaxPool ||
      node.op == OpKind::kAveragePool) {
    return false;
  }
  auto red = ir::PoolReduction(node);
  if (!red.ok()) return false;
  const ir::Reduction& r = red.value();
  const Layout li = LayoutOf(node.inputs[0]->shape);
  const Layout lo = LayoutOf(node.outputs[0]->shape);
  if (r.positions != 1 || r.taps != li.positions || r.groups != li.width ||
      r.in_group_stride != 1 || r.in_tap_mult != li.width || lo.positions != 1 ||
      lo.width != li.width || r.out_group_stride != 1) {
    return false;
  }
  for (int64_t t = 0; t < r.taps; ++t) {
    if (r.table[t] != t) return false;
  }
  return true;
}

// The gather maps of a value-moving op (plan::GatherMapsOf, the emulator's).
struct BeatCopy {
  // Per output, per element of its beat: (input, element of that input's beat), input -1: pad.
  std::vector<std::vector<std::pair<int, int64_t>>> per_beat;
  // Whole beats in stream order: per step, (output or -1 to drop, input).
  struct Run {
    int output = -1;
    int input = 0;
    int64_t count = 0;
  };
  std::vector<Run> runs;
};

std::optional<BeatCopy> PerBeatCopy(const Node& node, const std::vector<plan::GatherMap>& maps) {
  BeatCopy copy;
  for (size_t o = 0; o < maps.size(); ++o) {
    const Layout lo = LayoutOf(node.outputs[o]->shape);
    std::vector<std::pair<int, int64_t>> beat(lo.width, {-1, 0});
    for (int64_t e = 0; e < static_cast<int64_t>(maps[o].input.size()); ++e) {
      const int64_t p = e / lo.width, j = e % lo.width;
      const int i = maps[o].input[e];
      std::pair<int, int64_t> src{-1, 0};
      if (i >= 0) {
        const Layout li = LayoutOf(node.inputs[i]->shape);
        if (li.positions != lo.positions || maps[o].element[e] / li.width != p) return std::nullopt;
        src = {i, maps[o].element[e] % li.width};
      }
      if (p == 0) {
        beat[j] = src;
      } else if (beat[j] != src) {
        return std::nullopt;
      }
    }
    copy.per_beat.push_back(beat);
  }
  return copy;
}

std::optional<BeatCopy> SequentialCopy(const Node& node, const std::vector<plan::GatherMap>& maps,
                                       bool same_type) {
  if (!same_type) return std::nullopt;
  // Each output beat a whole input beat; per input, the beats used in increasing order.
  struct Step {
    int output, input;
    int64_t beat;
  };
  std::vector<Step> steps;
  std::vector<int64_t> next(node.inputs.size(), 0);
  for (size_t o = 0; o < maps.size(); ++o) {
    const Layout lo = LayoutOf(node.outputs[o]->shape);
    for (int64_t p = 0; p < lo.positions; ++p) {
      const int i = maps[o].input[p * lo.width];
      if (i < 0) return std::nullopt;
      const Layout li = LayoutOf(node.inputs[i]->shape);
      if (li.width != lo.width) return std::nullopt;
      const int64_t first = maps[o].element[p * lo.width];
      if (first % li.width != 0) return std::nullopt;
      for (int64_t j = 0; j < lo.width; ++j) {
        if (maps[o].input[p * lo.width + j] != i ||
            maps[o].element[p * lo.width + j] != first + j) {
          return std::nullopt;
        }
      }
      steps.push_back({static_cast<int>(o), i, first / li.width});
    }
  }
  // In stream order per input, with skipped beats dropped.
  BeatCopy copy;
  auto add = [&copy](int output, int input) {
    if (!copy.runs.empty() && copy.runs.back().output == output &&
        copy.runs.back().input == input) {
      ++copy.runs.back().count;
    } else {
      copy.runs.push_back({output, input, 1});
    }
  };
  for (const Step& s : steps) {
    if (s.beat < next[s.input]) return std::nullopt;
    for (; next[s.input] < s.beat; ++next[s.input]) add(-1, s.input);
    add(s.output, s.input);
    ++next[s.input];
  }
  for (size_t i = 0; i < node.inputs.size(); ++i) {
    const int64_t n = LayoutOf(node.inputs[i]->shape).positions;
    for (; next[i] < n; ++next[i]) add(-1, static_cast<int>(i));
  }
  if (copy.runs.size() > 64) return std::nullopt;
  return copy;
}

// A crop/strided slice or a constant pad of the positions, too many runs for SequentialCopy: one
// input and one output of the same beat, the output positions the input's picked per axis
// (select: input coordinate idx[k][o] for output coordinate o), or the input's placed per axis
// among pad beats (pad: output coordinate o holds input coordinate idx[k][o], or a pad beat when
// any axis has -1). The kernel walks the larger grid with one counter per axis.
struct GridCopy {
  bool pad = false;
  std::vector<int64_t> grid;           // the walked grid: the input's (select), the output's
  std::vector<std::vector<bool>> hit;  // per axis of the grid: read and write (select) or
                                       // read (pad) at this coordinate
};

std::optional<GridCopy> GridCopyOf(const Node& node, const std::vector<plan::GatherMap>& maps,
                                   bool same_type) {
  if (!same_type || node.inputs.size() != 1 || node.outputs.size() != 1 || maps.size() != 1) {
    return std::nullopt;
  }
  const Shape& in = node.inputs[0]->shape;
  const Shape& out = node.outputs[0]->shape;
  if (in.size() != out.size() || in.size() < 2 || in.back() != out.back()) return std::nullopt;
  const size_t rank = in.size() - 1;
  const int64_t w = in.back();
  const Layout lo = LayoutOf(out), li = LayoutOf(in);
  if (lo.width != w || li.width != w) return std::nullopt;
  const plan::GatherMap& m = maps[0];
  // Per output position: the input position, or -1 for a pad beat.
  std::vector<int64_t> src(lo.positions);
  for (int64_t p = 0; p < lo.positions; ++p) {
    const int i = m.input[p * w];
    src[p] = i < 0 ? -1 : m.element[p * w] / w;
    for (int64_t j = 0; j < w; ++j) {
      const int ij = m.input[p * w + j];
      if ((ij < 0) != (i < 0) || (i >= 0 && m.element[p * w + j] != src[p] * w + j)) {
        return std::nullopt;
      }
    }
  }
  // Per axis, the input coordinate of each output coordinate (-2: not seen yet).
  std::vector<std::vector<int64_t>> idx(rank);
  for (size_t k = 0; k < rank; ++k) idx[k].assign(out[k], -2);
  bool any_pad = false;
  for (int64_t p = 0; p < lo.positions; ++p) {
    if (src[p] < 0) {
      any_pad = true;
      continue;
    }
    int64_t po = p, pi = src[p];
    for (size_t k = rank; k-- > 0;) {
      const int64_t o = po % out[k], c = pi % in[k];
      po /= out[k];
      pi /= in[k];
      if (idx[k][o] != -2 && idx[k][o] != c) return std::nullopt;
      idx[k][o] = c;
    }
  }
  GridCopy g;
  g.pad = any_pad;
  for (size_t k = 0; k < rank; ++k) {
    std::vector<bool> seen(in[k], false);
    int64_t last = -1;
    for (int64_t o = 0; o < out[k]; ++o) {
      if (idx[k][o] == -2) {
        if (!any_pad) return std::nullopt;
        idx[k][o] = -1;  // a pad row/column
        continue;
      }
      if (idx[k][o] <= last) return std::nullopt;  // in stream order, each once
      last = idx[k][o];
      seen[idx[k][o]] = true;
    }
    if (any_pad) {
      // Every input coordinate placed (all input beats are read), in order.
      for (bool b : seen) {
        if (!b) return std::nullopt;
      }
      g.grid.push_back(out[k]);
      std::vector<bool> hit(out[k]);
      for (int64_t o = 0; o < out[k]; ++o) hit[o] = idx[k][o] >= 0;
      g.hit.push_back(hit);
    } else {
      g.grid.push_back(in[k]);
      g.hit.push_back(seen);
    }
  }
  // The whole map again from the per-axis tables: every position as described.
  for (int64_t p = 0; p < lo.positions; ++p) {
    int64_t po = p, want = 0, stride = 1;
    bool pad = false;
    for (size_t k = rank; k-- > 0;) {
      const int64_t c = idx[k][po % out[k]];
      po /= out[k];
      if (c < 0) pad = true;
      want += std::max<int64_t>(c, 0) * stride;
      stride *= in[k];
    }
    if (pad ? src[p] != -1 : src[p] != want) return std::nullopt;
  }
  return g;
}

// A nearest resize of channels-last rows: output (r, c) = input (rows[r], cols[c]).
struct Nearest {
  int64_t in_h = 1, in_w = 1, out_h = 1, out_w = 1, chan = 1;
  std::vector<int64_t> rows, cols;
};

std::optional<Nearest> NearestResize(const Node& node, const plan::GatherMap& map) {
  const Shape& in = node.inputs[0]->shape;
  const Shape& out = node.outputs[0]->shape;
  if (in.size() != out.size() || in.size() < 2 || in.size() > 3 || in.back() != out.back()) {
    return std::nullopt;
  }
  Nearest n;
  n.chan = in.back();
  n.in_w = in[in.size() - 2];
  n.out_w = out[out.size() - 2];
  if (in.size() == 3) {
    n.in_h = in[0];
    n.out_h = out[0];
  }
  for (int64_t r = 0; r < n.out_h; ++r) {
    const int64_t e = map.element[r * n.out_w * n.chan];
    n.rows.push_back(e / (n.in_w * n.chan));
    if (r > 0 && n.rows[r] < n.rows[r - 1]) return std::nullopt;
  }
  for (int64_t c = 0; c < n.out_w; ++c) n.cols.push_back(map.element[c * n.chan] / n.chan % n.in_w);
  for (int64_t e = 0; e < static_cast<int64_t>(map.input.size()); ++e) {
    const int64_t ch = e % n.chan, c = e / n.chan % n.out_w, r = e / (n.chan * n.out_w);
    if (map.input[e] != 0 || map.element[e] != (n.rows[r] * n.in_w + n.cols[c]) * n.chan + ch) {
      return std::nullopt;
    }
  }
  return n;
}

// The testbench's index of element e of a stream that carries a permutation of a graph value:
// src(e) = sum_k coord_k(e) * src_strides[perm[k]] over the stream's shape.
struct Permutation {
  std::vector<int64_t> shape, perm, src_strides;
};

std::vector<int64_t> Strides(const Shape& s) {
  std::vector<int64_t> st(s.size(), 1);
  for (int64_t d = static_cast<int64_t>(s.size()) - 2; d >= 0; --d) st[d] = st[d + 1] * s[d + 1];
  return st;
}

std::string IntList(const std::vector<int64_t>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + S(v[i]);
  return v.empty() ? "0" : s;
}

// The window kernel's loop (loom_stream.h window_stream), pixel by pixel of the padded grid:
// a read inside the image, a write where a window completes (`ready_ii` > 0: the interval before
// such an iteration, for the Resource kernel whose column loop is not pipelined).
void WindowSteps(const Window& w, fifo::Process& proc, int64_t ready_ii) {
  int64_t row_phase = 0, out_r = 0;
  for (int64_t r = 0; r < w.grid_h; ++r) {
    const bool row_ready = r + 1 >= w.span_h() && row_phase == 0 && out_r < w.out_h;
    const bool row_in = r >= w.pad_top && r < w.pad_top + w.in_h;
    int64_t col_phase = 0, out_c = 0;
    for (int64_t c = 0; c < w.grid_w; ++c) {
      const bool ready = row_ready && c + 1 >= w.span_w() && col_phase == 0 && out_c < w.out_w;
      const bool read = row_in && c >= w.pad_left && c < w.pad_left + w.in_w;
      proc.Add(read ? 1u : 0u, ready ? 1u : 0u, 1, ready ? ready_ii : 0);
      if (c + 1 >= w.span_w()) {
        if (ready) ++out_c;
        col_phase = col_phase + 1 == w.stride_w ? 0 : col_phase + 1;
      }
    }
    if (r + 1 >= w.span_h()) {
      if (row_ready) ++out_r;
      row_phase = row_phase + 1 == w.stride_h ? 0 : row_phase + 1;
    }
  }
}

class Builder {
 public:
  Builder(const ir::Graph& graph, const lower::Lowering& lowering, Namer& names, Plan& plan,
          std::string depth_mode)
      : graph_(graph),
        lowering_(lowering),
        names_(names),
        plan_(plan),
        depth_mode_(std::move(depth_mode)) {}

  ErrorOr<TopProject> Build();

 private:
  // The beat type of a value's stream.
  const std::string& BeatType(const Value* v) {
    auto it = beat_type_.find(v);
    if (it != beat_type_.end()) return it->second;
    const std::string name = names_.Get(plan_.var.at(v) + "_beat");
    plan_.typedefs += "typedef loom_hls::beat<" + plan_.type.at(v) + ", " +
                      S(LayoutOf(v->shape).width) + "> " + name + "_t;\n";
    return beat_type_[v] = name + "_t";
  }
  // A FIFO of the top function.
  std::string AddStream(const Value* v, const std::string& var, bool port = false) {
    const Layout l = LayoutOf(v->shape);
    fifo_id_[var] = static_cast<int>(fifos_.size());
    fifos_.push_back({var, l.width * v->type.fixed.width, l.positions, port});
    fifo_type_.push_back(BeatType(v));
    return var;
  }
  std::string StreamParam(const Value* v, const std::string& name) {
    return "hls::stream<" + BeatType(v) + ">& " + name;
  }
  // The stream `reader` reads v from (a clone's copy when v has several readers).
  std::string ReadFrom(const Value* v, const void* reader) {
    auto it = copy_of_.find({v, reader});
    return it == copy_of_.end() ? stream_.at(v) : it->second;
  }
  void AddClones(const Value* v);
  // A process of the top: `fn(args)`, run in order by C-simulation, as a thread by the threaded
  // check.
  void Call(const std::string& fn, const std::string& args) {
    plan_.body += "  " + fn + "(" + args + ");\n";
    calls_.emplace_back(fn, args);
  }
  // A process of the timing model: `args` are its FIFOs, inputs first, then its `n_out` outputs.
  void AddProcess(fifo::Process proc, const std::vector<std::string>& args, size_t n_out) {
    for (size_t i = 0; i < args.size(); ++i) {
      (i + n_out < args.size() ? proc.inputs : proc.outputs).push_back(fifo_id_.at(args[i]));
    }
    procs_.push_back(std::move(proc));
  }
  void AddFunction(const Node& node, const std::string& fn, const std::string& params,
                   const std::string& body, const std::vector<std::string>& args,
                   fifo::Process proc, const std::string& pragmas = "#pragma HLS INLINE off\n") {
    proc.name = fn;
    AddProcess(std::move(proc), args, node.outputs.size());
    plan_.functions += "// Layer " + fn + ": " + std::string(ir::OpName(node.op)) + ", " +
                       Origin(node) + ".\nstatic void " + fn + "(" + params + ") {\n" + pragmas +
                       body + "}\n\n";
    std::string call;
    for (size_t i = 0; i < args.size(); ++i) call += (i ? ", " : "") + args[i];
    Call(fn, call);
  }
  void TakeCode(const LayerCode& c, const std::string& id, const Node& node) {
    for (const std::string& h : c.headers) plan_.headers.insert(h);
    plan_.configs += c.config;
    if (!c.weights.empty()) {
      std::string& file = plan_.weight_files["weights/" + id + ".h"];
      if (file.empty()) {
        file = "// Constants of layer " + id + " (" + Origin(node) + "), written by loom.\n";
      }
      file += c.weights;
    }
  }
  // The emitter's context for `node` (a shadow of `original`, or original itself), the types
  // those of the original's values.
  EmitContext Context(const Node& node, const Node& original, const std::string& id,
                      const lower::LayerDecision& d) {
    EmitContext ctx{node, id, {}, {}, {}, {}, {}, {}, d, node.attrs.GetInt("table_size", 1024)};
    for (const Value* v : original.inputs) {
      ctx.input_types.push_back(plan_.type.at(v));
      ctx.input_fixed.push_back(v->type.fixed);
    }
    for (const Value* v : original.outputs) {
      ctx.output_types.push_back(plan_.type.at(v));
      ctx.output_fixed.push_back(v->type.fixed);
    }
    return ctx;
  }
  // Distinct computed inputs (a value read twice is one stream) and their parameter names.
  std::vector<const Value*> StreamedInputs(const Node& node) {
    std::vector<const Value*> out;
    for (const Value* v : node.inputs) {
      if (IsConstant(v)) continue;
      if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    }
    return out;
  }
  std::string Layer(const Node& node);  // "" or the problem
  std::string Pointwise(const Node& node, const std::string& id, const lower::LayerDecision& d,
                        std::unique_ptr<Shadow> shadow);
  std::string ConvStream(const Node& node, const std::string& id, const lower::LayerDecision& d,
                         const Window& w);
  std::string PoolStream(const Node& node, const std::string& id, const lower::LayerDecision& d,
                         const PoolWindow& pw);
  std::string GlobalStream(const Node& node, const std::string& id, const lower::LayerDecision& d);
  std::string ResizeStream(const Node& node, const std::string& id, const Nearest& n);
  std::string CopyStream(const Node& node, const std::string& id, const BeatCopy& copy);
  std::string GridStream(const Node& node, const std::string& id, const GridCopy& g);
  // "" and fits = false when a tensor is over the io_parallel limit.
  std::string Buffered(const Node& node, const std::string& id, const lower::LayerDecision& d,
                       bool& fits);
  // The layer function's stream parameters and the top's arguments, inputs then outputs.
  void Ports(const Node& node, const std::vector<const Value*>& ins, std::string& params,
             std::vector<std::string>& args) {
    for (size_t k = 0; k < ins.size(); ++k) {
      params += (params.empty() ? "" : ", ") + StreamParam(ins[k], "x" + S(k));
      args.push_back(ReadFrom(ins[k], &node));
    }
    for (size_t o = 0; o < node.outputs.size(); ++o) {
      params += (params.empty() ? "" : ", ") + StreamParam(node.outputs[o], "y" + S(o));
      args.push_back(stream_.at(node.outputs[o]));
    }
  }

  const ir::Graph& graph_;
  const lower::Lowering& lowering_;
  Namer& names_;
  Plan& plan_;
  std::map<const Value*, std::string> beat_type_;
  std::map<const Value*, std::string> stream_;  // the FIFO (or port) carrying each value
  std::map<std::pair<const Value*, const void*>, std::string> copy_of_;
  std::map<const Value*, std::vector<const void*>> readers_;
  std::set<const Node*> skipped_;  // transposes folded into the ports
  std::vector<fifo::Fifo> fifos_;
  std::vector<std::string> fifo_type_;  // beat type per FIFO
  std::map<std::string, int> fifo_id_;
  std::vector<fifo::Process> procs_;
  std::vector<std::pair<std::string, std::string>> calls_;  // the top's process calls
  std::string depth_mode_;                                  // "worst" or "optimized"
  std::map<const Value*, Permutation> port_in_, port_out_;  // folded transposes
};

void Builder::AddClones(const Value* v) {
  const auto& r = readers_[v];
  const Layout l = LayoutOf(v->shape);
  if (r.empty()) {
    // An output no layer reads (a split's unused part): drained, so that its FIFO never fills.
    const std::string fn = names_.Get("drain_" + plan_.var.at(v));
    plan_.functions += "// " + plan_.var.at(v) + " has no reader: its beats are dropped.\n" +
                       "static void " + fn + "(" + StreamParam(v, "x") +
                       ") {\n#pragma HLS INLINE off\n  for (unsigned p = 0; p < " + S(l.positions) +
                       "; ++p) {\n#pragma HLS PIPELINE\n    x.read();\n  }\n}\n\n";
    Call(fn, stream_.at(v));
    fifo::Process proc;
    proc.name = fn;
    proc.Add(1, 0, l.positions);
    AddProcess(std::move(proc), {stream_.at(v)}, 0);
    return;
  }
  if (r.size() < 2) return;
  std::vector<std::string> fifo_args = {stream_.at(v)};
  const std::string fn = names_.Get("clone_" + plan_.var.at(v));
  std::string params = StreamParam(v, "x"), body, args = stream_.at(v);
  for (size_t c = 0; c < r.size(); ++c) {
    const std::string copy = names_.Get(plan_.var.at(v) + "_c" + S(static_cast<int64_t>(c)));
    copy_of_[{v, r[c]}] = AddStream(v, copy);
    params += ", " + StreamParam(v, "y" + S(static_cast<int64_t>(c)));
    body += "    y" + S(static_cast<int64_t>(c)) + ".write(b);\n";
    args += ", " + copy;
    fifo_args.push_back(copy);
  }
  fifo::Process proc;
  proc.name = fn;
  proc.Add(1, Mask(r.size()), l.positions);
  AddProcess(std::move(proc), fifo_args, r.size());
  plan_.functions += "// One copy of " + plan_.var.at(v) + " per reader (a FIFO has one).\n" +
                     "static void " + fn + "(" + params + ") {\n#pragma HLS INLINE off\n" +
                     "  for (unsigned p = 0; p < " + S(l.positions) + "; ++p) {\n" +
                     "#pragma HLS PIPELINE\n    const " + BeatType(v) + " b = x.read();\n" + body +
                     "  }\n}\n\n";
  Call(fn, args);
}

std::string Builder::Pointwise(const Node& node, const std::string& id,
                               const lower::LayerDecision& d, std::unique_ptr<Shadow> shadow) {
  const Node& sn = *shadow->node;
  EmitContext ctx = Context(sn, node, id, d);
  const std::vector<const Value*> ins = StreamedInputs(node);
  for (const Value* v : node.inputs) {
    if (IsConstant(v)) {
      ctx.inputs.push_back(plan_.var.at(v) + "_value");
      continue;
    }
    const auto at = std::find(ins.begin(), ins.end(), v) - ins.begin();
    ctx.inputs.push_back("b" + S(at) + ".data");
  }
  for (size_t o = 0; o < node.outputs.size(); ++o) ctx.outputs.push_back("o" + S(o) + ".data");
  auto code = EmitFor(ctx);
  if (!code.ok()) return code.error().message();
  TakeCode(code.value(), id, node);
  std::string params;
  std::vector<std::string> args;
  Ports(node, ins, params, args);
  const bool own_loop = d.strategy == config::Strategy::kResource && !d.multiplier_limit.empty();
  std::string body =
      "  for (unsigned p = 0; p < " + S(LayoutOf(node.outputs[0]->shape).positions) + "; ++p) {\n";
  if (!own_loop) {
    body +=
        "#pragma HLS PIPELINE II = " + S(d.multiplier_limit.empty() ? 1 : d.reuse_factor) + "\n";
  }
  for (size_t k = 0; k < ins.size(); ++k) {
    body += "    const " + BeatType(ins[k]) + " b" + S(static_cast<int64_t>(k)) + " = x" +
            S(static_cast<int64_t>(k)) + ".read();\n";
  }
  for (size_t o = 0; o < node.outputs.size(); ++o) {
    body += "    " + BeatType(node.outputs[o]) + " o" + S(static_cast<int64_t>(o)) + ";\n";
  }
  std::string call;
  std::istringstream lines(code.value().call);
  for (std::string line; std::getline(lines, line);) call += "  " + line + "\n";
  body += call;
  for (size_t o = 0; o < node.outputs.size(); ++o) {
    body += "    y" + S(static_cast<int64_t>(o)) + ".write(o" + S(static_cast<int64_t>(o)) + ");\n";
  }
  body += "  }\n";
  fifo::Process proc;
  proc.ii = own_loop || !d.multiplier_limit.empty() ? d.reuse_factor : 1;
  const Shape& in_shape = ins.empty() ? node.outputs[0]->shape : ins[0]->shape;
  proc.latency = BeatLatency(node, d, in_shape.empty() ? 1 : in_shape.back());
  proc.Add(Mask(ins.size()), Mask(node.outputs.size()), LayoutOf(node.outputs[0]->shape).positions);
  AddFunction(node, names_.Get(id + "_layer"), params, body, args, std::move(proc));
  return "";
}

std::string Builder::ConvStream(const Node& node, const std::string& id,
                                const lower::LayerDecision& d, const Window& w) {
  EmitContext ctx = Context(node, node, id, d);
  const std::string geometry = id + "_geometry";
  auto code = EmitConvWindow(ctx, geometry);
  if (!code.ok()) return code.error().message();
  LayerCode c = code.value();
  c.config = w.Struct(geometry) + c.config;
  const Value* in = node.inputs[0];
  const Value* out = node.outputs[0];
  c.config += DerivedStruct(
      id + "_window", geometry,
      {TypedefLine(plan_.type.at(in), "input_t"), TypedefLine(BeatType(in), "in_beat_t"),
       TypedefLine(BeatType(out), "out_beat_t"), UnsignedMember("reuse_factor", d.reuse_factor)});
  TakeCode(c, id, node);
  std::string params;
  std::vector<std::string> args;
  Ports(node, {in}, params, args);
  const bool resource = d.strategy == config::Strategy::kResource;
  const std::string body = std::string("  loom_hls::") +
                           (resource ? "window_stream_sequential" : "window_stream") + "<" + id +
                           "_window, " + id + "_op>(x0, y0);\n";
  // Latency: one grid pixel every ReuseFactor cycles. Resource (the column loop not pipelined):
  // about 2 cycles per pixel, plus the matrix's reuse loop where a window completes.
  fifo::Process proc;
  proc.ii = resource ? 2 : d.reuse_factor;
  const int64_t patch = w.k_h * w.k_w * w.n_chan / std::max<int64_t>(ir::IntAttr(node, "group"), 1);
  proc.latency = BeatLatency(node, d, patch);
  WindowSteps(w, proc, resource ? 2 + d.reuse_factor : 0);
  AddFunction(node, names_.Get(id + "_layer"), params, body, args, std::move(proc));
  return "";
}

std::string Builder::PoolStream(const Node& node, const std::string& id,
                                const lower::LayerDecision& d, const PoolWindow& pw) {
  (void)d;
  const Value* in = node.inputs[0];
  const Value* out = node.outputs[0];
  const bool average = ir::IsAveraging(node.op);
  const std::string geometry = id + "_geometry";
  LayerCode c;
  c.headers = {"loom_stream.h"};
  c.config = pw.w.Struct(geometry);
  std::vector<std::string> lines = {TypedefLine(plan_.type.at(in), "input_t"),
                                    TypedefLine(plan_.type.at(out), "result_t")};
  if (average) {
    auto acc = NodeType(node, "accum");
    if (!acc.ok()) return acc.error().message();
    lines.push_back(TypedefLine(acc.value().ToApString(), "accum_t"));
    lines.push_back(BoolMember("uniform", pw.uniform));
    lines.push_back(BoolMember("include_pad", pw.include_pad));
    lines.push_back(UnsignedMember("include_h", pw.include_h));
    lines.push_back(UnsignedMember("include_w", pw.include_w));
  }
  c.config += DerivedStruct(id + "_pool", geometry, lines);
  c.config += DerivedStruct(
      id + "_window", geometry,
      {TypedefLine(plan_.type.at(in), "input_t"), TypedefLine(BeatType(in), "in_beat_t"),
       TypedefLine(BeatType(out), "out_beat_t"), UnsignedMember("reuse_factor", 1)});
  const std::string t = plan_.type.at(in);
  std::string pad = "  static " + t + " pad() {\n    " + t + " v = 0;\n";
  if (!average && in->type.fixed.is_signed) pad += "    v[" + t + "::width - 1] = 1;\n";
  pad += "    return v;\n  }\n";
  c.weights = "struct " + id + "_op {\n" + pad + "  static void apply(const " + t + " taps[" +
              geometry + "::n_taps][" + geometry + "::n_chan], " + plan_.type.at(out) + " out[" +
              geometry + "::n_out_chan], unsigned r, unsigned c) {\n#pragma HLS INLINE\n" +
              (average ? "    loom_hls::average_window<" + id + "_pool>(taps, out, r, c);\n"
                       : "    (void)r;\n    (void)c;\n    loom_hls::max_window<" + id +
                             "_pool>(taps, out);\n") +
              "  }\n};\n";
  TakeCode(c, id, node);
  std::string params;
  std::vector<std::string> args;
  Ports(node, {in}, params, args);
  fifo::Process proc;
  proc.latency = 2 + Log2Ceil(pw.w.k_h * pw.w.k_w);
  WindowSteps(pw.w, proc, 0);
  AddFunction(node, names_.Get(id + "_layer"), params,
              "  loom_hls::window_stream<" + id + "_window, " + id + "_op>(x0, y0);\n", args,
              std::move(proc));
  return "";
}

std::string Builder::GlobalStream(const Node& node, const std::string& id,
                                  const lower::LayerDecision& d) {
  (void)d;
  auto red = ir::PoolReduction(node);
  if (!red.ok()) return red.error().message();
  const Value* in = node.inputs[0];
  const Value* out = node.outputs[0];
  const bool average = ir::IsAveraging(node.op);
  std::vector<std::string> lines = {TypedefLine(plan_.type.at(in), "input_t"),
                                    TypedefLine(plan_.type.at(out), "result_t"),
                                    TypedefLine(BeatType(in), "in_beat_t"),
                                    TypedefLine(BeatType(out), "out_beat_t"),
                                    UnsignedMember("n_chan", LayoutOf(in->shape).width),
                                    UnsignedMember("n_positions", LayoutOf(in->shape).positions),
                                    BoolMember("input_signed", in->type.fixed.is_signed)};
  if (average) {
    auto acc = NodeType(node, "accum");
    if (!acc.ok()) return acc.error().message();
    lines.push_back(TypedefLine(acc.value().ToApString(), "accum_t"));
    if (red.value().divisor.empty() || red.value().divisor[0] <= 0) {
      return node.Describe() + ": error: internal: has no divisor for its mean";
    }
    lines.push_back(UnsignedMember("divisor", red.value().divisor[0]));
  }
  LayerCode c;
  c.headers = {"loom_stream.h"};
  c.config = ConfigStruct(id + "_pool", lines);
  TakeCode(c, id, node);
  std::string params;
  std::vector<std::string> args;
  Ports(node, {in}, params, args);
  AddFunction(node, names_.Get(id + "_layer"), params,
              std::string("  loom_hls::") +
                  (average ? "global_average_stream" : "global_max_stream") + "<" + id +
                  "_pool>(x0, y0);\n",
              args, [&] {
                fifo::Process proc;
                proc.latency = 3;
                proc.Add(1, 0, LayoutOf(in->shape).positions);
                proc.Add(0, 1, 1);
                return proc;
              }());
  return "";
}

std::string Builder::ResizeStream(const Node& node, const std::string& id, const Nearest& n) {
  const Value* in = node.inputs[0];
  const Value* out = node.outputs[0];
  LayerCode c;
  c.headers = {"loom_stream.h"};
  c.config = ConfigStruct(
      id + "_resize",
      {TypedefLine(plan_.type.at(out), "result_t"), TypedefLine(BeatType(in), "in_beat_t"),
       TypedefLine(BeatType(out), "out_beat_t"), UnsignedMember("in_h", n.in_h),
       UnsignedMember("in_w", n.in_w), UnsignedMember("out_h", n.out_h),
       UnsignedMember("out_w", n.out_w), UnsignedMember("n_chan", n.chan)});
  c.weights =
      IntArray("unsigned", id + "_rows", n.rows) + IntArray("unsigned", id + "_cols", n.cols);
  TakeCode(c, id, node);
  std::string params;
  std::vector<std::string> args;
  Ports(node, {in}, params, args);
  AddFunction(node, names_.Get(id + "_layer"), params,
              "  loom_hls::resize_nearest_stream<" + id + "_resize>(x0, y0, " + id + "_rows, " +
                  id + "_cols);\n",
              args, [&] {
                fifo::Process proc;
                int64_t loaded = 0;
                for (int64_t r = 0; r < n.out_h; ++r) {
                  for (; loaded < n.rows[r] + 1; ++loaded) proc.Add(1, 0, n.in_w);
                  proc.Add(0, 1, n.out_w);
                }
                for (; loaded < n.in_h; ++loaded) proc.Add(1, 0, n.in_w);
                return proc;
              }());
  return "";
}

std::string Builder::CopyStream(const Node& node, const std::string& id, const BeatCopy& copy) {
  const std::vector<const Value*> ins = StreamedInputs(node);
  if (ins.size() != node.inputs.size()) {
    return node.Describe() + ": error: internal: a stream copy of a constant or repeated input";
  }
  std::string params;
  std::vector<std::string> args;
  Ports(node, ins, params, args);
  auto stream_of = [&](int input) {
    return "x" + S(std::find(ins.begin(), ins.end(), node.inputs[input]) - ins.begin());
  };
  std::string body;
  if (copy.runs.empty()) {
    // Per position: each output beat's elements from the same position's input beats.
    const double pad_value = plan::PadsWithConstant(node) ? node.attrs.GetFloat("value", 0.0) : 0.0;
    // One loop over positions reads every input once and writes every output.
    body = "  for (unsigned p = 0; p < " + S(LayoutOf(node.outputs[0]->shape).positions) +
           "; ++p) {\n#pragma HLS PIPELINE\n";
    for (size_t k = 0; k < ins.size(); ++k) {
      body += "    const " + BeatType(ins[k]) + " b" + S(static_cast<int64_t>(k)) + " = x" +
              S(static_cast<int64_t>(k)) + ".read();\n";
    }
    for (size_t o = 0; o < node.outputs.size(); ++o) {
      const Value* v = node.outputs[o];
      const std::string ob = "o" + S(static_cast<int64_t>(o));
      body += "    " + BeatType(v) + " " + ob + ";\n";
      const std::string t = plan_.type.at(v);
      for (size_t j = 0; j < copy.per_beat[o].size(); ++j) {
        const auto& [i, e] = copy.per_beat[o][j];
        std::string value;
        if (i < 0) {
          auto pad = FixedLiteral(fixed::FromDouble(pad_value, v->type.fixed), v->type.fixed, t);
          if (!pad.ok()) return pad.error().message();
          value = t + "(" + pad.value() + ")";
        } else {
          const auto at = std::find(ins.begin(), ins.end(), node.inputs[i]) - ins.begin();
          value = "(" + t + ")b" + S(at) + ".data[" + S(e) + "]";
        }
        body += "    " + ob + ".data[" + S(static_cast<int64_t>(j)) + "] = " + value + ";\n";
      }
      body += "    y" + S(static_cast<int64_t>(o)) + ".write(" + ob + ");\n";
    }
    body += "  }\n";
  } else {
    for (const BeatCopy::Run& r : copy.runs) {
      body += "  for (unsigned p = 0; p < " + S(r.count) + "; ++p) {\n#pragma HLS PIPELINE\n";
      if (r.output < 0) {
        body += "    " + stream_of(r.input) + ".read();\n  }\n";
      } else {
        body += "    y" + S(r.output) + ".write(" + stream_of(r.input) + ".read());\n  }\n";
      }
    }
  }
  fifo::Process proc;
  if (copy.runs.empty()) {
    proc.Add(Mask(ins.size()), Mask(node.outputs.size()),
             LayoutOf(node.outputs[0]->shape).positions);
  } else {
    for (const BeatCopy::Run& r : copy.runs) {
      const auto k = std::find(ins.begin(), ins.end(), node.inputs[r.input]) - ins.begin();
      proc.Add(1u << k, r.output < 0 ? 0u : 1u << r.output, r.count);
    }
  }
  AddFunction(node, names_.Get(id + "_layer"), params, body, args, std::move(proc));
  return "";
}

std::string Builder::GridStream(const Node& node, const std::string& id, const GridCopy& g) {
  const std::vector<const Value*> ins = StreamedInputs(node);
  if (ins.size() != 1) {
    return node.Describe() +
           ": error: internal: a stream grid copy of a constant or repeated input";
  }
  std::string params;
  std::vector<std::string> args;
  Ports(node, ins, params, args);
  const Value* v = node.outputs[0];
  const size_t rank = g.grid.size();
  int64_t n = 1;
  for (int64_t d : g.grid) n *= d;
  std::string body, cond;
  for (size_t k = 0; k < rank; ++k) {
    std::string list;
    for (size_t c = 0; c < g.hit[k].size(); ++c)
      list += std::string(c ? ", " : "") + (g.hit[k][c] ? "1" : "0");
    body += "  static const bool hit" + S(static_cast<int64_t>(k)) + "[" + S(g.grid[k]) + "] = {" +
            list + "};\n";
    cond += std::string(k ? " && " : "") + "hit" + S(static_cast<int64_t>(k)) + "[c" +
            S(static_cast<int64_t>(k)) + "]";
  }
  if (g.pad) {
    const std::string t = plan_.type.at(v);
    const double value = plan::PadsWithConstant(node) ? node.attrs.GetFloat("value", 0.0) : 0.0;
    auto lit = FixedLiteral(fixed::FromDouble(value, v->type.fixed), v->type.fixed, t);
    if (!lit.ok()) return lit.error().message();
    body += "  " + BeatType(v) + " pad;\n  for (unsigned j = 0; j < " +
            S(LayoutOf(v->shape).width) + "; ++j) {\n#pragma HLS UNROLL\n    pad.data[j] = " + t +
            "(" + lit.value() + ");\n  }\n";
  }
  for (size_t k = 0; k < rank; ++k) body += "  unsigned c" + S(static_cast<int64_t>(k)) + " = 0;\n";
  body += "  for (unsigned p = 0; p < " + S(n) + "; ++p) {\n#pragma HLS PIPELINE\n";
  if (g.pad) {
    body += "    if (" + cond + ") {\n      y0.write(x0.read());\n    } else {\n" +
            "      y0.write(pad);\n    }\n";
  } else {
    body +=
        "    const " + BeatType(ins[0]) + " b = x0.read();\n    if (" + cond + ") y0.write(b);\n";
  }
  // The counters, last axis fastest, each carrying into the next slower one.
  std::string step, close;
  for (size_t k = rank; k-- > 0;) {
    const std::string c = "c" + S(static_cast<int64_t>(k));
    const std::string ind(4 + 2 * (rank - 1 - k), ' ');
    step += ind + "if (++" + c + " == " + S(g.grid[k]) + ") {\n" + ind + "  " + c + " = 0;\n";
    close = ind + "}\n" + close;
  }
  step += close;
  body += step + "  }\n";
  // The timing model: one iteration per grid position (Process::Add merges equal neighbours).
  fifo::Process proc;
  std::vector<int64_t> c(rank, 0);
  for (int64_t p = 0; p < n; ++p) {
    bool hit = true;
    for (size_t k = 0; k < rank; ++k) hit = hit && g.hit[k][c[k]];
    proc.Add(g.pad ? (hit ? 1u : 0u) : 1u, g.pad ? 1u : (hit ? 1u : 0u));
    for (size_t k = rank; k-- > 0;) {
      if (++c[k] < g.grid[k]) break;
      c[k] = 0;
    }
  }
  AddFunction(node, names_.Get(id + "_layer"), params, body, args, std::move(proc));
  return "";
}

std::string Builder::Buffered(const Node& node, const std::string& id,
                              const lower::LayerDecision& d, bool& fits) {
  const std::vector<const Value*> ins = StreamedInputs(node);
  int64_t total = 0;
  for (const Value* v : ins) total = std::max(total, ir::NumElements(v->shape));
  for (const Value* v : node.outputs) total = std::max(total, ir::NumElements(v->shape));
  fits = total <= lower::kMaxCompletePartition;
  if (!fits) return "";
  EmitContext ctx = Context(node, node, id, d);
  for (const Value* v : node.inputs) {
    if (IsConstant(v)) {
      ctx.inputs.push_back(plan_.var.at(v) + "_value");
    } else {
      ctx.inputs.push_back("a" + S(std::find(ins.begin(), ins.end(), v) - ins.begin()));
    }
  }
  for (size_t o = 0; o < node.outputs.size(); ++o) ctx.outputs.push_back("r" + S(o));
  auto code = EmitFor(ctx);
  if (!code.ok()) return code.error().message();
  TakeCode(code.value(), id, node);
  std::string params;
  std::vector<std::string> args;
  Ports(node, ins, params, args);
  std::string body;
  for (size_t k = 0; k < ins.size(); ++k) {
    const Layout l = LayoutOf(ins[k]->shape);
    const std::string a = "a" + S(static_cast<int64_t>(k));
    body += "  " + plan_.type.at(ins[k]) + " " + a + "[" + S(ir::NumElements(ins[k]->shape)) +
            "];\n#pragma HLS ARRAY_PARTITION variable = " + a + " complete\n" +
            "  for (unsigned p = 0; p < " + S(l.positions) + "; ++p) {\n#pragma HLS PIPELINE\n" +
            "    const " + BeatType(ins[k]) + " b = x" + S(static_cast<int64_t>(k)) +
            ".read();\n    for (unsigned c = 0; c < " + S(l.width) +
            "; ++c) {\n#pragma HLS UNROLL\n      " + a + "[p * " + S(l.width) +
            " + c] = b.data[c];\n    }\n  }\n";
  }
  for (size_t o = 0; o < node.outputs.size(); ++o) {
    const std::string r = "r" + S(static_cast<int64_t>(o));
    body += "  " + plan_.type.at(node.outputs[o]) + " " + r + "[" +
            S(ir::NumElements(node.outputs[o]->shape)) +
            "];\n#pragma HLS ARRAY_PARTITION variable = " + r + " complete\n";
  }
  body += code.value().call;
  for (size_t o = 0; o < node.outputs.size(); ++o) {
    const Layout l = LayoutOf(node.outputs[o]->shape);
    body += "  for (unsigned p = 0; p < " + S(l.positions) + "; ++p) {\n#pragma HLS PIPELINE\n" +
            "    " + BeatType(node.outputs[o]) + " b;\n    for (unsigned c = 0; c < " + S(l.width) +
            "; ++c) {\n#pragma HLS UNROLL\n      b.data[c] = r" + S(static_cast<int64_t>(o)) +
            "[p * " + S(l.width) + " + c];\n    }\n    y" + S(static_cast<int64_t>(o)) +
            ".write(b);\n  }\n";
  }
  // Every input read whole, the io_parallel layer (its latency), every output written.
  fifo::Process proc;
  for (size_t k = 0; k < ins.size(); ++k) proc.Add(1u << k, 0, LayoutOf(ins[k]->shape).positions);
  const int64_t compute = BeatLatency(node, d, total);
  for (size_t o = 0; o < node.outputs.size(); ++o) {
    const int64_t n = LayoutOf(node.outputs[o]->shape).positions;
    proc.Add(0, 1u << o, 1, o == 0 ? compute : 0);
    proc.Add(0, 1u << o, n - 1);
  }
  AddFunction(node, names_.Get(id + "_layer"), params, body, args, std::move(proc));
  return "";
}

std::string Builder::Layer(const Node& node) {
  const lower::LayerDecision& d = lowering_.Of(node);
  const std::string id = names_.Get(node.name);
  std::vector<std::string> reasons;
  // Window layers.
  if (node.op == OpKind::kConv || node.op == OpKind::kConvTranspose) {
    std::string why;
    if (auto w = ConvWindow(node, why)) return ConvStream(node, id, d, *w);
    reasons.push_back(why);
  }
  if (node.op == OpKind::kMaxPool || node.op == OpKind::kAveragePool) {
    std::string why;
    if (auto pw = PoolWindowOf(node, why)) return PoolStream(node, id, d, *pw);
    reasons.push_back(why);
  }
  if (IsGlobalReduction(node)) return GlobalStream(node, id, d);
  // Value-moving ops.
  // (A copy reads each input stream once, in order: a constant input, or one stream read twice, as
  // in a Tile's concatenation of a value with itself, is held whole below instead.)
  if (ir::FamilyOf(node) == ir::OpFamily::kMovement &&
      StreamedInputs(node).size() != node.inputs.size()) {
    reasons.push_back("it reads a constant or one stream twice");
  } else if (ir::FamilyOf(node) == ir::OpFamily::kMovement) {
    auto maps = plan::GatherMapsOf(node);
    if (maps.ok() && maps.value().size() == node.outputs.size()) {
      if (auto copy = PerBeatCopy(node, maps.value())) return CopyStream(node, id, *copy);
      bool same_type = true;
      for (const Value* v : node.inputs) {
        for (const Value* o : node.outputs) same_type = same_type && v->type.fixed == o->type.fixed;
      }
      if (auto copy = SequentialCopy(node, maps.value(), same_type)) {
        return CopyStream(node, id, *copy);
      }
      if (auto g = GridCopyOf(node, maps.value(), same_type)) return GridStream(node, id, *g);
      if (node.op == OpKind::kResize && node.inputs.size() == 1) {
        if (auto n = NearestResize(node, maps.value()[0])) return ResizeStream(node, id, *n);
      }
      reasons.push_back("its elements do not move beat by beat or in stream order");
    }
  }
  std::string why;
  if (auto shadow = MakeShadow(node, why)) {
    return Pointwise(node, id, d, std::move(shadow));
  }
  if (reasons.empty()) reasons.push_back(why);
  // Small enough to hold whole.
  bool fits = false;
  std::string problem = Buffered(node, id, d, fits);
  if (!problem.empty()) return node.Describe() + ": error: " + problem;
  if (fits) return "";
  int64_t n = 0;
  for (const Value* v : node.inputs) n = std::max(n, ir::NumElements(v->shape));
  for (const Value* v : node.outputs) n = std::max(n, ir::NumElements(v->shape));
  return node.Describe() + ": error: cannot stream in io_stream: " + reasons.front() +
         ", and its " + S(n) + "-element tensor is over the " + S(lower::kMaxCompletePartition) +
         " a layer may hold whole; use io_parallel for a model of this size, or change the layer";
}

ErrorOr<TopProject> Builder::Build() {
  plan_.headers.insert("loom_stream.h");
  std::vector<std::string> problems;
  // Ports: a graph input read only by a transpose streams the transposed value (the testbench
  // permutes), and a graph output made by a transpose streams the transpose's input.
  std::map<const Value*, const Value*> port_value;  // graph input -> the value its port streams
  for (const Value* v : graph_.inputs()) {
    const std::vector<Node*> users = graph_.Users(v);
    const bool output =
        std::find(graph_.outputs().begin(), graph_.outputs().end(), v) != graph_.outputs().end();
    if (users.size() == 1 && users[0]->op == OpKind::kTranspose && !output &&
        std::count(users[0]->inputs.begin(), users[0]->inputs.end(), v) == 1) {
      const Node* t = users[0];
      const Value* moved = t->outputs[0];
      skipped_.insert(t);
      port_value[v] = moved;
      Permutation p;
      p.shape = moved->shape;
      p.perm = t->attrs.GetInts("perm");
      p.src_strides = Strides(v->shape);
      port_in_[v] = p;
    } else {
      port_value[v] = v;
    }
  }
  std::vector<const Value*> out_value;  // the value each graph output's port streams
  for (const Value* v : graph_.outputs()) {
    const Node* t = v->producer;
    const bool foldable = t != nullptr && t->op == OpKind::kTranspose && graph_.Users(v).empty() &&
                          std::count(graph_.outputs().begin(), graph_.outputs().end(), v) == 1 &&
                          !skipped_.count(t) && t->inputs[0]->producer != nullptr &&
                          t->inputs[0]->producer->op != OpKind::kConstant;
    if (foldable) {
      skipped_.insert(t);
      const Value* inner = t->inputs[0];
      out_value.push_back(inner);
      const std::vector<int64_t> perm = t->attrs.GetInts("perm");
      Permutation p;
      p.shape = inner->shape;
      p.perm.assign(perm.size(), 0);
      for (size_t k = 0; k < perm.size(); ++k) p.perm[perm[k]] = static_cast<int64_t>(k);
      p.src_strides = Strides(v->shape);
      port_out_[v] = p;
    } else {
      out_value.push_back(v);
    }
  }
  for (const Value* v : graph_.outputs()) {
    if (IsConstant(v) || (port_value.count(v) && port_value[v] != v)) {
      problems.push_back("output '" + v->name +
                         "': error: is a constant; io_stream streams computed outputs only");
    }
  }
  // Readers of each streamed value: layers (skipped transposes excluded) and output ports.
  for (const auto& node : graph_.nodes()) {
    if (node->op == OpKind::kInput || node->op == OpKind::kConstant || skipped_.count(node.get())) {
      continue;
    }
    for (const Value* v : node->inputs) {
      if (IsConstant(v)) continue;
      auto& r = readers_[v];
      if (std::find(r.begin(), r.end(), node.get()) == r.end()) r.push_back(node.get());
    }
  }
  for (size_t o = 0; o < graph_.outputs().size(); ++o)
    readers_[out_value[o]].push_back(&out_value[o]);
  // Ports and FIFOs.
  std::string signature = "void " + plan_.project + "(\n";
  std::vector<std::string> ports;
  for (const Value* v : graph_.inputs()) {
    const Value* s = port_value[v];
    stream_[s] = AddStream(s, plan_.var.at(v), true);
    fifo::Process source;  // the input port: one beat per cycle
    source.name = "input " + plan_.var.at(v);
    source.latency = 0;
    source.Add(0, 1, LayoutOf(s->shape).positions);
    AddProcess(std::move(source), {stream_[s]}, 1);
    ports.push_back("    " + StreamParam(s, plan_.var.at(v)));
  }
  for (size_t o = 0; o < graph_.outputs().size(); ++o) {
    ports.push_back("    " + StreamParam(out_value[o], "result_" + S(static_cast<int64_t>(o))));
  }
  for (size_t i = 0; i < ports.size(); ++i)
    signature += ports[i] + (i + 1 < ports.size() ? ",\n" : ")");
  for (const Value* v : graph_.inputs()) AddClones(port_value[v]);
  for (const auto& node : graph_.nodes()) {
    if (node->op == OpKind::kInput || skipped_.count(node.get())) continue;
    if (node->op == OpKind::kConstant) {
      // Read as a constant array by the layers that use it.
      const lower::LayerDecision& d = lowering_.Of(*node);
      EmitContext ctx = Context(*node, *node, plan_.var.at(node->outputs[0]), d);
      ctx.outputs.push_back(plan_.var.at(node->outputs[0]));
      auto code = EmitConstant(ctx);
      if (!code.ok()) {
        problems.push_back(code.error().message());
        continue;
      }
      LayerCode c = code.value();
      c.call.clear();
      TakeCode(c, ctx.id, *node);
      continue;
    }
    for (const Value* v : node->outputs) stream_[v] = AddStream(v, plan_.var.at(v));
    std::string problem = Layer(*node);
    if (!problem.empty()) {
      problems.push_back(problem);
      continue;
    }
    const lower::LayerDecision& d = lowering_.Of(*node);
    for (const Value* v : node->outputs) AddClones(v);
    plan_.layers.push_back({node->name, node->op, d.multipliers, d.dense_multipliers, d.dividers});
  }
  if (!problems.empty()) {
    std::string m;
    for (const auto& p : problems) m += (m.empty() ? "" : "\n") + p;
    return Error(m);
  }
  // Output writers: the port is written by a process of its own.
  for (size_t o = 0; o < graph_.outputs().size(); ++o) {
    const Value* v = out_value[o];
    const std::string fn = names_.Get("write_result_" + S(static_cast<int64_t>(o)));
    plan_.functions += "static void " + fn + "(" + StreamParam(v, "x") + ", " +
                       StreamParam(v, "y") +
                       ") {\n#pragma HLS INLINE off\n  for (unsigned p = 0; p < " +
                       S(LayoutOf(v->shape).positions) +
                       "; ++p) {\n#pragma HLS PIPELINE\n    y.write(x.read());\n  }\n}\n\n";
    const std::string port = AddStream(v, "result_" + S(static_cast<int64_t>(o)), true);
    Call(fn, ReadFrom(v, &out_value[o]) + ", " + port);
    fifo::Process writer, sink;
    writer.name = fn;
    writer.Add(1, 1, LayoutOf(v->shape).positions);
    AddProcess(std::move(writer), {ReadFrom(v, &out_value[o]), port}, 1);
    sink.name = "output " + port;  // the output port: one beat per cycle
    sink.latency = 0;
    sink.Add(1, 0, LayoutOf(v->shape).positions);
    AddProcess(std::move(sink), {port}, 0);
  }
  // FIFO depths: the worst case (every beat of the tensor, hls4ml's default) or those the timing
  // model needs to keep the schedule of unbounded FIFOs (checked by simulating with them).
  StreamReport report;
  report.mode = depth_mode_;
  const fifo::Result free_run = fifo::Simulate(fifos_, procs_, {});
  if (free_run.deadlock) {
    std::string stuck;
    for (const std::string& n : free_run.stuck) stuck += (stuck.empty() ? "" : ", ") + n;
    return Error("internal error: the io_stream timing model stalls with unbounded FIFOs (" +
                 stuck + "); please report this model");
  }
  std::vector<int64_t> worst(fifos_.size()), optimized(fifos_.size());
  for (size_t f = 0; f < fifos_.size(); ++f) {
    worst[f] = std::max<int64_t>(fifos_[f].beats, 1);
    optimized[f] = std::min(worst[f], std::max<int64_t>(free_run.needed_depth[f], 1));
  }
  // Smaller still where a FIFO's slack only lets its writer run ahead: the depths that keep the
  // sample's latency and interval (full throughput), not every beat's time.
  optimized = fifo::Shrink(fifos_, procs_, optimized, free_run);
  const fifo::Result checked = fifo::Simulate(fifos_, procs_, optimized);
  if (checked.deadlock || checked.cycles != free_run.cycles ||
      fifo::Interval(procs_, checked) != fifo::Interval(procs_, free_run)) {
    return Error(
        "internal error: the io_stream timing model's own depths do not keep its "
        "schedule; please report this model");
  }
  report.latency = free_run.cycles + 1;
  report.interval = fifo::Interval(procs_, free_run);
  std::string fifo_decls, threaded_depths;
  for (size_t f = 0; f < fifos_.size(); ++f) {
    if (fifos_[f].port) continue;
    const int64_t depth = depth_mode_ == "optimized" ? optimized[f] : worst[f];
    threaded_depths += "  loom_threaded::set_depth(" + fifos_[f].name + ", " + S(depth) + ");\n";
    report.fifos.push_back({fifos_[f].name, fifos_[f].width_bits, worst[f], optimized[f], depth,
                            fifo::Bram18(fifos_[f].width_bits, worst[f]),
                            fifo::Bram18(fifos_[f].width_bits, optimized[f])});
    fifo_decls += "  hls::stream<" + fifo_type_[f] + "> " + fifos_[f].name + "(\"" +
                  fifos_[f].name + "\");\n#pragma HLS STREAM variable = " + fifos_[f].name +
                  " depth = " + S(depth) + "\n";
  }
  TopProject top;
  top.signature = signature;
  top.stream = report;
  {
    std::ostringstream os;
    os << "// Top function of " << plan_.project << ", written by loom (io_stream).\n"
       << "#include \"" << plan_.project << ".h\"\n\n";
    for (const auto& [name, text] : plan_.weight_files) os << "#include \"" << name << "\"\n";
    os << "\n" << plan_.functions << signature << " {\n";
    std::string joined;
    for (const Value* v : graph_.inputs()) {
      os << "#pragma HLS INTERFACE axis port = " << plan_.var.at(v) << "\n";
    }
    for (size_t o = 0; o < graph_.outputs().size(); ++o) {
      os << "#pragma HLS INTERFACE axis port = result_" << o << "\n";
    }
    // The threaded check (loom csim --threaded, tb_threaded/hls_stream.h): every process a
    // thread, every FIFO bounded by its depth. Not seen by the HLS tool.
    std::string threads;
    for (const auto& [fn, args] : calls_) {
      threads += "      {\"" + fn + "\", [&] { " + fn + "(" + args + "); }},\n";
    }
    os << "#pragma HLS DATAFLOW\n\n"
       << fifo_decls << "\n#ifndef LOOM_THREADED_DATAFLOW\n"
       << plan_.body << "#else\n"
       << threaded_depths << "  const std::vector<loom_threaded::process> processes = {\n"
       << threads << "  };\n  loom_threaded::run(processes);\n#endif\n}\n";
    top.top_cpp = os.str();
  }
  // Testbench: beats in, beats out, compared in the emulator's order.
  std::ostringstream inputs, outputs, compare;
  int64_t in_total = 0, out_total = 0;
  for (const Value* v : graph_.inputs()) in_total += ir::NumElements(v->shape);
  for (const Value* v : graph_.outputs()) out_total += ir::NumElements(v->shape);
  std::vector<std::string> args;
  int64_t offset = 0;
  for (const Value* v : graph_.inputs()) {
    const Value* s = port_value[v];
    const Layout l = LayoutOf(s->shape);
    const std::string name = plan_.var.at(v);
    inputs << "    hls::stream<" << BeatType(s) << "> " << name << "(\"" << name << "\");\n";
    std::string index = "p * " + S(l.width) + " + c";
    if (port_in_.count(v)) {
      const Permutation& p = port_in_[v];
      inputs << "    static const long " << name << "_shape[] = {" << IntList(p.shape) << "};\n"
             << "    static const long " << name << "_perm[] = {" << IntList(p.perm) << "};\n"
             << "    static const long " << name << "_strides[] = {" << IntList(p.src_strides)
             << "};\n";
      index = "PermutedIndex(" + index + ", " + S(static_cast<int64_t>(p.shape.size())) + ", " +
              name + "_shape, " + name + "_perm, " + name + "_strides)";
    }
    // The input's own type first, then (a folded transpose casts) the streamed value's.
    std::string convert = plan_.type.at(v) + "(in[" + S(offset) + " + " + index + "])";
    if (s != v) convert = plan_.type.at(s) + "(" + convert + ")";
    inputs << "    for (long p = 0; p < " << l.positions << "; ++p) {\n      " << BeatType(s)
           << " b;\n      for (long c = 0; c < " << l.width << "; ++c) b.data[c] = " << convert
           << ";\n      " << name << ".write(b);\n    }\n";
    offset += ir::NumElements(v->shape);
    args.push_back(name);
  }
  for (size_t o = 0; o < graph_.outputs().size(); ++o) {
    outputs << "    hls::stream<" << BeatType(out_value[o]) << "> result_" << o << "(\"result_" << o
            << "\");\n";
    args.push_back("result_" + S(static_cast<int64_t>(o)));
  }
  std::string call = plan_.project + "(";
  for (size_t i = 0; i < args.size(); ++i) call += (i ? ", " : "") + args[i];
  call += ")";
  for (const Value* v : graph_.inputs()) {
    compare << "    if (!" << plan_.var.at(v)
            << ".empty()) {\n      std::printf(\"csim: sample %ld: "
            << "the top function left beats of " << plan_.var.at(v)
            << " unread\\n\", samples);\n      ++mismatches;\n    }\n";
  }
  offset = 0;
  for (size_t o = 0; o < graph_.outputs().size(); ++o) {
    const Value* v = graph_.outputs()[o];
    const Value* s = out_value[o];
    const Layout l = LayoutOf(s->shape);
    const int64_t n = ir::NumElements(v->shape);
    std::string index = "p * " + S(l.width) + " + c";
    const std::string r = "result_" + S(static_cast<int64_t>(o));
    if (port_out_.count(v)) {
      const Permutation& p = port_out_[v];
      compare << "    static const long " << r << "_shape[] = {" << IntList(p.shape) << "};\n"
              << "    static const long " << r << "_perm[] = {" << IntList(p.perm) << "};\n"
              << "    static const long " << r << "_strides[] = {" << IntList(p.src_strides)
              << "};\n";
      index = "PermutedIndex(" + index + ", " + S(static_cast<int64_t>(p.shape.size())) + ", " + r +
              "_shape, " + r + "_perm, " + r + "_strides)";
    }
    compare << "    {\n      std::vector<double> got(" << n << ");\n"
            << "      if (" << r << ".size() != " << l.positions
            << ") {\n        std::printf(\"csim: sample %ld output " << o
            << ": %zu beats, expected " << l.positions << "\\n\", samples, (size_t)" << r
            << ".size());\n        return 1;\n      }\n"
            << "      for (long p = 0; p < " << l.positions << "; ++p) {\n        const "
            << BeatType(s) << " b = " << r << ".read();\n        for (long c = 0; c < " << l.width
            << "; ++c) got[" << index
            << "] = " << (s != v ? plan_.type.at(v) + "(b.data[c])" : std::string("b.data[c]"))
            << ".to_double();\n      }\n"
            << "      for (long i = 0; i < " << n << "; ++i) {\n"
            << "        char buf[32];\n"
            << "        std::snprintf(buf, sizeof(buf), \"%.17g \", got[i]);\n"
            << "        fout << buf;\n"
            << "        ++values;\n"
            << "        if (got[i] != want[" << offset << " + i]) {\n"
            << "          if (mismatches < 10) {\n"
            << "            std::printf(\"csim: sample %ld output " << o
            << " element %ld: got %.17g, expected %.17g\\n\", samples, i, got[i], want[" << offset
            << " + i]);\n"
            << "          }\n"
            << "          ++mismatches;\n"
            << "        }\n"
            << "      }\n"
            << "    }\n";
    offset += n;
  }
  std::string tb = RenderTemplate(
      "testbench.cpp.in",
      {{"project", plan_.project},
       {"in_total", S(in_total)},
       {"out_total", S(out_total)},
       {"inputs", inputs.str()},
       {"outputs", outputs.str()},
       {"call", call},
       {"compare", compare.str()},
       {"finish", "#ifdef LOOM_THREADED_DATAFLOW\n  loom_threaded::report();\n#endif\n"}});
  // The permutation helper, before main.
  const std::string helper =
      "// Element index in the graph's layout of element e of a stream carrying a transposed\n"
      "// value: coordinate k of the stream's shape steps strides[perm[k]].\n"
      "static long PermutedIndex(long e, int rank, const long* shape, const long* perm,\n"
      "                          const long* strides) {\n"
      "  long at = 0;\n"
      "  for (int k = rank - 1; k >= 0; --k) {\n"
      "    at += (e % shape[k]) * strides[perm[k]];\n"
      "    e /= shape[k];\n"
      "  }\n"
      "  return at;\n"
      "}\n\n";
  if (!port_in_.empty() || !port_out_.empty()) {
    const size_t at = tb.find("int main() {");
    tb.insert(at, helper);
  }
  top.testbench = tb;
  return top;
}

}  // namespace

ErrorOr<TopProject> BuildStreamProject(const ir::Graph& graph, const lower::Lowering& lowering,
                                       Namer& names, Plan& plan, const std::string& fifo_depths) {
  Builder b(graph, lowering, names, plan, fifo_depths);
  return b.Build();
}

}  // namespace loom::hls
