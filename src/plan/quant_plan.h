// The quantizers' integer arithmetic (QONNX Quant, BipolarQuant, Trunc, ONNX QuantizeLinear,
// DequantizeLinear), shared by the emulator and the HLS backend: each element's scale split into
// an odd mantissa and a power of two, zero point, clamp bounds, and y_int computed exactly from
// the input's raw bits (integer division with remainder, no floating point).
#ifndef LOOM_PLAN_QUANT_PLAN_H_
#define LOOM_PLAN_QUANT_PLAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loom/fixed/fixed_type.h"
#include "loom/ir/graph.h"
#include "loom/support/error.h"

namespace loom::plan {

using int128 = __int128;

enum class Rounding { kHalfEven, kCeil, kFloor, kToZero };

// num / den (den > 0) rounded as `mode` says.
int128 RoundDiv(int128 num, int128 den, Rounding mode);

// A float as m * 2^e with m odd (or zero).
struct Dyadic {
  int64_t m = 0;
  int64_t e = 0;
};
Dyadic Split(double v);

// One element's parameters: y_int = Y(x) (x / scale = (x_raw << s1) / (scale.m << s2), rounded,
// with the zero point and clamp), then y = y_int * out_scale; `shl` aligns y_int to the exact
// result's fraction bits when every scale is a power of two; `out_value` is the scale as a float.
struct QuantElem {
  Dyadic scale;
  int64_t s1 = 0, s2 = 0;
  int64_t zero = 0;
  int64_t lo = 0, hi = 0;
  int64_t trunc_bits = 0;
  Dyadic out_scale;
  int64_t shl = 0;
  float out_value = 1;
  // FloatQuant: y_int counts steps of 2^emin (x / scale = num / den is already divided by
  // 2^emin); a value of magnitude 2^(emin + j + man_bits) or more (j < levels) is rounded to a
  // multiple of 2^j, and lo/hi are -/+ the largest value in steps.
  int64_t man_bits = 0;
  int64_t levels = 0;
};

enum class QuantKind {
  kQuant,
  kQuantBipolar,
  kBipolarQuant,
  kTrunc,
  kQuantizeLinear,
  kDequantize,
  kFloatQuant
};

struct QuantPlan {
  QuantKind kind = QuantKind::kQuant;
  Rounding rounding = Rounding::kHalfEven;
  // One QuantElem per element of the tensor, or a single one standing for all `numel` elements
  // when every parameter (scale, zero point, bit widths) is the same for all (a 256x256x16
  // tensor's per-element copies took 126 MB per quantizer).
  std::vector<QuantElem> elems;
  int64_t numel = 0;
  const QuantElem& elem(int64_t e) const { return elems.size() == 1 ? elems[0] : elems[e]; }
  int64_t y_frac = 0;    // fraction bits of y_int (the input's for DequantizeLinear, -emin for
                         // FloatQuant, else 0)
  bool pow2 = true;      // every output scale is a power of two
  int64_t out_frac = 0;  // pow2: fraction bits of the exact result
};

// The plan of a quantizer node for an input of type `in`; errors name the node.
ErrorOr<QuantPlan> MakeQuantPlan(const ir::Node& node, const fixed::FixedType& in);
// y_int of element `p` for input raw x; `in_frac` is the input's fraction bits for
// DequantizeLinear, else 0.
int128 QuantY(const QuantPlan& plan, int64_t x, const QuantElem& p, int64_t in_frac);

// Whether the quantizer divides by the scale's odd mantissa (Quant, QuantizeLinear, Trunc,
// FloatQuant with a mantissa other than 1).
bool QuantDivides(const QuantPlan& plan, const QuantElem& p);

// floor(q / m) for an odd m > 1 and every |q| < 2^bits without a divider (Granlund and Montgomery,
// "Division by invariant integers using multiplication", 1994, the round-up method):
//   floor(q / m) = (((q + k * m) * magic) >> shift) - k,
// with k * m >= 2^bits so that q + k * m is positive and below 2^n, L = ceil(log2 m),
// shift = n + L and magic = ceil(2^shift / m): the error q' * (magic - 2^shift / m) / 2^shift
// stays below 2^-L <= 1/m, so the floor never moves.
struct MantissaReciprocal {
  int64_t k = 0;
  int64_t magic = 0;
  int64_t shift = 0;
  int64_t n = 0;  // bits of q + k * m
};
// The reciprocal, or nothing if magic or k * m needs more than 62 bits (the division stays a
// divider, and is counted as one).
std::optional<MantissaReciprocal> ReciprocalOf(int64_t m, int64_t bits);
// Bits `b` with |(x_raw << s1) >> s2| < 2^b for every raw of `in`: the range of the dividend the
// quantizer divides by m.
int64_t QuotientBits(const fixed::FixedType& in, const QuantElem& p);

}  // namespace loom::plan

#endif  // LOOM_PLAN_QUANT_PLAN_H_
