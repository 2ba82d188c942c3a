// Which input elements each pooling or mean result reduces, shared by the emulator and the HLS
// backend.
#include "loom/ir/pool_geometry.h"

#include <string>

namespace loom::ir {
namespace {

Error Fail(const Node& node, const std::string& what) {
  return Error(node.Describe() + ": error: " + what);
}

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

bool ChannelsLast(const Node& node) {
  return !IsAxesReduction(node.op) && node.attrs.GetInt("channels_last", 0) == 1;
}

std::string Str(const Shape& s) { return ir::ShapeToString(s); }

// Sets the layout strides of a pool over [C, spatial...] (or [spatial..., C]).
void SetLayout(Reduction& r, bool channels_last, int64_t channels, int64_t n_in_sp,
               int64_t n_out_sp) {
  r.groups = channels;
  if (channels_last) {
    r.in_group_stride = 1;
    r.in_tap_mult = channels;
    r.out_group_stride = 1;
    r.out_pos_stride = channels;
  } else {
    r.in_group_stride = n_in_sp;
    r.in_tap_mult = 1;
    r.out_group_stride = n_out_sp;
    r.out_pos_stride = 1;
  }
  r.in_numel = channels * n_in_sp;
  r.out_numel = channels * n_out_sp;
}

// Splits a per-sample shape into channels and spatial axes by the node's layout.
void SplitChannels(const Shape& s, bool channels_last, int64_t& channels, Shape& spatial) {
  channels = channels_last ? s.back() : s.front();
  spatial.assign(s.begin() + (channels_last ? 0 : 1), s.end() - (channels_last ? 1 : 0));
}

ErrorOr<Reduction> WindowReduction(const Node& node) {
  const Shape& in = node.inputs[0]->shape;
  const Shape& out = node.outputs[0]->shape;
  bool last = ChannelsLast(node);
  if (in.size() < 2 || out.size() != in.size()) {
    return Fail(node, "pools need input and output [C, spatial...] of equal rank; got " + Str(in) +
                          " and " + Str(out));
  }
  int64_t channels = 0;
  int64_t out_channels = 0;
  Shape in_sp;
  Shape out_sp;
  SplitChannels(in, last, channels, in_sp);
  SplitChannels(out, last, out_channels, out_sp);
  int64_t r = Rank(in_sp);
  if (out_channels != channels) {
    return Fail(node, "output shape " + Str(out) + " has " + std::to_string(out_channels) +
                          " channels but the input " + Str(in) + " has " +
                          std::to_string(channels) + (last ? " (channels last)" : ""));
  }
  if (node.op == OpKind::kGlobalAveragePool || node.op == OpKind::kGlobalMaxPool) {
    for (int64_t d : out_sp) {
      if (d != 1) {
        return Fail(node, "output shape " + Str(out) +
                              " is not the global pool's (spatial axes of size 1)");
      }
    }
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
    return Fail(node, "kernel_shape, strides, dilations and pads must have " + std::to_string(r) +
                          ", " + std::to_string(r) + ", " + std::to_string(r) + " and " +
                          std::to_string(2 * r) + " values for input " + Str(in) +
                          "; got kernel_shape " + Str(kernel));
  }
  for (int64_t d = 0; d < r; ++d) {
    if (kernel[d] < 1 || strides[d] < 1 || dilations[d] < 1 || pads[d] < 0 || pads[r + d] < 0) {
      return Fail(node,
                  "kernel sizes, strides and dilations must be positive and pads "
                  "non-negative");
    }
  }
  bool ceil_mode = node.attrs.GetInt("ceil_mode", 0) != 0;
  for (int64_t d = 0; d < r; ++d) {
    int64_t span = (kernel[d] - 1) * dilations[d] + 1;
    int64_t room = in_sp[d] + pads[d] + pads[r + d] - span;
    int64_t floor_out = room < 0 ? 0 : room / strides[d] + 1;
    int64_t ceil_out = room < 0 ? 0 : (room + strides[d] - 1) / strides[d] + 1;
    // Both ceil_mode conventions are accepted (ONNX opset 19+ drops a last window that would
    // start in the end padding); the windows themselves are the same.
    int64_t trimmed = (ceil_out - 1) * strides[d] >= in_sp[d] + pads[d] ? ceil_out - 1 : ceil_out;
    bool ok = ceil_mode ? out_sp[d] == ceil_out || out_sp[d] == trimmed : out_sp[d] == floor_out;
    if (!ok || out_sp[d] < 1) {
      return Fail(node, "output shape " + Str(out) + " does not match pooling of " + Str(in) +
                            " with the given kernel, strides, pads" +
                            (ceil_mode ? " and ceil_mode" : "") + "; fix the model's shapes");
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
    // With count_include_pad the divisor counts the taps inside the padded extent
    // [-pad_begin, size + pad_end), as ONNX Runtime (and the float engine) do: the whole window
    // unless ceil_mode lets it reach past the end padding.
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
      return Fail(node, "axis " + std::to_string(a) + " is out of range for input " + Str(in) +
                            " (axes count per sample, from 0)");
    }
    reduced[axis] = true;
  }
  Shape kept(r);
  Shape out;
  int64_t count = 1;
  for (int64_t d = 0; d < r; ++d) {
    kept[d] = reduced[d] ? 1 : in[d];
    if (reduced[d]) count *= in[d];
    if (!reduced[d] || keepdims) out.push_back(kept[d]);
  }
  if (out != node.outputs[0]->shape) {
    return Fail(node, "output shape " + Str(node.outputs[0]->shape) + " is not the reduction of " +
                          Str(in) + " over the given axes (" + Str(out) + ")");
  }
  if (count == 0) return Fail(node, "reduces over an empty axis; the mean is undefined");
  Reduction red;
  red.positions = ir::NumElements(kept);
  red.taps = count;
  red.in_numel = ir::NumElements(in);
  red.out_numel = red.positions;
  red.in_group_stride = 0;
  red.out_group_stride = 0;
  red.table.assign(red.positions * count, -1);
  red.divisor.assign(red.positions, node.op == OpKind::kReduceSum ? 1 : count);
  if (red.in_numel == 0) return red;
  std::vector<int64_t> kept_strides(r, 1);
  for (int64_t d = r - 2; d >= 0; --d) kept_strides[d] = kept_strides[d + 1] * kept[d + 1];
  // Visiting the input in row-major order lists each result's taps in row-major order.
  std::vector<int64_t> filled(red.positions, 0);
  std::vector<int64_t> index(r, 0);
  int64_t i = 0;
  do {
    int64_t o = 0;
    for (int64_t d = 0; d < r; ++d) o += (reduced[d] ? 0 : index[d]) * kept_strides[d];
    red.table[o * count + filled[o]++] = i++;
  } while (Next(index, in));
  return red;
}

}  // namespace

ErrorOr<Reduction> PoolReduction(const Node& node) {
  if (node.inputs.size() != 1) {
    return Fail(node, "expects 1 input but has " + std::to_string(node.inputs.size()));
  }
  if (node.outputs.size() != 1) {
    return Fail(node, "has " + std::to_string(node.outputs.size()) +
                          " outputs; loom computes only the pooled values (not "
                          "MaxPool's indices): remove the extra outputs");
  }
  if (IsAxesReduction(node.op)) return MeanReduction(node);
  if (node.op == OpKind::kMaxPool && node.attrs.GetInt("storage_order", 0) != 0) {
    return Fail(node,
                "storage_order only affects MaxPool's indices, which loom does "
                "not compute; remove the attribute");
  }
  return WindowReduction(node);
}

}  // namespace loom::ir
