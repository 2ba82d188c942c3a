// Emulator kernels of the pooling ops: max/average pools, global pools and reduce_mean (their type
// rules are in src/plan/pool_types.cc).
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
#include "loom/ir/pool_geometry.h"
#include "plan/type_rules.h"
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

using ir::PoolReduction;
using ir::Reduction;

// Maximum over the taps, cast to the result type; a window with no input element gives the
// input type's minimum (hls4ml pads max pools with it).
class MaxKernel final : public Kernel {
 public:
  MaxKernel(Reduction red, const FixedType& in, const FixedType& res)
      : red_(std::move(red)), in_(in), cast_(WideType::Of(in), res) {
    // The result in the input's own format (the usual case): the maximum raw value as it is.
    same_format_ = in.width <= 63 && res.width == in.width && res.int_bits == in.int_bits &&
                   res.is_signed == in.is_signed;
  }

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    int64_t overflows = 0;
    const Reduction& r = red_;
    if (same_format_) {
      const int64_t lowest = in_.min_raw();
      for (int64_t s = 0; s < n; ++s) {
        const int64_t* x = in[0] + s * r.in_numel;
        int64_t* y = out[0] + s * r.out_numel;
        for (int64_t g = 0; g < r.groups; ++g) {
          const int64_t* xg = x + g * r.in_group_stride;
          for (int64_t p = 0; p < r.positions; ++p) {
            const int64_t* taps = r.table.data() + p * r.taps;
            int64_t best = lowest;
            for (int64_t k = 0; k < r.taps; ++k) {
              if (taps[k] >= 0) best = std::max(best, xg[taps[k] * r.in_tap_mult]);
            }
            y[g * r.out_group_stride + p * r.out_pos_stride] = best;
          }
        }
      }
      counters.values += n * r.out_numel;
      return;
    }
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
  bool same_format_ = false;
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

// ---------------------------------------------------------------------------------------------
// The family.

ErrorOr<std::unique_ptr<Kernel>> PoolMake(const KernelContext& ctx) {
  const Node& node = ctx.node;
  if (ctx.inputs.size() != 1 || ctx.outputs.size() != 1) {
    return NodeError(node, "expects 1 input and 1 output type");
  }
  auto red = PoolReduction(node);
  if (!red.ok()) return red.error();
  const FixedType& in = ctx.inputs[0];
  if (!ir::IsAveraging(node.op)) {
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

const Family kPoolFamily = {PoolMake};

}  // namespace loom::sim
