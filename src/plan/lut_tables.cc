// Lookup tables of the LUT op family and softmax's plan (lut_tables.h).
#include "plan/lut_tables.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "loom/fixed/fixed_value.h"
#include "plan/plan.h"

namespace loom::plan {

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

FixedType ScaleType(const FixedType& table, double gamma) {
  int64_t int_bits = 1;
  if (gamma != 0) int_bits = static_cast<int64_t>(std::floor(std::log2(std::fabs(gamma)))) + 2;
  auto t = FixedType::Create(std::max<int64_t>(table.width, 2), int_bits, true, QuantMode::kRndConv,
                             fixed::OverflowMode::kSat);
  LOOM_CHECK(t.ok());
  return t.value();
}

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
    case LutFunction::kExp:
      return "exp";
    case LutFunction::kErf:
      return "erf";
    case LutFunction::kGelu:
      return "gelu";
    case LutFunction::kLog:
      return "log";
    case LutFunction::kSqrt:
      return "sqrt";
    case LutFunction::kPow:
      return "pow";
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
    case LutFunction::kExp:
    case LutFunction::kGelu:
      return 3;
    case LutFunction::kTanh:
    case LutFunction::kErf:
      return 2;
    case LutFunction::kSoftsign:
      return 5;
    case LutFunction::kLog:
    case LutFunction::kSqrt:
    case LutFunction::kPow:
      return 0;  // no window (log-domain tables)
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
  // The error of clamping beyond r, when it is not tail_scale * exp(-tail_rate * r).
  double (*tail_of)(double r) = nullptr;
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
    case LutFunction::kErf:
      slope = 2 / std::sqrt(std::acos(-1.0));  // erf'(0)
      tail_of = [](double r) { return std::erfc(r); };
      break;
    case LutFunction::kGelu:
      // Below the window gelu is clamped to its first entry (near 0), above it the identity; both
      // are off by at most r * Phi(-r). The table holds gelu up to the window's top.
      slope = 1.13;  // the largest slope of x * Phi(x) (at x = sqrt(2)), rounded up
      max_e = std::min<int64_t>(max_e, table.int_bits - (table.is_signed ? 1 : 0));
      tail_of = [](double r) { return r * 0.5 * std::erfc(r / std::sqrt(2.0)); };
      break;
    default:
      return e;
  }
  const double half_lsb = table.lsb() / 2;
  const auto n = static_cast<double>(table_size);
  while (e < max_e) {
    double r = std::ldexp(1.0, static_cast<int>(e));
    double span = SideOf(f) == Side::kSymmetric ? 2 * r : r;
    double tail = tail_of ? tail_of(r) : tail_scale * std::exp(-tail_rate * r);
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
    case LutFunction::kExp:
      return std::exp(x);
    case LutFunction::kErf:
      return std::erf(x);
    case LutFunction::kGelu:
      if (params.tanh_approximation) {
        const double k = std::sqrt(2 / std::acos(-1.0));
        return 0.5 * x * (1 + std::tanh(k * (x + 0.044715 * x * x * x)));
      }
      return 0.5 * x * std::erfc(-x / std::sqrt(2.0));
    case LutFunction::kLog:
      return std::log(x);
    case LutFunction::kSqrt:
      return std::sqrt(x);
    case LutFunction::kPow:
      return std::pow(x, params.exponent);
  }
  return 0;
}

namespace {

// Positive leading-one positions of a type's raws: 0 .. width - 1 (unsigned) or width - 2.
int64_t PositivePositions(const FixedType& input) {
  return input.width - (input.is_signed ? 1 : 0);
}

ErrorOr<Lut> BuildLogDomainLut(LutFunction f, const FixedType& input, const FixedType& table,
                               int64_t table_size, const LutParams& params) {
  const int64_t positions = PositivePositions(input);
  if (positions < 1 || input.width > 63) {
    return Error("the input type " + input.ToString() +
                 " has no positive values or more than 63 bits; " + LutFunctionName(f) +
                 " tables need 1 to 63 bits with positive values");
  }
  if (table_size < 2 + positions) {
    return Error("table_size " + std::to_string(table_size) + " is too small for " +
                 LutFunctionName(f) + " of " + input.ToString() + ", which needs at least " +
                 std::to_string(2 + positions) + " entries (one per leading-one position and two " +
                 "for x <= 0); use a larger power of two");
  }
  if (f == LutFunction::kPow && !std::isfinite(params.exponent)) {
    return Error("the exponent must be finite");
  }
  Lut lut;
  lut.function = f;
  lut.params = params;
  lut.input = input;
  lut.table = table;
  lut.log_domain = true;
  lut.lo_raw = input.min_raw();
  lut.hi_raw = input.max_raw();
  // The most mantissa bits that fit, and no more than the widest position has below it.
  int64_t k = 0;
  while (k + 1 <= positions - 1 && 2 + (positions << (k + 1)) <= table_size) ++k;
  lut.mantissa_bits = k;
  FixedType entry_type = EntryType(table);
  const int64_t min_entry = table.min_raw();
  const int64_t max_entry = table.max_raw();
  // x = 0 and x < 0.
  double at_zero = LutFunctionValue(f, 0.0, params);
  lut.zero_clipped = !std::isfinite(at_zero);
  int64_t zero_entry = std::isnan(at_zero)    ? 0
                       : at_zero == -INFINITY ? min_entry
                       : at_zero == INFINITY  ? max_entry
                                              : fixed::FromDouble(at_zero, entry_type);
  int64_t negative_entry = f == LutFunction::kLog ? min_entry : 0;
  lut.entries.assign(static_cast<size_t>(2 + (positions << k)), 0);
  lut.entries[0] = zero_entry;
  lut.entries[1] = negative_entry;
  const double lsb = std::ldexp(1.0, -static_cast<int>(input.frac_bits()));
  for (int64_t p = 0; p < positions; ++p) {
    for (int64_t m = 0; m < (int64_t{1} << k); ++m) {
      // The raws with this leading one and these k bits: [first, last].
      const uint64_t top = (uint64_t{1} << k) + static_cast<uint64_t>(m);
      uint64_t first;
      uint64_t last;
      if (p >= k) {
        first = top << (p - k);
        last = first + (uint64_t{1} << (p - k)) - 1;
      } else {
        first = last = top >> (k - p);  // bits below the last one are never set
      }
      double centre = (static_cast<double>(first) + static_cast<double>(last)) / 2 * lsb;
      lut.entries[2 + (p << k) + m] =
          fixed::FromDouble(LutFunctionValue(f, centre, params), entry_type);
    }
  }
  return lut;
}

}  // namespace

FixedType DefaultLogDomainTableType(LutFunction f, const FixedType& input,
                                    const LutParams& params) {
  double lo = 0;
  double hi = 0;
  if (PositivePositions(input) >= 1) {
    double a = LutFunctionValue(f, input.lsb(), params);
    double b = LutFunctionValue(f, input.max_value(), params);
    lo = std::min(a, b);
    hi = std::max(a, b);
  }
  if (f != LutFunction::kLog) lo = std::min(lo, 0.0);  // x = 0 gives 0 (sqrt, positive powers)
  constexpr int64_t kWidth = 18;
  auto bits_above = [](double v) {  // smallest I with 2^I > v, v > 0
    int e = 0;
    std::frexp(v, &e);
    return static_cast<int64_t>(e);
  };
  bool is_signed = lo < 0;
  int64_t pos = hi > 0 ? bits_above(hi) : 0;
  int64_t int_bits = pos;
  if (is_signed) {
    int64_t neg = static_cast<int64_t>(std::ceil(std::log2(-lo)));
    int_bits = 1 + std::max(neg, pos);
  }
  int_bits = std::clamp<int64_t>(int_bits, -kWidth + 1, kWidth + 46);
  auto t = FixedType::Create(kWidth, int_bits, is_signed);
  LOOM_CHECK(t.ok());
  return t.value();
}

ErrorOr<Lut> BuildLut(LutFunction f, const FixedType& input, const FixedType& table,
                      int64_t table_size, const LutParams& params) {
  auto index_bits = CheckTableSize(table_size);
  if (!index_bits.ok()) return index_bits.error();
  if (IsLogDomain(f)) return BuildLogDomainLut(f, input, table, table_size, params);
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
    case LutFunction::kGelu:
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
  // The function is monotone on its window: its extremes are at the window's ends...
  double r = std::ldexp(1.0, static_cast<int>(LutRangeLog2(f)));
  double a = SideOf(f) == Side::kNonNegative ? 0 : -r;
  double b = SideOf(f) == Side::kNegative ? 0 : r;
  double fa = LutFunctionValue(f, a, params);
  double fb = LutFunctionValue(f, b, params);
  double lo = std::min(fa, fb);
  double hi = std::max(fa, fb);
  // Except gelu: its values over [-r, r) lie in [-0.17, r) (minimum -0.16997 at x = -0.7518),
  // whichever form (the tanh form rounds to exactly r at r in double).
  if (f == LutFunction::kGelu) {
    lo = -0.17;
    hi = std::nextafter(r, 0.0);
  }
  constexpr int64_t kWidth = 18;
  // Smallest I with 2^I > v (v > 0).
  auto bits_above = [](double v) {
    int e = 0;
    std::frexp(v, &e);  // v = m * 2^e, m in [1/2, 1): 2^(e-1) <= v < 2^e
    return static_cast<int64_t>(e);
  };
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
    case ir::OpKind::kExp:
      return LutFunction::kExp;
    case ir::OpKind::kErf:
      return LutFunction::kErf;
    case ir::OpKind::kGelu:
      return LutFunction::kGelu;
    case ir::OpKind::kLog:
      return LutFunction::kLog;
    case ir::OpKind::kSqrt:
      return LutFunction::kSqrt;
    case ir::OpKind::kPow:
      return LutFunction::kPow;
    default:
      return std::nullopt;
  }
}

LutParams LutParamsOf(const ir::Node& node) {
  LutParams p;
  if (ir::FindAttr(node.op, "alpha")) p.alpha = static_cast<float>(ir::FloatAttr(node, "alpha"));
  if (ir::FindAttr(node.op, "gamma")) p.gamma = static_cast<float>(ir::FloatAttr(node, "gamma"));
  if (ir::FindAttr(node.op, "exponent")) p.exponent = ir::FloatAttr(node, "exponent");
  if (ir::FindAttr(node.op, "approximate")) {
    p.tanh_approximation = ir::StringAttr(node, "approximate") == "tanh";
  }
  return p;
}

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

ErrorOr<FixedType> SetNodeType(const ir::Node& node, const std::string& key) {
  auto it = node.types.find(key);
  if (it == node.types.end()) {
    return NodeError(node, "the '" + key +
                               "' type is not set; give it in the configuration's precision "
                               "for this layer or leave it 'auto'");
  }
  return it->second;
}

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
  auto exp_t = SetNodeType(node, "exp_table");
  if (!exp_t.ok()) return exp_t.error();
  auto inv_t = SetNodeType(node, "inv_table");
  if (!inv_t.ok()) return inv_t.error();
  auto acc_t = SetNodeType(node, "accum");
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

}  // namespace loom::plan
