// Numeric plans: every decision that fixes bits, computed once here and consumed by the emulator
// (src/sim), the HLS backend (src/backends/hls) and any later backend, so that they agree bit for
// bit. Exact type arithmetic, broadcast and gather maps, the merge and division rules; the
// quantizers' plans (quant_plan.h) and the lookup tables (lut_tables.h). Nothing here runs a
// kernel or prints code.
#ifndef LOOM_PLAN_PLAN_H_
#define LOOM_PLAN_PLAN_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "loom/fixed/fixed_type.h"
#include "loom/fixed/fixed_value.h"
#include "loom/ir/graph.h"
#include "loom/support/error.h"

namespace loom::plan {

using fixed::FixedType;

// An error about `node`: "<location>: error: <what>".
Error NodeError(const ir::Node& node, const std::string& what);
// The smallest type holding every value in [lo, hi] (raw integers of a type with `frac_bits`
// fraction bits), signed if lo < 0; an error if it needs more than 64 bits.
ErrorOr<FixedType> TypeForRange(__int128 lo, __int128 hi, int64_t frac_bits, const ir::Node& node);
// The smallest type holding every value of each of `types` exactly (union of ranges/precisions).
ErrorOr<FixedType> UnionType(const std::vector<FixedType>& types, const ir::Node& node);
// For each element of `to`, the index of the element of `from` that numpy broadcasting reads
// (`from` must broadcast to `to`: right-aligned, each axis equal or 1).
std::vector<int64_t> BroadcastIndex(const ir::Shape& from, const ir::Shape& to);
// For every element of `out` (row-major), the offset of the element of `in` broadcast onto it;
// empty when `in` is `out` (no map needed). Leading size-1 axes of `in` are dropped, as the float
// engine does. nullopt when `in` does not broadcast to `out`. The elementwise kernels of the
// emulator and the HLS backend read their operands with it.
std::optional<std::vector<int64_t>> BroadcastMap(ir::Shape in, const ir::Shape& out);
// The smallest fixed type representing every one of `values` exactly, if one of at most
// `max_width` bits exists (signed when any value is negative; zero-only gives ufixed<1,1>).
std::optional<FixedType> ExactTypeOf(const std::vector<float>& values, int64_t max_width);
// The type "auto" gives a constant (weights, biases, constant operands): the exact type of its
// values when that is at most kAutoParamWidth bits wide, else kAutoParamWidth bits with integer
// bits for the largest magnitude. The second member says whether it is exact.
inline constexpr int64_t kAutoParamWidth = 16;
std::pair<FixedType, bool> AutoParamType(const std::vector<float>& values);
// A `width`-bit type (signed when lo < 0) with the fewest integer bits that hold [lo, hi].
FixedType FitType(double lo, double hi, int64_t width);

// Value-moving ops: per output of the node, which input each element copies (-1: the pad
// constant) and which element of it. Computed by the float reference engine run on element
// indices, so the reference, the emulator and the HLS backend share one definition of each op's
// indexing. An error for an output that mixes inputs (linear resize) or inputs of more than 2^24
// elements.
struct GatherMap {
  std::vector<int32_t> input;
  std::vector<int64_t> element;
};
ErrorOr<std::vector<GatherMap>> GatherMapsOf(const ir::Node& node);

// Division (docs/numerics.md, "Division"); the emulator and the HLS backend choose a div's path
// and types with these.
// The reciprocals of a div node's divisor when it is produced by a constant node whose every
// value is a power of two (or its negative) exactly held by `divisor_type` and the reciprocals
// have an exact type of at most 64 bits: that type and the raw values (shaped as the divisor),
// for an exact multiplication. nullopt: a general division.
struct Reciprocal {
  FixedType type;
  std::vector<int64_t> raw;
};
std::optional<Reciprocal> DivisorReciprocal(const ir::Node& node, const FixedType& divisor_type);
// The exact intermediate of add, sub, mul, sum, max, min and a div by a constant power of two
// (the reciprocals' product), before the one cast to the result type; an error for a general
// division (a quotient has no exact type).
ErrorOr<fixed::WideType> MergeExactType(const ir::Node& node, const std::vector<FixedType>& inputs);
// A general division's widened dividend: the dividend `a`'s signedness and integer bits with
// max(Fa, Fr + 1) fraction bits (one guard bit below the result type `res`).
fixed::WideType DivisionNumType(const FixedType& a, const FixedType& res);
// A general division's result for a negative dividend over a zero divisor: the result type's
// minimum, or for AP_SAT_SYM its symmetric minimum (-maximum), the most negative value that
// type's saturation gives (and what a constant of the type initialised to its minimum holds).
int64_t DivisionMinimum(const FixedType& res);

// The node's own type `key` (accum, table, ...), set by precision assignment; an error naming the
// node and saying how to set it otherwise.
ErrorOr<FixedType> SetNodeType(const ir::Node& node, const std::string& key);

// Exact arithmetic on raw values.
// Bits needed for v as a signed (or, when v >= 0 and !is_signed, unsigned) integer.
int64_t BitsFor(fixed::int128 v, bool is_signed);
// floor(raw * 2^(to_frac - from_frac)), saturated to +-2^100 when its magnitude is beyond any
// int64_t (enough for comparing with stored values).
fixed::int128 FloorOnGrid(fixed::int128 raw, int64_t from_frac, int64_t to_frac);
// One exactly known value raw * 2^-frac.
struct Scaled {
  fixed::int128 raw;
  int64_t frac;
};
Scaled MinOf(const FixedType& t);
Scaled MaxOf(const FixedType& t);
// The smallest type holding every one of `values` exactly, with the largest of their fraction
// bits and `min_frac` (signed if any is negative).
ErrorOr<FixedType> RangeType(const std::vector<Scaled>& values, const ir::Node& node,
                             int64_t min_frac = std::numeric_limits<int64_t>::min());
// `w` as a FixedType, an error naming the node past 64 bits.
ErrorOr<FixedType> ToFixed(const fixed::WideType& w, const ir::Node& node);
// The smallest b with 2^b >= k.
int64_t CeilLog2(int64_t k);
// The smallest exact type of several types (as UnionType, without the 64-bit limit) with `grow`
// more integer bits; an error past 128 bits.
ErrorOr<fixed::WideType> GrownUnion(const std::vector<FixedType>& types, int64_t grow,
                                    const ir::Node& node);
// abs and neg: -x exactly for every x of `in` (one more integer bit, signed); abs's and neg's
// results are formed in it, then cast once to the result type.
inline fixed::WideType NegationType(const FixedType& in) {
  return {in.width + 1, in.int_bits + 1, true};
}
// The exact result type of abs (unsigned, the input's bits; the identity for an unsigned input), of
// neg (NegationType) and of sign (fixed<2,2>: -1, 0, 1; ufixed<1,1> for an unsigned input).
ErrorOr<FixedType> SignOpExactType(const ir::Node& node, const FixedType& in);
// The type sign's -1, 0 or 1 is formed in before its cast to the result type.
inline fixed::WideType SignumType() { return {2, 2, true}; }
// Whether a pad node pads with a constant (its value then has a type of its own).
bool PadsWithConstant(const ir::Node& node);

}  // namespace loom::plan

#endif  // LOOM_PLAN_PLAN_H_
