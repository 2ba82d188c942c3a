// The lookup-table op family: sigmoid, tanh, softsign, softplus, elu, selu and softmax.
#include <algorithm>
#include <cmath>
#include <optional>

#include "loom/fixed/fixed_value.h"
#include "sim/kernel.h"
#include "sim/lut_tables.h"

namespace loom::sim {

using fixed::CastFlags;
using fixed::CastPlan;
using fixed::QuantMode;
using fixed::WideType;

// ---------------------------------------------------------------------------------------------
// Tables.

namespace {

constexpr int64_t kMaxTableSize = int64_t{1} << 24;

ErrorOr<int64_t> CheckTableSize(int64_t table_size) {
  if (table_size < 1 || table_size > kMaxTableSize || (table_size & (table_size - 1)) != 0) {
    return Error("table_size " + std::to_string(table_size) +
                 " is not a power of two between 1 and " + std::to_string(kMaxTableSize) +
                 "; use a power of two such as 1024");
  }
  int64_t bits = 0;
  while ((int64_t{1} << bits) < table_size) ++bits;
  return bits;
}

// The table type as entries are computed in it: round to nearest (ties to even), saturate.
FixedType EntryType(const FixedType& table) {
  FixedType t = table;
  t.quant = QuantMode::kRndConv;
  t.overflow = fixed::OverflowMode::kSat;
  t.sat_bits = 0;
  return t;
}

// The type of selu's gamma constant: the table's width, integer bits for |gamma|.
FixedType ScaleType(const FixedType& table, double gamma) {
  int64_t int_bits = 1;
  if (gamma != 0) int_bits = static_cast<int64_t>(std::floor(std::log2(std::fabs(gamma)))) + 2;
  auto t = FixedType::Create(std::max<int64_t>(table.width, 2), int_bits, true, QuantMode::kRndConv,
                             fixed::OverflowMode::kSat);
  LOOM_CHECK(t.ok());
  return t.value();
}

enum class Side { kSymmetric, kNegative, kNonNegative };

Side SideOf(LutFunction f) {
  switch (f) {
    case LutFunction::kElu:
    case LutFunction::kSelu:
      return Side::kNegative;
    case LutFunction::kExpNeg:
      return Side::kNonNegative;
    default:
      return Side::kSymmetric;
  }
}

}  // namespace

std::string LutFunctionName(LutFunction f) {
  switch (f) {
    case LutFunction::kSigmoid:
      return "sigmoid";
    case LutFunction::kTanh:
      return "tanh";
    case LutFunction::kSoftsign:
      return "softsign";
    case LutFunction::kSoftplus:
      return "softplus";
    case LutFunction::kElu:
      return "elu";
    case LutFunction::kSelu:
      return "selu";
    case LutFunction::kExpNeg:
      return "exp(-d)";
  }
  return "?";
}

int64_t LutRangeLog2(LutFunction f) {
  switch (f) {
    case LutFunction::kSigmoid:
    case LutFunction::kSoftplus:
    case LutFunction::kElu:
    case LutFunction::kSelu:
    case LutFunction::kExpNeg:
      return 3;
    case LutFunction::kTanh:
      return 2;
    case LutFunction::kSoftsign:
      return 5;
  }
  return 3;
}

int64_t LutWindowLog2(LutFunction f, const FixedType& table, int64_t table_size,
                      const LutParams& params) {
  int64_t e = LutRangeLog2(f);
  // Functions that approach a limit exponentially outside the window (sigmoid, tanh and exp
  // above it; softplus, elu and selu below it): widen the window while the error of clamping
  // there, bounded by `tail`, exceeds both half a table LSB and the error of the buckets (the
  // function's largest slope times a bucket's width), which grows with the window. Softsign
  // approaches its limits only as 1/x and keeps its window (documented in docs/numerics.md).
  double slope = 0;
  double tail_scale = 1;
  double tail_rate = 1;
  int64_t max_e = 6;
  switch (f) {
    case LutFunction::kSigmoid:
      slope = 0.25;
      break;
    case LutFunction::kTanh:
      slope = 1;
      tail_scale = 2;
      tail_rate = 2;
      break;
    case LutFunction::kExpNeg:
      slope = 1;
      break;
    case LutFunction::kSoftplus:
      slope = 1;
      // The table holds softplus up to the window's top: keep it inside the table type.
      max_e = std::min<int64_t>(max_e, table.int_bits - (table.is_signed ? 1 : 0));
      break;
    case LutFunction::kElu:
      slope = std::fabs(params.alpha);
      tail_scale = std::fabs(params.alpha);
      break;
    case LutFunction::kSelu:
      slope = std::fabs(params.alpha * params.gamma);
      tail_scale = slope;
      break;
    default:
      return e;
  }
  const double half_lsb = table.lsb() / 2;
  const auto n = static_cast<double>(table_size);
  while (e < max_e) {
    double r = std::ldexp(1.0, static_cast<int>(e));
    double span = SideOf(f) == Side::kSymmetric ? 2 * r : r;
    double tail = tail_scale * std::exp(-tail_rate * r);
    if (tail <= std::max(half_lsb, slope * span / n)) break;
    ++e;
  }
  return e;
}

double LutFunctionValue(LutFunction f, double x, const LutParams& params) {
  switch (f) {
    case LutFunction::kSigmoid:
      return x >= 0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x));
    case LutFunction::kTanh:
      return std::tanh(x);
    case LutFunction::kSoftsign:
      return x / (1.0 + std::fabs(x));
    case LutFunction::kSoftplus:
      return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
    case LutFunction::kElu:
      return x < 0 ? params.alpha * std::expm1(x) : x;
    case LutFunction::kSelu:
      return params.gamma * (x <= 0 ? params.alpha * std::expm1(x) : x);
    case LutFunction::kExpNeg:
      return std::exp(-x);
  }
  return 0;
}

ErrorOr<Lut> BuildLut(LutFunction f, const FixedType& input, const FixedType& table,
                      int64_t table_size, const LutParams& params) {
  auto index_bits = CheckTableSize(table_size);
  if (!index_bits.ok()) return index_bits.error();
  if (!input.is_signed && input.width == 64) {
    return Error("the input type " + input.ToString() +
                 " is a 64-bit unsigned type, which table lookups do not support; use at most 63 "
                 "bits");
  }
  if (!std::isfinite(params.alpha) || !std::isfinite(params.gamma)) {
    return Error("alpha and gamma must be finite (got alpha " + std::to_string(params.alpha) +
                 ", gamma " + std::to_string(params.gamma) + ")");
  }
  Lut lut;
  lut.function = f;
  lut.params = params;
  lut.input = input;
  lut.table = table;

  // The function's window in raw units of the input: [-2^e, 2^e) and its one-sided variants.
  using int128 = __int128;
  int64_t e = LutWindowLog2(f, table, table_size, params) + input.frac_bits();
  int128 lo;
  int128 hi;
  if (e >= 0) {
    int128 half = e >= 70 ? (int128{1} << 70) : (int128{1} << e);  // beyond any 64-bit type
    Side side = SideOf(f);
    lo = side == Side::kNonNegative ? 0 : -half;
    hi = side == Side::kNegative ? -1 : half - 1;
  } else {
    // The input's LSB is wider than the window: one entry each for -1, 0 and 1 LSB, so that
    // inputs beyond still clamp to values at the function's limits.
    Side side = SideOf(f);
    lo = side == Side::kNonNegative ? 0 : -1;
    hi = side == Side::kNegative ? -1 : 1;
  }
  lo = std::max<int128>(lo, input.min_raw());
  hi = std::min<int128>(hi, input.max_raw());
  switch (f) {
    case LutFunction::kSoftplus:
    case LutFunction::kElu:
      lut.upper = LutUpper::kIdentity;
      break;
    case LutFunction::kSelu:
      lut.upper = LutUpper::kScale;
      lut.scale_type = ScaleType(table, params.gamma);
      lut.scale_raw = fixed::FromDouble(params.gamma, lut.scale_type);
      break;
    default:
      lut.upper = LutUpper::kClamp;
      break;
  }
  if (hi < lo) {
    // No input of this type falls in the window (elu/selu of an unsigned input).
    lut.lo_raw = static_cast<int64_t>(lo);
    lut.hi_raw = lut.lo_raw - 1;
    return lut;
  }
  lut.lo_raw = static_cast<int64_t>(lo);
  lut.hi_raw = static_cast<int64_t>(hi);
  int128 span = hi - lo;
  int64_t shift = 0;
  while ((span >> shift) + 1 > table_size) ++shift;
  lut.shift = shift;
  int64_t n = static_cast<int64_t>(span >> shift) + 1;
  FixedType entry_type = EntryType(table);
  lut.entries.resize(n);
  for (int64_t i = 0; i < n; ++i) {
    // The centre of the representable inputs of bucket i.
    int128 first = lo + (static_cast<int128>(i) << shift);
    int128 last = std::min<int128>(first + (int128{1} << shift) - 1, hi);
    double centre = (static_cast<double>(first) + static_cast<double>(last)) / 2;
    double x = std::ldexp(centre, -static_cast<int>(input.frac_bits()));
    lut.entries[i] = fixed::FromDouble(LutFunctionValue(f, x, params), entry_type);
  }
  return lut;
}

ErrorOr<ReciprocalLut> BuildReciprocalLut(const FixedType& table, int64_t table_size) {
  auto index_bits = CheckTableSize(table_size);
  if (!index_bits.ok()) return index_bits.error();
  ReciprocalLut lut;
  lut.table = table;
  lut.index_bits = index_bits.value();
  FixedType entry_type = EntryType(table);
  lut.entries.resize(table_size);
  for (int64_t i = 0; i < table_size; ++i) {
    double m = 1.0 + (static_cast<double>(i) + 0.5) / static_cast<double>(table_size);
    lut.entries[i] = fixed::FromDouble(1.0 / m, entry_type);
  }
  return lut;
}

FixedType SoftmaxDiffType(const FixedType& input) {
  LOOM_CHECK(input.width <= 63);
  auto t = FixedType::Create(input.width, input.int_bits, false);
  LOOM_CHECK(t.ok());
  return t.value();
}

FixedType DefaultLutTableType(LutFunction f, const LutParams& params) {
  // The function is monotone on its window: its extremes are at the window's ends.
  double r = std::ldexp(1.0, static_cast<int>(LutRangeLog2(f)));
  double a = SideOf(f) == Side::kNonNegative ? 0 : -r;
  double b = SideOf(f) == Side::kNegative ? 0 : r;
  double fa = LutFunctionValue(f, a, params);
  double fb = LutFunctionValue(f, b, params);
  double lo = std::min(fa, fb);
  double hi = std::max(fa, fb);
  constexpr int64_t kWidth = 18;
  // Smallest I with 2^I > v (v > 0).
  auto bits_above = [](double v) { return static_cast<int64_t>(std::floor(std::log2(v))) + 1; };
  int64_t int_bits;
  bool is_signed = lo < 0;
  if (!is_signed) {
    int_bits = hi > 0 ? bits_above(hi) : 0;
  } else {
    int64_t neg = static_cast<int64_t>(std::ceil(std::log2(-lo)));
    int64_t pos = hi > 0 ? bits_above(hi) : neg;
    int_bits = 1 + std::max(neg, pos);
  }
  auto t = FixedType::Create(kWidth, int_bits, is_signed);
  LOOM_CHECK(t.ok());
  return t.value();
}

FixedType DefaultReciprocalTableType() { return FixedType::Unsigned(18, 0); }

std::optional<LutFunction> LutFunctionOf(ir::OpKind op) {
  switch (op) {
    case ir::OpKind::kSigmoid:
      return LutFunction::kSigmoid;
    case ir::OpKind::kTanh:
      return LutFunction::kTanh;
    case ir::OpKind::kSoftsign:
      return LutFunction::kSoftsign;
    case ir::OpKind::kSoftplus:
      return LutFunction::kSoftplus;
    case ir::OpKind::kElu:
      return LutFunction::kElu;
    case ir::OpKind::kSelu:
      return LutFunction::kSelu;
    default:
      return std::nullopt;
  }
}

LutParams LutParamsOf(const ir::Node& node) {
  LutParams p;
  if (ir::FindAttr(node.op, "alpha")) p.alpha = static_cast<float>(ir::FloatAttr(node, "alpha"));
  if (ir::FindAttr(node.op, "gamma")) p.gamma = static_cast<float>(ir::FloatAttr(node, "gamma"));
  return p;
}

// ---------------------------------------------------------------------------------------------
// The family.

ErrorOr<SoftmaxAxes> SoftmaxGeometry(const ir::Node& node) {
  if (node.inputs.size() != 1 || node.outputs.size() != 1) {
    return NodeError(node, "softmax takes one input and gives one output");
  }
  const ir::Shape& shape = node.inputs[0]->shape;
  int64_t rank = static_cast<int64_t>(shape.size());
  if (rank == 0) return NodeError(node, "softmax needs an input of rank 1 or more");
  int64_t axis = node.attrs.GetInt("axis", -1);
  int64_t a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) {
    return NodeError(node, "softmax axis " + std::to_string(axis) + " is out of range for an " +
                               "input of shape " + ir::ShapeToString(shape));
  }
  SoftmaxAxes g;
  for (int64_t d = 0; d < a; ++d) g.outer *= shape[d];
  g.n = shape[a];
  for (int64_t d = a + 1; d < rank; ++d) g.inner *= shape[d];
  return g;
}

namespace {

ErrorOr<FixedType> NodeType(const ir::Node& node, const std::string& key) {
  auto it = node.types.find(key);
  if (it == node.types.end()) {
    return NodeError(node, "the '" + key +
                               "' type is not set; give it in the configuration's precision "
                               "for this layer or leave it 'auto'");
  }
  return it->second;
}

// The smallest type holding [lo, hi] with `frac` fraction bits.
ErrorOr<FixedType> RangeType(double lo, double hi, int64_t frac, const ir::Node& node) {
  double lo_raw = std::floor(std::ldexp(lo, static_cast<int>(frac)));
  double hi_raw = std::ceil(std::ldexp(hi, static_cast<int>(frac)));
  constexpr double kLimit = 9.2e18;
  if (!(std::fabs(lo_raw) < kLimit && std::fabs(hi_raw) < kLimit)) {
    return NodeError(node,
                     "the result needs more than 64 bits; give this layer a result "
                     "precision in the configuration");
  }
  return TypeForRange(static_cast<int64_t>(lo_raw), static_cast<int64_t>(hi_raw), frac, node);
}

std::vector<TypeKey> LutTypeKeys(const ir::Node& node) {
  if (node.op == ir::OpKind::kSoftmax) return {{"exp_table", ""}, {"inv_table", ""}, {"accum", ""}};
  return {{"table", ""}};
}

ErrorOr<FixedType> LutAutoNodeType(const ir::Node& node, const std::string& key,
                                   const std::vector<FixedType>& inputs) {
  (void)inputs;
  if (node.op == ir::OpKind::kSoftmax) {
    if (key == "exp_table") return DefaultLutTableType(LutFunction::kExpNeg);
    if (key == "inv_table") return DefaultReciprocalTableType();
    if (key == "accum") {
      auto g = SoftmaxGeometry(node);
      if (!g.ok()) return g.error();
      auto it = node.types.find("exp_table");
      FixedType exp =
          it != node.types.end() ? it->second : DefaultLutTableType(LutFunction::kExpNeg);
      // Entries are never negative; n of them at most n * max.
      __int128 max_sum = static_cast<__int128>(g.value().n) * exp.max_raw();
      if (max_sum > INT64_MAX) {
        return NodeError(node, "the sum of " + std::to_string(g.value().n) +
                                   " exponentials needs more than 64 bits; give 'accum' a "
                                   "precision in the configuration");
      }
      return TypeForRange(0, static_cast<int64_t>(max_sum), exp.frac_bits(), node);
    }
  } else if (key == "table") {
    auto f = LutFunctionOf(node.op);
    if (f) return DefaultLutTableType(*f, LutParamsOf(node));
  }
  return NodeError(node, "the LUT family has no type '" + key + "' for this op");
}

ErrorOr<std::vector<FixedType>> LutAutoResult(const ir::Node& node,
                                              const std::vector<FixedType>& inputs) {
  if (node.op == ir::OpKind::kSoftmax) return std::vector<FixedType>{FixedType::Unsigned(18, 1)};
  auto f = LutFunctionOf(node.op);
  if (!f) return NodeError(node, "the LUT family has no kernel for this op");
  auto table = NodeType(node, "table");
  if (!table.ok()) return table.error();
  const FixedType& t = table.value();
  if (inputs.size() != 1) return NodeError(node, "expected one input");
  const FixedType& in = inputs[0];
  LutParams params = LutParamsOf(node);
  double lo = t.min_value();
  double hi = t.max_value();
  switch (*f) {
    case LutFunction::kSoftplus:
    case LutFunction::kElu:
      // The identity path gives the input's values at and above the window's top.
      lo = std::min(lo, 0.0);
      hi = std::max(hi, in.max_value());
      break;
    case LutFunction::kSelu: {
      FixedType scale = ScaleType(t, params.gamma);
      double g = fixed::ToDouble(fixed::FromDouble(params.gamma, scale), scale);
      lo = std::min({lo, 0.0, g * in.max_value()});
      hi = std::max({hi, 0.0, g * in.max_value()});
      break;
    }
    default:
      return std::vector<FixedType>{t};
  }
  auto r = RangeType(lo, hi, std::max(t.frac_bits(), in.frac_bits()), node);
  if (!r.ok()) return r.error();
  return std::vector<FixedType>{r.value()};
}

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
          int64_t sum = fixed::Accumulate(acc_values.data(), axes_.n, acc_);
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
  auto table = NodeType(node, "table");
  if (!table.ok()) return table.error();
  auto lut = BuildLut(*f, ctx.inputs[0], table.value(), ctx.table_size, LutParamsOf(node));
  if (!lut.ok()) return NodeError(node, lut.error().message());
  return std::unique_ptr<Kernel>(new ElementKernel(std::move(lut).value(), ctx.outputs[0],
                                                   ir::NumElements(node.inputs[0]->shape)));
}

}  // namespace

ErrorOr<SoftmaxPlan> SoftmaxPlanOf(const ir::Node& node, const FixedType& in, int64_t table_size) {
  auto axes = SoftmaxGeometry(node);
  if (!axes.ok()) return axes.error();
  if (in.width > 63) {
    return NodeError(node, "softmax input type " + in.ToString() +
                               " is 64 bits wide; softmax supports inputs of at most 63 bits");
  }
  if (node.outputs[0]->shape != node.inputs[0]->shape) {
    return NodeError(node, "softmax output shape " + ir::ShapeToString(node.outputs[0]->shape) +
                               " differs from its input shape " +
                               ir::ShapeToString(node.inputs[0]->shape));
  }
  auto exp_t = NodeType(node, "exp_table");
  if (!exp_t.ok()) return exp_t.error();
  auto inv_t = NodeType(node, "inv_table");
  if (!inv_t.ok()) return inv_t.error();
  auto acc_t = NodeType(node, "accum");
  if (!acc_t.ok()) return acc_t.error();
  if (!acc_t.value().is_signed && acc_t.value().width == 64) {
    return NodeError(node, "the accum type " + acc_t.value().ToString() +
                               " is a 64-bit unsigned type; use at most 63 bits");
  }
  auto exp = BuildLut(LutFunction::kExpNeg, SoftmaxDiffType(in), exp_t.value(), table_size);
  if (!exp.ok()) return NodeError(node, exp.error().message());
  auto inv = BuildReciprocalLut(inv_t.value(), table_size);
  if (!inv.ok()) return NodeError(node, inv.error().message());
  return SoftmaxPlan{axes.value(), std::move(exp).value(), std::move(inv).value(), acc_t.value()};
}

const Family kLutFamily = {LutTypeKeys, LutAutoNodeType, LutAutoResult, LutMake};

}  // namespace loom::sim
