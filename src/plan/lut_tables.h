// Lookup tables of the LUT op family, shared by the emulator and the HLS backend (same entries).
//
// A table covers a window [lo_raw, hi_raw] of an input type's raw integers. An input raw maps to
// an index by integer arithmetic only: clamp to the window, subtract lo_raw, shift right by
// `shift`. lo_raw is a multiple of 2^shift, so the index is also (raw >> shift) - (lo_raw >>
// shift): the input's top bits plus a constant. Each entry is the function at the centre of the
// inputs of its bucket (exactly at the input when shift is 0), rounded to nearest-even into the
// table type and saturated. The function ranges and their reasons are in docs/numerics.md ("Lookup
// tables").
#ifndef LOOM_PLAN_LUT_TABLES_H_
#define LOOM_PLAN_LUT_TABLES_H_

#include <bit>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loom/fixed/fixed_type.h"
#include "loom/ir/graph.h"
#include "loom/support/error.h"

namespace loom::plan {

// The functions loom evaluates by table.
enum class LutFunction : uint8_t {
  kSigmoid,   // 1 / (1 + exp(-x)),       window [-8, 8), clamped on both sides
  kTanh,      // tanh(x),                 window [-4, 4), clamped on both sides
  kSoftsign,  // x / (1 + |x|),           window [-32, 32), clamped on both sides
  kSoftplus,  // log(1 + exp(x)),         window [-8, 8), clamped below, identity above
  kElu,       // alpha * (exp(x) - 1),    window [-8, 0), clamped below, identity for x >= 0
  kSelu,      // gamma*alpha*(exp(x)-1),  window [-8, 0), clamped below, x * gamma for x >= 0
  kExpNeg,    // exp(-d) for softmax,     window [0, 8),  clamped above
  kExp,       // exp(x),                  window [-8, 8), clamped on both sides
  kErf,       // erf(x),                  window [-4, 4), clamped on both sides
  kGelu,      // x * Phi(x) (or its tanh form), window [-8, 8), clamped below, identity above
  // Log-domain tables (no window: indexed by the input's exponent and mantissa, see Lut).
  kLog,   // log(x)
  kSqrt,  // sqrt(x)
  kPow,   // x^exponent (a constant that is not a whole number)
};
// Whether `f` is tabulated in the log domain.
inline bool IsLogDomain(LutFunction f) {
  return f == LutFunction::kLog || f == LutFunction::kSqrt || f == LutFunction::kPow;
}

std::string LutFunctionName(LutFunction f);
// The function an op evaluates by table (nullopt for softmax and non-LUT ops).
std::optional<LutFunction> LutFunctionOf(ir::OpKind op);

// Attributes of the function (elu: alpha; selu: alpha and gamma; gelu: its approximation). Values
// as the float engine reads them (the ONNX float attribute, widened to double).
struct LutParams {
  double alpha = 1.0;
  double gamma = 1.0;
  bool tanh_approximation = false;  // gelu: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
  double exponent = 1.0;            // pow
};
// The node's alpha and gamma as the float engine reads them (ONNX float attributes and defaults).
LutParams LutParamsOf(const ir::Node& node);

// The exact function in double.
double LutFunctionValue(LutFunction f, double x, const LutParams& params);

// What inputs above the window give.
enum class LutUpper : uint8_t {
  kClamp,     // the last entry (counted as clipped)
  kIdentity,  // the input itself, cast to the result type
  kScale,     // the exact product input * scale (scale_raw of scale_type), cast to the result type
};

// A table over a window of `input`'s raw values. Inputs below lo_raw always take entry 0 (and are
// counted as clipped). The window may be empty (hi_raw < lo_raw, no entries) when the input type
// has no value in the function's window, e.g. elu of an unsigned input: then every input takes
// the upper path.
struct Lut {
  LutFunction function = LutFunction::kSigmoid;
  LutParams params;
  fixed::FixedType input;  // the type whose raw values index the table
  fixed::FixedType table;  // the entries' type (entries are exact raw values of it)
  int64_t lo_raw = 0;      // first raw value in the window
  int64_t hi_raw = -1;     // last raw value in the window (inclusive)
  int64_t shift = 0;       // index = (raw - lo_raw) >> shift inside the window
  std::vector<int64_t> entries;
  LutUpper upper = LutUpper::kClamp;
  fixed::FixedType scale_type;  // kScale only
  int64_t scale_raw = 0;        // kScale only

  // Log-domain tables (IsLogDomain): no window and no upper path. A positive raw r = 2^p (1 + f)
  // (p the position of its leading one) takes entry 2 + p * 2^k + m, m the k = mantissa_bits bits
  // after the leading one (zeros below the last bit when p < k); entry 0 is for r = 0 and entry 1
  // for r < 0 (the function is not real there: counted as clipped). Each entry is the function at
  // the centre of the raws of its bucket; so the table's relative step is 2^-k over the whole
  // input range, with no multiplier and no divider. zero_clipped: r = 0 is counted as clipped too
  // (log(0) and negative powers of 0, which saturate to the table type's ends).
  bool log_domain = false;
  int64_t mantissa_bits = 0;
  bool zero_clipped = false;

  int64_t size() const { return static_cast<int64_t>(entries.size()); }
  bool empty() const { return entries.empty(); }
  // Whether every input in the window has its own entry (the table is exact per input).
  bool exact() const { return shift == 0; }
};

// The window of `f`: [-2^range_log2, 2^range_log2) for the symmetric functions, [-2^r, 0) for
// elu/selu, [0, 2^r) for kExpNeg.
int64_t LutRangeLog2(LutFunction f);
// The window actually used by BuildLut: LutRangeLog2 widened, for functions that approach a
// limit exponentially (sigmoid, tanh, exp(-d), erf, and softplus/elu/selu/gelu below zero), until
// clamping beyond it costs no more than the table's own error (half a table LSB, or the largest
// slope times a bucket), up to [-64, 64) (softplus and gelu: while their values fit the table
// type). exp(x) keeps [-8, 8).
int64_t LutWindowLog2(LutFunction f, const fixed::FixedType& table, int64_t table_size,
                      const LutParams& params);

// Builds the table of `f` for inputs of type `input` with at most `table_size` entries
// (a power of two, 1..2^24) of type `table`. The window is the function's window intersected with
// the input type's range, in raw units; when the input's LSB is wider than the function's window
// (2^r < lsb), the window is the raws -1, 0, 1 so that inputs beyond it still clamp to values
// near the function's limits. shift is the smallest that gives at most table_size buckets.
// Errors: table_size not a power of two or out of bounds, a 64-bit unsigned input, non-finite
// alpha/gamma.
ErrorOr<Lut> BuildLut(LutFunction f, const fixed::FixedType& input, const fixed::FixedType& table,
                      int64_t table_size, const LutParams& params = {});

// The table index of a raw input (inside or outside the window); *clipped is set when the input
// was outside the window. Only for inputs at or below hi_raw when upper != kClamp. The table must
// not be empty.
inline int64_t LutIndex(const Lut& lut, int64_t raw, bool* clipped) {
  if (lut.log_domain) {
    if (raw <= 0) {
      *clipped = raw < 0 || lut.zero_clipped;
      return raw < 0 ? 1 : 0;
    }
    *clipped = false;
    const int64_t k = lut.mantissa_bits;
    const auto u = static_cast<uint64_t>(raw);
    const int64_t p = std::bit_width(u) - 1;
    // 2^k + m: the leading one and the k bits after it.
    const uint64_t top = p >= k ? u >> (p - k) : u << (k - p);
    return 2 + (p << k) + static_cast<int64_t>(top - (uint64_t{1} << k));
  }
  if (raw < lut.lo_raw) {
    *clipped = true;
    return 0;
  }
  if (raw > lut.hi_raw) {
    *clipped = true;
    return lut.size() - 1;
  }
  *clipped = false;
  // Unsigned: the window may span 2^64 raw units of a 64-bit signed input.
  return static_cast<int64_t>((static_cast<uint64_t>(raw) - static_cast<uint64_t>(lut.lo_raw)) >>
                              lut.shift);
}

// The reciprocal table of softmax: 1/m for the mantissa m in [1, 2) of a positive sum. The sum's
// raw value S (of any type, S > 0) is split as S = m * 2^p with p = the position of its leading
// one; the index is the log2(table_size) bits after the leading one, and entry i is
// 1 / (1 + (i + 1/2) / table_size) (the centre of the bucket), rounded to nearest-even into
// `table` and saturated. 1/S = entry * 2^(-p) in raw units of the sum's type.
struct ReciprocalLut {
  fixed::FixedType table;
  int64_t index_bits = 0;  // log2(table_size)
  std::vector<int64_t> entries;
};

ErrorOr<ReciprocalLut> BuildReciprocalLut(const fixed::FixedType& table, int64_t table_size);

// The index and exponent p of a positive raw sum (see ReciprocalLut).
struct ReciprocalIndex {
  int64_t index = 0;
  int64_t exponent = 0;
};
inline ReciprocalIndex ReciprocalLutIndex(const ReciprocalLut& lut, uint64_t sum_raw) {
  int64_t p = std::bit_width(sum_raw) - 1;
  uint64_t rest = sum_raw - (uint64_t{1} << p);
  int64_t index = p >= lut.index_bits ? static_cast<int64_t>(rest >> (p - lut.index_bits))
                                      : static_cast<int64_t>(rest << (lut.index_bits - p));
  return {index, p};
}

// The type of softmax's difference d = max - x for inputs of type `input`: the input's width and
// fraction bits, unsigned (d is in [0, max_raw - min_raw]). Inputs must be at most 63 bits wide.
fixed::FixedType SoftmaxDiffType(const fixed::FixedType& input);

// Default table types (auto): 18 bits, integer bits just enough for the function's values over
// its window (sigmoid ufixed<18,0>, tanh/softsign/erf/elu(alpha=1) fixed<18,1>, softplus
// ufixed<18,4>, selu fixed<18,2>, gelu fixed<18,4>, exp(-d) ufixed<18,1>, exp(x) ufixed<18,12>,
// reciprocal ufixed<18,0>).
// Softmax's axis splits its input into outer x n x inner elements (the axis in the middle).
struct SoftmaxAxes {
  int64_t outer = 1;
  int64_t n = 1;
  int64_t inner = 1;
};
ErrorOr<SoftmaxAxes> SoftmaxGeometry(const ir::Node& node);

// Everything softmax is built from (the emulator's kernel and the HLS emitter): its axes, the
// exp table over the differences max - x, the reciprocal table and the accumulator type, checked
// (inputs of at most 63 bits, an accumulator that is not 64-bit unsigned).
struct SoftmaxPlan {
  SoftmaxAxes axes;
  Lut exp;
  ReciprocalLut inv;
  fixed::FixedType accum;
};
ErrorOr<SoftmaxPlan> SoftmaxPlanOf(const ir::Node& node, const fixed::FixedType& input,
                                   int64_t table_size);

// The type of selu's gamma constant: the table's width, integer bits for |gamma| (round to
// nearest even, saturate).
fixed::FixedType ScaleType(const fixed::FixedType& table, double gamma);

fixed::FixedType DefaultLutTableType(LutFunction f, const LutParams& params = {});
// Log-domain functions: 18 bits, integer bits for the function's values over the input type's
// positive values (and 0), e.g. log of fixed<16,6> -> fixed<18,4>, sqrt -> ufixed<18,3>.
fixed::FixedType DefaultLogDomainTableType(LutFunction f, const fixed::FixedType& input,
                                           const LutParams& params);
fixed::FixedType DefaultReciprocalTableType();

}  // namespace loom::plan

#endif  // LOOM_PLAN_LUT_TABLES_H_
