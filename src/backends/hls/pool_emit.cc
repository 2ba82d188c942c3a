// HLS emitters for pooling (kernels/hls/loom/loom_pool.h): max/average pools, global pools and
// reduce_mean, with the window taps and divisors as constant tables computed as the emulator does.
#include <algorithm>

#include "backends/hls/emit.h"

namespace loom::hls {
namespace {

using fixed::FixedType;
using ir::Node;
using ir::OpKind;
using ir::Shape;

std::string U(int64_t v) { return std::to_string(v); }
std::string Str(const Shape& s) { return ir::ShapeToString(s); }

template <typename T>
int64_t Rank(const std::vector<T>& v) {
  return static_cast<int64_t>(v.size());
}

// Advances a row-major multi-index over `shape`; false once every index has been visited.
bool Next(std::vector<int64_t>& index, const Shape& shape) {
  for (int64_t d = Rank(shape) - 1; d >= 0; --d) {
    if (++index[d] < shape[d]) return true;
    index[d] = 0;
  }
  return false;
}

bool IsAverage(OpKind op) {
  return op == OpKind::kAveragePool || op == OpKind::kGlobalAveragePool ||
         op == OpKind::kReduceMean;
}

// Which input elements each result reduces (the emulator's layout, docs in loom_pool.h).
struct Reduction {
  int64_t groups = 1;
  int64_t positions = 0;
  int64_t taps = 0;
  std::vector<int64_t> table;    // positions x taps, -1: padding
  std::vector<int64_t> divisor;  // per position (average ops); 0 gives a zero result
  int64_t in_group_stride = 0;
  int64_t in_tap_mult = 1;
  int64_t out_group_stride = 0;
  int64_t out_pos_stride = 1;
  int64_t in_numel = 0;
  int64_t out_numel = 0;
};

void SetLayout(Reduction& r, bool channels_last, int64_t channels, int64_t n_in_sp,
               int64_t n_out_sp) {
  r.groups = channels;
  r.in_group_stride = channels_last ? 1 : n_in_sp;
  r.in_tap_mult = channels_last ? channels : 1;
  r.out_group_stride = channels_last ? 1 : n_out_sp;
  r.out_pos_stride = channels_last ? channels : 1;
  r.in_numel = channels * n_in_sp;
  r.out_numel = channels * n_out_sp;
}

void SplitChannels(const Shape& s, bool channels_last, int64_t& channels, Shape& spatial) {
  channels = channels_last ? s.back() : s.front();
  spatial.assign(s.begin() + (channels_last ? 0 : 1), s.end() - (channels_last ? 1 : 0));
}

ErrorOr<Reduction> WindowReduction(const Node& node) {
  const Shape& in = node.inputs[0]->shape;
  const Shape& out = node.outputs[0]->shape;
  bool last = node.attrs.GetInt("channels_last", 0) == 1;
  if (in.size() < 2 || out.size() != in.size()) {
    return LayerError(node, "pools need input and output [C, spatial...] of equal rank; got " +
                                Str(in) + " and " + Str(out));
  }
  int64_t channels = 0, out_channels = 0;
  Shape in_sp, out_sp;
  SplitChannels(in, last, channels, in_sp);
  SplitChannels(out, last, out_channels, out_sp);
  int64_t r = Rank(in_sp);
  if (out_channels != channels) {
    return LayerError(node, "output shape " + Str(out) + " has " + U(out_channels) +
                                " channels but the input " + Str(in) + " has " + U(channels));
  }
  if (node.op == OpKind::kGlobalAveragePool || node.op == OpKind::kGlobalMaxPool) {
    Reduction red;
    int64_t n = ir::NumElements(in_sp);
    SetLayout(red, last, channels, n, 1);
    red.positions = 1;
    red.taps = n;
    for (int64_t i = 0; i < n; ++i) red.table.push_back(i);
    red.divisor = {n};
    return red;
  }
  std::vector<int64_t> kernel = node.attrs.GetInts("kernel_shape");
  std::vector<int64_t> strides = node.attrs.GetInts("strides", std::vector<int64_t>(r, 1));
  std::vector<int64_t> dilations = node.attrs.GetInts("dilations", std::vector<int64_t>(r, 1));
  std::vector<int64_t> pads = node.attrs.GetInts("pads", std::vector<int64_t>(2 * r, 0));
  if (Rank(kernel) != r || Rank(strides) != r || Rank(dilations) != r || Rank(pads) != 2 * r) {
    return LayerError(node,
                      "kernel_shape, strides, dilations and pads do not match input " + Str(in));
  }
  for (int64_t d = 0; d < r; ++d) {
    if (kernel[d] < 1 || strides[d] < 1 || dilations[d] < 1 || pads[d] < 0 || pads[r + d] < 0) {
      return LayerError(node,
                        "kernel sizes, strides and dilations must be positive and pads "
                        "non-negative");
    }
  }
  Reduction red;
  SetLayout(red, last, channels, ir::NumElements(in_sp), ir::NumElements(out_sp));
  red.positions = ir::NumElements(out_sp);
  red.taps = ir::NumElements(kernel);
  red.table.assign(red.positions * red.taps, -1);
  red.divisor.assign(red.positions, 0);
  bool include_pad = node.attrs.GetInt("count_include_pad", 0) != 0;
  std::vector<int64_t> in_strides(r, 1);
  for (int64_t d = r - 2; d >= 0; --d) in_strides[d] = in_strides[d + 1] * in_sp[d + 1];
  std::vector<int64_t> p(r, 0);
  int64_t pi = 0;
  do {
    std::vector<int64_t> k(r, 0);
    int64_t ki = 0;
    int64_t valid = 0;
    do {
      int64_t off = 0;
      bool inside = true;
      for (int64_t d = 0; d < r; ++d) {
        int64_t q = p[d] * strides[d] + k[d] * dilations[d] - pads[d];
        inside &= q >= 0 && q < in_sp[d];
        off += q * in_strides[d];
      }
      if (inside) {
        red.table[pi * red.taps + ki] = off;
        ++valid;
      }
      ++ki;
    } while (Next(k, kernel));
    // count_include_pad counts the taps inside the padded extent [-pad_begin, size + pad_end).
    int64_t count = valid;
    if (include_pad) {
      count = 1;
      for (int64_t d = 0; d < r; ++d) {
        int64_t taps = 0;
        for (int64_t j = 0; j < kernel[d]; ++j) {
          taps += p[d] * strides[d] + j * dilations[d] - pads[d] < in_sp[d] + pads[r + d] ? 1 : 0;
        }
        count *= taps;
      }
    }
    red.divisor[pi] = valid == 0 ? 0 : count;
    ++pi;
  } while (Next(p, out_sp));
  return red;
}

ErrorOr<Reduction> MeanReduction(const Node& node) {
  const Shape& in = node.inputs[0]->shape;
  int64_t r = Rank(in);
  std::vector<int64_t> axes = node.attrs.GetInts("axes");
  bool keepdims = node.attrs.GetInt("keepdims", 1) != 0;
  std::vector<bool> reduced(r, axes.empty() && node.attrs.GetInt("noop_with_empty_axes", 0) == 0);
  for (int64_t a : axes) {
    int64_t axis = a < 0 ? a + r : a;
    if (axis < 0 || axis >= r) {
      return LayerError(node, "axis " + U(a) + " is out of range for input " + Str(in));
    }
    reduced[axis] = true;
  }
  Shape kept(r), out;
  int64_t count = 1;
  for (int64_t d = 0; d < r; ++d) {
    kept[d] = reduced[d] ? 1 : in[d];
    if (reduced[d]) count *= in[d];
    if (!reduced[d] || keepdims) out.push_back(kept[d]);
  }
  if (out != node.outputs[0]->shape || count == 0) {
    return LayerError(node, "output shape " + Str(node.outputs[0]->shape) + " is not the mean of " +
                                Str(in) + " over the given axes");
  }
  Reduction red;
  red.positions = ir::NumElements(kept);
  red.taps = count;
  red.in_numel = ir::NumElements(in);
  red.out_numel = red.positions;
  red.table.assign(red.positions * count, -1);
  red.divisor.assign(red.positions, count);
  std::vector<int64_t> kept_strides(r, 1);
  for (int64_t d = r - 2; d >= 0; --d) kept_strides[d] = kept_strides[d + 1] * kept[d + 1];
  // Visiting the input in row-major order lists each result's taps in row-major order.
  std::vector<int64_t> filled(red.positions, 0);
  std::vector<int64_t> index(r, 0);
  int64_t i = 0;
  if (red.in_numel == 0) return red;
  do {
    int64_t o = 0;
    for (int64_t d = 0; d < r; ++d) o += (reduced[d] ? 0 : index[d]) * kept_strides[d];
    red.table[o * count + filled[o]++] = i++;
  } while (Next(index, in));
  return red;
}

}  // namespace

ErrorOr<LayerCode> EmitPool(const EmitContext& ctx) {
  const Node& node = ctx.node;
  if (node.inputs.size() != 1 || node.outputs.size() != 1) {
    return LayerError(node, "expects 1 input and 1 output (not MaxPool's indices)");
  }
  auto red = node.op == OpKind::kReduceMean ? MeanReduction(node) : WindowReduction(node);
  if (!red.ok()) return red.error();
  const Reduction& r = red.value();
  bool average = IsAverage(node.op);
  std::string cfg = ctx.id + "_config";
  std::string config = "struct " + cfg + " {\n" + "  typedef " + ctx.input_types[0] + " input_t;\n";
  if (average) {
    auto it = node.types.find("accum");
    if (it == node.types.end()) {
      return LayerError(node, "has no 'accum' type; assign precision first");
    }
    config += "  typedef " + it->second.ToApString() + " accum_t;\n";
  }
  config += "  typedef " + ctx.output_types[0] + " result_t;\n";
  const std::pair<const char*, int64_t> sizes[] = {{"n_in", r.in_numel},
                                                   {"n_out", r.out_numel},
                                                   {"n_groups", r.groups},
                                                   {"n_positions", r.positions},
                                                   {"n_taps", std::max<int64_t>(r.taps, 1)},
                                                   {"in_group_stride", r.in_group_stride},
                                                   {"in_tap_mult", r.in_tap_mult},
                                                   {"out_group_stride", r.out_group_stride},
                                                   {"out_pos_stride", r.out_pos_stride}};
  for (const auto& [name, v] : sizes) {
    config += "  static const unsigned " + std::string(name) + " = " + U(v) + ";\n";
  }
  config += std::string("  static const bool input_signed = ") +
            (ctx.input_fixed[0].is_signed ? "true" : "false") + ";\n};\n";
  LayerCode code;
  code.headers = {"loom_pool.h"};
  code.config = config;
  std::vector<int64_t> table = r.table;
  if (table.empty()) table.assign(r.positions, -1);  // no taps at all: every window is empty
  code.weights = IntArray("int", ctx.id + "_taps", table);
  if (average) {
    code.weights += IntArray("unsigned", ctx.id + "_count", r.divisor);
    code.call = "  loom_hls::average_pool<" + cfg + ">(" + ctx.inputs[0] + ", " + ctx.outputs[0] +
                ", " + ctx.id + "_taps, " + ctx.id + "_count);\n";
  } else {
    code.call = "  loom_hls::max_pool<" + cfg + ">(" + ctx.inputs[0] + ", " + ctx.outputs[0] +
                ", " + ctx.id + "_taps);\n";
  }
  return code;
}

}  // namespace loom::hls
