// Emulator kernels of the pooling ops: max/average pools, global pools and reduce_mean.
//
// Cast points follow hls4ml's nnet_pooling.h (pooling2d_cl, global_pooling2d_cl): a max pool
// casts the selected input value once; an average pool accumulates `acc_t y = 0; y += x;` (each
// step cast to the accumulator type), divides `y /= count` (ap_fixed's integer division, which
// truncates toward zero in the accumulator's own format) and casts the quotient to the result.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "loom/fixed/fixed_value.h"
#include "sim/kernel.h"

namespace loom::sim {
namespace {

using fixed::CastFlags;
using fixed::CastPlan;
using fixed::int128;
using fixed::uint128;
using fixed::Wide;
using fixed::WideType;
using ir::Node;
using ir::OpKind;
using ir::Shape;

inline uint128 Bits(int64_t raw, const FixedType& t) { return fixed::Widen(raw, t).bits; }

// A cast from an exact value of up to 128 bits: CastPlan when the source fits an int64_t.
class WideCast {
 public:
  WideCast(const WideType& from, const FixedType& to)
      : from_(from),
        to_(to),
        plan_(from, to),
        narrow_(from.width <= 64 && (from.is_signed || from.width <= 63)) {}

  int64_t Apply(uint128 bits, bool& overflow) const {
    CastFlags f;
    int64_t r = narrow_ ? plan_.Apply(static_cast<int64_t>(static_cast<uint64_t>(bits)), &f)
                        : fixed::Cast(Wide{bits}, from_, to_, &f);
    overflow = f.overflow || f.underflow;
    return r;
  }

 private:
  WideType from_;
  FixedType to_;
  CastPlan plan_;
  bool narrow_;
};

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

int64_t CeilLog2(int64_t k) {
  int64_t b = 0;
  while ((int64_t{1} << b) < k) ++b;
  return b;
}

bool IsAverage(OpKind op) {
  return op == OpKind::kAveragePool || op == OpKind::kGlobalAveragePool ||
         op == OpKind::kReduceMean;
}

bool ChannelsLast(const Node& node) {
  return node.op != OpKind::kReduceMean && node.attrs.GetInt("channels_last", 0) == 1;
}

// Which input elements each result reduces. Result element (g, p) is at
// g * out_group_stride + p * out_pos_stride; its taps are table[p * taps + k] (-1: padding),
// read at g * in_group_stride + tap * in_tap_mult, in window (row-major) order.
struct Reduction {
  int64_t groups = 1;
  int64_t positions = 0;
  int64_t taps = 0;
  std::vector<int64_t> table;
  std::vector<int64_t> divisor;  // per position (average ops); 0 gives a zero result
  int64_t in_group_stride = 0;
  int64_t in_tap_mult = 1;
  int64_t out_group_stride = 0;
  int64_t out_pos_stride = 1;
  int64_t in_numel = 0;
  int64_t out_numel = 0;
};

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
    return NodeError(node, "pools need input and output [C, spatial...] of equal rank; got " +
                               Str(in) + " and " + Str(out));
  }
  int64_t channels = 0;
  int64_t out_channels = 0;
  Shape in_sp;
  Shape out_sp;
  SplitChannels(in, last, channels, in_sp);
  SplitChannels(out, last, out_channels, out_sp);
  int64_t r = Rank(in_sp);
  if (out_channels != channels) {
    return NodeError(node, "output shape " + Str(out) + " has " + std::to_string(out_channels) +
                               " channels but the input " + Str(in) + " has " +
                               std::to_string(channels) + (last ? " (channels last)" : ""));
  }
  if (node.op == OpKind::kGlobalAveragePool || node.op == OpKind::kGlobalMaxPool) {
    for (int64_t d : out_sp) {
      if (d != 1) {
        return NodeError(node, "output shape " + Str(out) +
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
    return NodeError(
        node, "kernel_shape, strides, dilations and pads must have " + std::to_string(r) + ", " +
                  std::to_string(r) + ", " + std::to_string(r) + " and " + std::to_string(2 * r) +
                  " values for input " + Str(in) + "; got kernel_shape " + Str(kernel));
  }
  for (int64_t d = 0; d < r; ++d) {
    if (kernel[d] < 1 || strides[d] < 1 || dilations[d] < 1 || pads[d] < 0 || pads[r + d] < 0) {
      return NodeError(node,
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
      return NodeError(node, "output shape " + Str(out) + " does not match pooling of " + Str(in) +
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
      return NodeError(node, "axis " + std::to_string(a) + " is out of range for input " + Str(in) +
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
    return NodeError(node, "output shape " + Str(node.outputs[0]->shape) + " is not the mean of " +
                               Str(in) + " over the given axes (" + Str(out) + ")");
  }
  if (count == 0) return NodeError(node, "reduces over an empty axis; the mean is undefined");
  Reduction red;
  red.positions = ir::NumElements(kept);
  red.taps = count;
  red.in_numel = ir::NumElements(in);
  red.out_numel = red.positions;
  red.in_group_stride = 0;
  red.out_group_stride = 0;
  red.table.assign(red.positions * count, -1);
  red.divisor.assign(red.positions, count);
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

ErrorOr<Reduction> MakeReduction(const Node& node) {
  if (node.inputs.size() != 1) {
    return NodeError(node, "expects 1 input but has " + std::to_string(node.inputs.size()));
  }
  if (node.outputs.size() != 1) {
    return NodeError(node, "has " + std::to_string(node.outputs.size()) +
                               " outputs; the emulator computes only the pooled values (not "
                               "MaxPool's indices): remove the extra outputs");
  }
  if (node.op == OpKind::kReduceMean) return MeanReduction(node);
  if (node.op == OpKind::kMaxPool && node.attrs.GetInt("storage_order", 0) != 0) {
    return NodeError(node,
                     "storage_order only affects MaxPool's indices, which the emulator does "
                     "not compute; remove the attribute");
  }
  return WindowReduction(node);
}

// Maximum over the taps, cast to the result type; a window with no input element gives the
// input type's minimum (hls4ml pads max pools with it).
class MaxKernel final : public Kernel {
 public:
  MaxKernel(Reduction red, const FixedType& in, const FixedType& res)
      : red_(std::move(red)), in_(in), cast_(WideType::Of(in), res) {}

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    int64_t overflows = 0;
    const Reduction& r = red_;
    for (int64_t s = 0; s < n; ++s) {
      const int64_t* x = in[0] + s * r.in_numel;
      int64_t* y = out[0] + s * r.out_numel;
      for (int64_t g = 0; g < r.groups; ++g) {
        const int64_t* xg = x + g * r.in_group_stride;
        for (int64_t p = 0; p < r.positions; ++p) {
          const int64_t* taps = r.table.data() + p * r.taps;
          int128 best = static_cast<int128>(Bits(in_.min_raw(), in_));
          for (int64_t k = 0; k < r.taps; ++k) {
            if (taps[k] < 0) continue;
            best = std::max(best, static_cast<int128>(Bits(xg[taps[k] * r.in_tap_mult], in_)));
          }
          bool over = false;
          y[g * r.out_group_stride + p * r.out_pos_stride] =
              cast_.Apply(static_cast<uint128>(best), over);
          overflows += over ? 1 : 0;
        }
      }
    }
    counters.values += n * r.out_numel;
    counters.result_overflow += overflows;
  }

 private:
  Reduction red_;
  FixedType in_;
  WideCast cast_;
};

// acc_t y = 0; for each tap: y = (acc_t)(y + x); y = y / count (truncated toward zero, in
// acc_t's format); res = (res_T)y.
class AverageKernel final : public Kernel {
 public:
  AverageKernel(Reduction red, const FixedType& in, const FixedType& accum,
                const WideType& step_type, const FixedType& res)
      : red_(std::move(red)),
        in_(in),
        accum_(accum),
        step_(step_type, accum),
        acc_shift_(static_cast<int>(step_type.frac_bits() - accum.frac_bits())),
        in_shift_(static_cast<int>(step_type.frac_bits() - in.frac_bits())),
        cast_(WideType::Of(accum), res) {}

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    int64_t overflows = 0;
    int64_t accum_overflows = 0;
    const Reduction& r = red_;
    for (int64_t s = 0; s < n; ++s) {
      const int64_t* x = in[0] + s * r.in_numel;
      int64_t* y = out[0] + s * r.out_numel;
      for (int64_t g = 0; g < r.groups; ++g) {
        const int64_t* xg = x + g * r.in_group_stride;
        for (int64_t p = 0; p < r.positions; ++p) {
          const int64_t* taps = r.table.data() + p * r.taps;
          int64_t acc = 0;
          bool acc_over = false;
          for (int64_t k = 0; k < r.taps; ++k) {
            if (taps[k] < 0) continue;
            uint128 sum = (Bits(acc, accum_) << acc_shift_) +
                          (Bits(xg[taps[k] * r.in_tap_mult], in_) << in_shift_);
            bool over = false;
            acc = step_.Apply(sum, over);
            acc_over |= over;
          }
          int64_t d = r.divisor[p];
          int64_t q = 0;
          if (d != 0) {
            q = accum_.is_signed
                    ? acc / d
                    : static_cast<int64_t>(static_cast<uint64_t>(acc) / static_cast<uint64_t>(d));
          }
          bool over = false;
          y[g * r.out_group_stride + p * r.out_pos_stride] = cast_.Apply(Bits(q, accum_), over);
          overflows += over ? 1 : 0;
          accum_overflows += acc_over ? 1 : 0;
        }
      }
    }
    counters.values += n * r.out_numel;
    counters.result_overflow += overflows;
    counters.accum_overflow += accum_overflows;
  }

 private:
  Reduction red_;
  FixedType in_;
  FixedType accum_;
  WideCast step_;  // y + x (exact, ap_fixed's sum type) to acc_t
  int acc_shift_;
  int in_shift_;
  WideCast cast_;  // acc_t to res_T
};

ErrorOr<FixedType> NodeType(const Node& node, const std::string& key) {
  auto it = node.types.find(key);
  if (it == node.types.end()) {
    return NodeError(node, "has no '" + key + "' type; run precision assignment first");
  }
  return it->second;
}

// ---------------------------------------------------------------------------------------------
// The family.

std::vector<TypeKey> PoolTypeKeys(const Node& node) {
  if (IsAverage(node.op)) return {{"accum", ""}};
  return {};
}

ErrorOr<FixedType> PoolAutoNodeType(const Node& node, const std::string& key,
                                    const std::vector<FixedType>& inputs) {
  if (key != "accum" || !IsAverage(node.op)) {
    return NodeError(node, "has no type '" + key +
                               "'; only average pools and reduce_mean have "
                               "one ('accum')");
  }
  if (inputs.size() != 1) return NodeError(node, "expects 1 input");
  auto red = MakeReduction(node);
  if (!red.ok()) return red.error();
  // The sum of k values of type T needs ceil(log2 k) more integer bits and no more fraction bits.
  const FixedType& in = inputs[0];
  int64_t grow = CeilLog2(std::max<int64_t>(red.value().taps, 1));
  int64_t width = in.width + grow;
  if (width > fixed::kMaxWidth) {
    return NodeError(node, "an exact accumulator for " + std::to_string(red.value().taps) +
                               " values of " + in.ToString() + " needs " + std::to_string(width) +
                               " bits, more than loom's limit of 64; set this layer's accum "
                               "precision in the configuration");
  }
  auto t = FixedType::Create(width, in.int_bits + grow, in.is_signed);
  if (!t.ok()) return NodeError(node, t.error().message());
  return t.value();
}

ErrorOr<std::vector<FixedType>> PoolAutoResult(const Node& node,
                                               const std::vector<FixedType>& inputs) {
  if (inputs.size() != 1) return NodeError(node, "expects 1 input");
  const FixedType& in = inputs[0];
  if (!IsAverage(node.op)) {
    // The maximum is one of the inputs (or the input type's minimum).
    auto t = FixedType::Create(in.width, in.int_bits, in.is_signed);
    if (!t.ok()) return NodeError(node, t.error().message());
    return std::vector<FixedType>{t.value()};
  }
  // A mean lies between the smallest and largest input (and 0, for padding counted in the
  // divisor); the truncating division keeps it there. Its fraction bits are the accumulator's.
  auto acc = NodeType(node, "accum");
  if (!acc.ok()) return acc.error();
  int64_t width = in.int_bits + acc.value().frac_bits();
  if (width < 1 || width > fixed::kMaxWidth) {
    return NodeError(node, "the mean needs " + std::to_string(width) + " bits with accum " +
                               acc.value().ToString() +
                               "; set this layer's result precision in the configuration");
  }
  auto t = FixedType::Create(width, in.int_bits, in.is_signed);
  if (!t.ok()) return NodeError(node, t.error().message());
  return std::vector<FixedType>{t.value()};
}

ErrorOr<std::unique_ptr<Kernel>> PoolMake(const KernelContext& ctx) {
  const Node& node = ctx.node;
  if (ctx.inputs.size() != 1 || ctx.outputs.size() != 1) {
    return NodeError(node, "expects 1 input and 1 output type");
  }
  auto red = MakeReduction(node);
  if (!red.ok()) return red.error();
  const FixedType& in = ctx.inputs[0];
  if (!IsAverage(node.op)) {
    return std::unique_ptr<Kernel>(
        std::make_unique<MaxKernel>(std::move(red.value()), in, ctx.outputs[0]));
  }
  auto acc = NodeType(node, "accum");
  if (!acc.ok()) return acc.error();
  auto step = fixed::SumType(WideType::Of(acc.value()), WideType::Of(in));
  if (!step.ok()) {
    return NodeError(node, step.error().message() +
                               "; give the accumulator a type closer to the "
                               "input's");
  }
  return std::unique_ptr<Kernel>(std::make_unique<AverageKernel>(
      std::move(red.value()), in, acc.value(), step.value(), ctx.outputs[0]));
}

}  // namespace

const Family kPoolFamily = {PoolTypeKeys, PoolAutoNodeType, PoolAutoResult, PoolMake};

}  // namespace loom::sim
