// Emulator kernels of the lookup-table op family: sigmoid, tanh, softsign, softplus, elu, selu,
// exp, erf, gelu and softmax (their type rules are in src/plan/lut_types.cc).
#include <immintrin.h>

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
    PrepareVectorRows();
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
  // (the common classifier output): eight rows at a time in AVX-512 lanes where the CPU has them
  // (RunRowsAvx512), the rest one by one.
  void RunShortRows(const int64_t* xs, int64_t* ys, int64_t rows, Counters& counters) const {
    Counters c;
    int64_t done = 0;
    if (vector_rows_) done = RunRowsAvx512(xs, ys, rows, c);
    for (int64_t r = done; r < rows; ++r) ShortRow(xs + r * axes_.n, ys + r * axes_.n, c);
    c.values = rows * axes_.n;
    counters += c;
  }

  // One row of RunShortRows: the tables and types hoisted, the row's indices on the stack.
  // Counts into c all but `values`.
  __attribute__((always_inline)) void ShortRow(const int64_t* x, int64_t* y, Counters& c) const {
    const int64_t nn = axes_.n;
    const uint64_t hi = static_cast<uint64_t>(exp_.hi_raw);
    const int shift = static_cast<int>(exp_.shift);
    const int64_t last = exp_.size() - 1;
    const int64_t* entries_acc = exp_acc_.data();
    const char* flagged = exp_acc_flagged_.data();
    int64_t index[kShortRow];
    int64_t acc_values[kShortRow];
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
    if (!acc_flagged && exact_sum <= acc_.max_raw()) {
      // See Run: no partial sum overflows.
      sum = static_cast<int64_t>(exact_sum);
    } else {
      for (int64_t k = 0; k < nn; ++k) acc_values[k] = entries_acc[index[k]];
      sum = fixed::Accumulate(acc_values, nn, acc_);
      ++c.accum_overflow;
    }
    if (sum <= 0) {
      for (int64_t k = 0; k < nn; ++k) y[k] = 0;
      return;
    }
    ReciprocalIndex ri = ReciprocalLutIndex(inv_, static_cast<uint64_t>(sum));
    const int64_t inv = inv_.entries[ri.index];
    const CastPlan& plan = out_plans_[ri.exponent];
    for (int64_t k = 0; k < nn; ++k) {
      CastFlags flags;
      y[k] = plan.Apply(exp_.entries[index[k]] * inv, &flags);
      c.result_overflow += Flagged(flags);
    }
  }

  // Whether RunRowsAvx512 may run, and its per-exponent tables. It computes ShortRow's sum in
  // int64 without the flagged-entry and overflow checks, so it needs entries that cast to the
  // accumulator without overflow and a row sum that cannot leave int64; a row whose sum is out of
  // the accumulator's range (or not positive), whose exponent's cast drops no bits, or whose
  // result saturates is handed to ShortRow.
  void PrepareVectorRows() {
    int64_t max_entry = 0;
    for (int64_t e : exp_acc_) max_entry = std::max(max_entry, e);
    bool any_flagged =
        std::find(exp_acc_flagged_.begin(), exp_acc_flagged_.end(), 1) != exp_acc_flagged_.end();
    vector_rows_ = fast_product_ && axes_.n <= kShortRow && !any_flagged &&
                   max_entry < (int64_t{1} << 62) / kShortRow && HasAvx512() &&
                   __builtin_cpu_supports("avx512cd");
    if (!vector_rows_) return;
    saturating_ = false;
    vec_shift_.assign(out_plans_.size(), 0);
    for (size_t p = 0; p < out_plans_.size(); ++p) {
      const CastPlan& plan = out_plans_[p];
      if (plan.is_fast() && plan.shift() > 0) vec_shift_[p] = plan.shift();
      saturating_ |= plan.may_saturate();
    }
    round_truth_ = 0;
    for (int code = 0; code < 16; ++code) {
      bool inc = fixed::RoundingIncrement(out_.quant, (code & 1) != 0, (code & 2) != 0,
                                          (code & 4) != 0, (code & 8) != 0);
      round_truth_ |= static_cast<int64_t>(inc) << code;
    }
  }

  // GCC 12 reports the intrinsics' undefined-initial registers (_mm512_undefined_epi32).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
  // ShortRow for eight rows per register (lane j: row r0 + j), gathered from and scattered to
  // the row-major rows. The cast of e * inv is CastPlan::Apply's fast path with its shift taken
  // per lane from the row's exponent and the rounding increment looked up in round_truth_ (bit
  // qb | r << 1 | negative << 2 | lsb << 3). Rows it cannot finish go to ShortRow. Returns the
  // number of rows done (all).
  __attribute__((target("avx512f,avx512bw,avx512dq,avx512cd"))) int64_t RunRowsAvx512(
      const int64_t* xs, int64_t* ys, int64_t rows, Counters& c) const {
    const int64_t nn = axes_.n;
    const __m512i zero = _mm512_setzero_si512();
    const __m512i one = _mm512_set1_epi64(1);
    const __m512i stride =
        _mm512_mullo_epi64(_mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0), _mm512_set1_epi64(nn));
    const __m512i hi = _mm512_set1_epi64(exp_.hi_raw);
    const __m512i last = _mm512_set1_epi64(exp_.size() - 1);
    const __m128i exp_shift = _mm_cvtsi64_si128(exp_.shift);
    const __m512i acc_max = _mm512_set1_epi64(acc_.max_raw());
    const __m512i top = _mm512_set1_epi64(63);
    const __m512i index_bits = _mm512_set1_epi64(inv_.index_bits);
    const __m512i truth = _mm512_set1_epi64(round_truth_);
    const __m512i out_max = _mm512_set1_epi64(out_.max_raw());
    const __m512i out_min = _mm512_set1_epi64(out_.min_raw());
    const __m128i unused = _mm_cvtsi64_si128(64 - out_.width);
    const __m512i width_mask =
        _mm512_set1_epi64(static_cast<int64_t>(~uint64_t{0} >> (64 - out_.width)));
    const __m512i ones = _mm512_set1_epi64(-1);
    const __m512i sixty_five = _mm512_set1_epi64(65);
    const bool out_signed = out_.is_signed;
    const long long* entries = reinterpret_cast<const long long*>(exp_.entries.data());
    const long long* entries_acc = reinterpret_cast<const long long*>(exp_acc_.data());
    const long long* inv_entries = reinterpret_cast<const long long*>(inv_.entries.data());
    const long long* shifts = reinterpret_cast<const long long*>(vec_shift_.data());
    __m512i idx[kShortRow];
    int64_t clipped = 0;
    int64_t overflowed = 0;
    for (int64_t r0 = 0; r0 < rows; r0 += 8) {
      const auto m = static_cast<__mmask8>(
          rows - r0 >= 8 ? 0xFF : (1u << static_cast<unsigned>(rows - r0)) - 1);
      const int64_t* x = xs + r0 * nn;
      int64_t* y = ys + r0 * nn;
      __m512i max = _mm512_mask_i64gather_epi64(zero, m, stride, x, 8);
      for (int64_t k = 1; k < nn; ++k) {
        max = _mm512_max_epi64(max, _mm512_mask_i64gather_epi64(zero, m, stride, x + k, 8));
      }
      __m512i sum = zero;
      __m512i clip_count = zero;
      for (int64_t k = 0; k < nn; ++k) {
        const __m512i d =
            _mm512_sub_epi64(max, _mm512_mask_i64gather_epi64(zero, m, stride, x + k, 8));
        const __mmask8 clip = _mm512_cmpgt_epu64_mask(d, hi);
        idx[k] = _mm512_mask_mov_epi64(_mm512_srl_epi64(d, exp_shift), clip, last);
        clip_count = _mm512_mask_add_epi64(clip_count, clip, clip_count, one);
        sum = _mm512_add_epi64(sum, _mm512_mask_i64gather_epi64(zero, m, idx[k], entries_acc, 8));
      }
      __mmask8 bad =
          m & (_mm512_cmpgt_epi64_mask(sum, acc_max) | _mm512_cmple_epi64_mask(sum, zero));
      __mmask8 live = m & ~bad;
      // ReciprocalLutIndex: p = the leading one's position; shifts by negative counts give 0.
      const __m512i p = _mm512_sub_epi64(top, _mm512_lzcnt_epi64(sum));
      const __m512i rest = _mm512_sub_epi64(sum, _mm512_sllv_epi64(one, p));
      const __m512i index =
          _mm512_or_si512(_mm512_srlv_epi64(rest, _mm512_sub_epi64(p, index_bits)),
                          _mm512_sllv_epi64(rest, _mm512_sub_epi64(index_bits, p)));
      const __m512i s = _mm512_mask_i64gather_epi64(zero, live, p, shifts, 8);
      bad |= live & _mm512_cmpeq_epi64_mask(s, zero);
      live = m & ~bad;
      const __m512i inv = _mm512_mask_i64gather_epi64(zero, live, index, inv_entries, 8);
      const __m512i s_minus_1 = _mm512_sub_epi64(s, one);
      const __m512i low_mask = _mm512_srlv_epi64(ones, _mm512_sub_epi64(sixty_five, s));
      __m512i over_count = zero;
      for (int64_t k = 0; k < nn; ++k) {
        const __m512i e = _mm512_mask_i64gather_epi64(zero, live, idx[k], entries, 8);
        const __m512i prod = _mm512_mullo_epi64(e, inv);
        const __m512i t = _mm512_srav_epi64(prod, s);
        __m512i code = _mm512_and_si512(_mm512_srlv_epi64(prod, s_minus_1), one);
        code = _mm512_mask_or_epi64(code, _mm512_test_epi64_mask(prod, low_mask), code,
                                    _mm512_set1_epi64(2));
        code = _mm512_mask_or_epi64(code, _mm512_cmplt_epi64_mask(prod, zero), code,
                                    _mm512_set1_epi64(4));
        code = _mm512_or_si512(code, _mm512_slli_epi64(_mm512_and_si512(t, one), 3));
        const __m512i q =
            _mm512_add_epi64(t, _mm512_and_si512(_mm512_srlv_epi64(truth, code), one));
        const __mmask8 flagged =
            _mm512_cmpgt_epi64_mask(q, out_max) | _mm512_cmplt_epi64_mask(q, out_min);
        const __m512i wrapped = out_signed ? _mm512_sra_epi64(_mm512_sll_epi64(q, unused), unused)
                                           : _mm512_and_si512(q, width_mask);
        if (saturating_) bad |= live & (flagged | _mm512_cmpeq_epi64_mask(wrapped, out_min));
        over_count = _mm512_mask_add_epi64(over_count, flagged, over_count, one);
        _mm512_mask_i64scatter_epi64(y + k, m, stride, wrapped, 8);
      }
      const __mmask8 good = m & ~bad;
      clipped += _mm512_mask_reduce_add_epi64(good, clip_count);
      overflowed += _mm512_mask_reduce_add_epi64(good, over_count);
      for (unsigned rest_bad = bad; rest_bad != 0; rest_bad &= rest_bad - 1) {
        const int j = __builtin_ctz(rest_bad);
        ShortRow(x + j * nn, y + j * nn, c);
      }
    }
    c.table_clipped += clipped;
    c.result_overflow += overflowed;
    return rows;
  }
#pragma GCC diagnostic pop

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
  // RunRowsAvx512 (PrepareVectorRows): whether it runs, each exponent's cast shift (0: that
  // exponent's rows go to ShortRow), whether any cast saturates, the rounding increments.
  bool vector_rows_ = false;
  std::vector<int64_t> vec_shift_;
  bool saturating_ = false;
  int64_t round_truth_ = 0;
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
