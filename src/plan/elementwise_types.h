// The elementwise family's plans shared by its type rules and its kernels: the relu family's
// constants quantized to their node types, hard_sigmoid/hard_swish's exact intermediates, and the
// arithmetic ops' arity.
#ifndef LOOM_PLAN_ELEMENTWISE_TYPES_H_
#define LOOM_PLAN_ELEMENTWISE_TYPES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loom/fixed/fixed_type.h"
#include "loom/fixed/fixed_value.h"
#include "loom/ir/graph.h"
#include "loom/support/error.h"
#include "plan/type_rules.h"

namespace loom::plan {

// The exact value of a stored raw value as a 128-bit pattern (sign- or zero-extended).
inline fixed::uint128 Bits(int64_t raw, const fixed::FixedType& t) {
  return fixed::Widen(raw, t).bits;
}

// Whether `op` is one of the arithmetic ops (add sub mul div max min sum), which merge their
// inputs with numpy broadcasting; the other elementwise ops are the relu family.
bool IsArithmetic(ir::OpKind op);

// An error unless an arithmetic node has its arity (2 inputs for add, sub, mul and div, 1 or more
// otherwise) and `num_types` input types.
std::optional<Error> CheckArity(const ir::Node& node, size_t num_types);

// The constants of `key` quantized to the node's type for it (ap_fixed's constructor from
// double, as a `const param_t alpha = 0.3;` in the firmware).
ErrorOr<std::vector<int64_t>> QuantizedConsts(const ir::Node& node, const std::string& key,
                                              const fixed::FixedType& t);

// The exact intermediate of hard_sigmoid/hard_swish: slope * x + shift (ap_fixed result types).
struct HardParts {
  fixed::FixedType slope_type;
  fixed::FixedType shift_type;
  int64_t slope = 0;
  int64_t shift = 0;
  fixed::WideType product;  // slope * x
  fixed::WideType sum;      // slope * x + shift
  int product_align = 0;
  int shift_align = 0;
  fixed::int128 one = 0;          // 1 on the sum's grid (saturated when beyond it)
  fixed::uint128 one_stored = 0;  // what `datareg = 1` stores in the sum's type (ap_fixed wraps)
};

// hard_sigmoid's and hard_swish's parts for input type `in`, from the node's slope and shift types.
ErrorOr<HardParts> MakeHardParts(const ir::Node& node, const fixed::FixedType& in);

// hard_swish's product x * h, h in [0, 1] on the sum's grid (unsigned, one integer bit).
ErrorOr<fixed::WideType> SwishProduct(const ir::Node& node, const fixed::FixedType& in,
                                      const HardParts& p);

}  // namespace loom::plan

#endif  // LOOM_PLAN_ELEMENTWISE_TYPES_H_
