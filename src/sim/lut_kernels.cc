// Emulator kernels of the lookup-table op family: sigmoid, tanh, softsign, softplus, elu, selu,
// exp, erf, gelu and softmax (their type rules are in src/plan/lut_types.cc).
#include <algorithm>
#include <cmath>
#include <optional>

#include "loom/fixed/fixed_value.h"
#include "plan/lut_tables.h"
#include "sim/kernel.h"

namespace loom::sim {

using fixed::CastFlags;
using fixed::CastPlan;
using fixed::QuantMode;
using fixed::WideType;

namespace {

bool Flagged(const CastFlags& f) { return f.overflow || f.underflow; }

// An element function: table inside the window, clamp below, the Lut's upper path above.
class ElementKernel : public Kernel {
 public:
  ElementKernel(Lut lut, const FixedType& out, int64_t numel)
      : lut_(std::move(lut)),
        out_(out),
        numel_(numel),
        identity_(lut_.input, out),
        product_type_(fixed::ProductType(WideType::Of(lut_.input), WideType::Of(lut_.scale_type))),
        product_plan_(product_type_, out) {
    CastPlan entry_plan(lut_.table, out);
    for (int64_t e : lut_.entries) {
      CastFlags flags;
      out_entries_.push_back(entry_plan.Apply(e, &flags));
      entry_flagged_.push_back(Flagged(flags));
    }
    fast_product_ = product_type_.width <= 63;
  }

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    const int64_t* x = in[0];
    int64_t* y = out[0];
    int64_t total = n * numel_;
    int64_t clipped = 0;
    int64_t overflow = 0;
    for (int64_t i = 0; i < total; ++i) {
      int64_t raw = x[i];
      if (raw > lut_.hi_raw && lut_.upper != LutUpper::kClamp) {
        CastFlags flags;
        if (lut_.upper == LutUpper::kIdentity) {
          y[i] = identity_.Apply(raw, &flags);
        } else if (fast_product_) {
          y[i] = product_plan_.Apply(raw * lut_.scale_raw, &flags);
        } else {
          y[i] = fixed::Cast(fixed::Mul(raw, lut_.input, lut_.scale_raw, lut_.scale_type),
                             product_type_, out_, &flags);
        }
        overflow += Flagged(flags);
        continue;
      }
      bool was_clipped;
      int64_t index = LutIndex(lut_, raw, &was_clipped);
      clipped += was_clipped;
      y[i] = out_entries_[index];
      overflow += entry_flagged_[index];
    }
    counters.values += total;
    counters.table_clipped += clipped;
    counters.result_overflow += overflow;
  }

 private:
  Lut lut_;
  FixedType out_;
  int64_t numel_;
  CastPlan identity_;
  WideType product_type_;
  CastPlan product_plan_;
  bool fast_product_ = false;
  std::vector<int64_t> out_entries_;  // entries cast to the result type
  std::vector<char> entry_flagged_;   // whether that cast overflowed
};

// Softmax along one axis: y_k = Q_out(e_k * r * 2^(F_acc - p)), where e_k = exp table at
// d_k = max - x_k, S = sum of (accum)e_k, and S = m * 2^p (raw) with r = 1/m from the reciprocal
// table.
class SoftmaxKernel : public Kernel {
 public:
  SoftmaxKernel(Lut exp, ReciprocalLut inv, const FixedType& acc, const FixedType& out,
                SoftmaxAxes axes)
      : exp_(std::move(exp)), inv_(std::move(inv)), acc_(acc), out_(out), axes_(axes) {
    numel_ = axes_.outer * axes_.n * axes_.inner;
    CastPlan to_acc(exp_.table, acc_);
    for (int64_t e : exp_.entries) {
      CastFlags flags;
      exp_acc_.push_back(to_acc.Apply(e, &flags));
      exp_acc_flagged_.push_back(Flagged(flags));
    }
    product_type_ = fixed::ProductType(WideType::Of(exp_.table), WideType::Of(inv_.table));
    fast_product_ = product_type_.width <= 63;
    for (int64_t p = 0; p < acc_.width; ++p) {
      WideType t = product_type_;
      t.int_bits += acc_.frac_bits() - p;
      scaled_types_.push_back(t);
      out_plans_.emplace_back(t, out_);
    }
  }

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    if (axes_.inner == 1 && axes_.n <= kShortRow && fast_product_) {
      RunShortRows(in[0], out[0], n * axes_.outer, counters);
      return;
    }
    std::vector<int64_t> index(axes_.n);
    std::vector<int64_t> acc_values(axes_.n);
    const uint64_t hi = static_cast<uint64_t>(exp_.hi_raw);
    const int64_t last = exp_.size() - 1;
    Counters c;
    for (int64_t s = 0; s < n; ++s) {
      const int64_t* xs = in[0] + s * numel_;
      int64_t* ys = out[0] + s * numel_;
      for (int64_t o = 0; o < axes_.outer; ++o) {
        for (int64_t i = 0; i < axes_.inner; ++i) {
          const int64_t* x = xs + o * axes_.n * axes_.inner + i;
          int64_t* y = ys + o * axes_.n * axes_.inner + i;
          int64_t max = x[0];
          for (int64_t k = 1; k < axes_.n; ++k) max = std::max(max, x[k * axes_.inner]);
          bool acc_flagged = false;
          __int128 exact_sum = 0;
          for (int64_t k = 0; k < axes_.n; ++k) {
            // d = max - x >= 0 fits 64 unsigned bits (inputs are at most 63 bits wide).
            uint64_t d = static_cast<uint64_t>(max) - static_cast<uint64_t>(x[k * axes_.inner]);
            int64_t idx;
            if (d > hi) {
              idx = last;
              ++c.table_clipped;
            } else {
              idx = static_cast<int64_t>(d >> exp_.shift);
            }
            index[k] = idx;
            acc_values[k] = exp_acc_[idx];
            acc_flagged |= exp_acc_flagged_[idx] != 0;
            exact_sum += acc_values[k];
          }
          // Entries that cast without overflow are never negative, so every partial sum lies
          // between 0 and the exact total: when that fits, no step overflows and the sum is it.
          int64_t sum = !acc_flagged && exact_sum <= acc_.max_raw()
                            ? static_cast<int64_t>(exact_sum)
                            : fixed::Accumulate(acc_values.data(), axes_.n, acc_);
          if (acc_flagged || exact_sum > acc_.max_raw()) ++c.accum_overflow;
          if (sum <= 0) {
            // Only when the accumulator wrapped or every entry is zero: no reciprocal exists.
            for (int64_t k = 0; k < axes_.n; ++k) y[k * axes_.inner] = 0;
            continue;
          }
          ReciprocalIndex r = ReciprocalLutIndex(inv_, static_cast<uint64_t>(sum));
          int64_t inv = inv_.entries[r.index];
          const CastPlan& plan = out_plans_[r.exponent];
          for (int64_t k = 0; k < axes_.n; ++k) {
            int64_t e = exp_.entries[index[k]];
            CastFlags flags;
            if (fast_product_) {
              y[k * axes_.inner] = plan.Apply(e * inv, &flags);
            } else {
              y[k * axes_.inner] = fixed::Cast(fixed::Mul(e, exp_.table, inv, inv_.table),
                                               scaled_types_[r.exponent], out_, &flags);
            }
            c.result_overflow += Flagged(flags);
          }
        }
      }
    }
    c.values = n * numel_;
    counters += c;
  }

 private:
  static constexpr int64_t kShortRow = 64;

  // The same computation for contiguous rows of at most kShortRow values with an int64 product
  // (the common classifier output): the tables and types hoisted, the row's indices on the stack.
  void RunShortRows(const int64_t* xs, int64_t* ys, int64_t rows, Counters& counters) const {
    const int64_t nn = axes_.n;
    const uint64_t hi = static_cast<uint64_t>(exp_.hi_raw);
    const int shift = static_cast<int>(exp_.shift);
    const int64_t last = exp_.size() - 1;
    const int64_t* entries = exp_.entries.data();
    const int64_t* entries_acc = exp_acc_.data();
    const char* flagged = exp_acc_flagged_.data();
    const int64_t acc_max = acc_.max_raw();
    int64_t index[kShortRow];
    int64_t acc_values[kShortRow];
    Counters c;
    for (int64_t r = 0; r < rows; ++r) {
      const int64_t* x = xs + r * nn;
      int64_t* y = ys + r * nn;
      int64_t max = x[0];
      for (int64_t k = 1; k < nn; ++k) max = std::max(max, x[k]);
      bool acc_flagged = false;
      __int128 exact_sum = 0;
      for (int64_t k = 0; k < nn; ++k) {
        uint64_t d = static_cast<uint64_t>(max) - static_cast<uint64_t>(x[k]);
        bool clip = d > hi;
        int64_t idx = clip ? last : static_cast<int64_t>(d >> shift);
        c.table_clipped += clip;
        index[k] = idx;
        acc_flagged |= flagged[idx] != 0;
        exact_sum += entries_acc[idx];
      }
      int64_t sum;
      if (!acc_flagged && exact_sum <= acc_max) {
        // See Run: no partial sum overflows.
        sum = static_cast<int64_t>(exact_sum);
      } else {
        for (int64_t k = 0; k < nn; ++k) acc_values[k] = entries_acc[index[k]];
        sum = fixed::Accumulate(acc_values, nn, acc_);
        ++c.accum_overflow;
      }
      if (sum <= 0) {
        for (int64_t k = 0; k < nn; ++k) y[k] = 0;
        continue;
      }
      ReciprocalIndex ri = ReciprocalLutIndex(inv_, static_cast<uint64_t>(sum));
      const int64_t inv = inv_.entries[ri.index];
      const CastPlan& plan = out_plans_[ri.exponent];
      for (int64_t k = 0; k < nn; ++k) {
        CastFlags flags;
        y[k] = plan.Apply(entries[index[k]] * inv, &flags);
        c.result_overflow += Flagged(flags);
      }
    }
    c.values = rows * nn;
    counters += c;
  }

  Lut exp_;
  ReciprocalLut inv_;
  FixedType acc_;
  FixedType out_;
  SoftmaxAxes axes_;
  int64_t numel_ = 0;
  std::vector<int64_t> exp_acc_;  // exp entries cast to the accumulator type
  std::vector<char> exp_acc_flagged_;
  WideType product_type_;
  bool fast_product_ = false;
  std::vector<WideType> scaled_types_;  // product type scaled by 2^(F_acc - p), per p
  std::vector<CastPlan> out_plans_;
};

ErrorOr<std::unique_ptr<Kernel>> MakeSoftmax(const KernelContext& ctx) {
  auto plan = SoftmaxPlanOf(ctx.node, ctx.inputs[0], ctx.table_size);
  if (!plan.ok()) return plan.error();
  SoftmaxPlan& p = plan.value();
  return std::unique_ptr<Kernel>(
      new SoftmaxKernel(std::move(p.exp), std::move(p.inv), p.accum, ctx.outputs[0], p.axes));
}

ErrorOr<std::unique_ptr<Kernel>> LutMake(const KernelContext& ctx) {
  const ir::Node& node = ctx.node;
  if (ctx.inputs.size() != 1 || ctx.outputs.size() != 1 || node.inputs.size() != 1 ||
      node.outputs.size() != 1) {
    return NodeError(node, "expected one input and one output");
  }
  if (node.op == ir::OpKind::kSoftmax) return MakeSoftmax(ctx);
  auto f = LutFunctionOf(node.op);
  if (!f) return NodeError(node, "the LUT family has no kernel for this op");
  auto table = SetNodeType(node, "table");
  if (!table.ok()) return table.error();
  auto lut = BuildLut(*f, ctx.inputs[0], table.value(), ctx.table_size, LutParamsOf(node));
  if (!lut.ok()) return NodeError(node, lut.error().message());
  return std::unique_ptr<Kernel>(new ElementKernel(std::move(lut).value(), ctx.outputs[0],
                                                   ir::NumElements(node.inputs[0]->shape)));
}

}  // namespace

const Family kLutFamily = {LutMake};

}  // namespace loom::sim
