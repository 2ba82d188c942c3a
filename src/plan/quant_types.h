// The quantizer family's plan shared by its type rule and its kernel: the exact type of a
// quantizer's scaled output.
#ifndef LOOM_PLAN_QUANT_TYPES_H_
#define LOOM_PLAN_QUANT_TYPES_H_

#include <cstdint>
#include <vector>

#include "loom/fixed/fixed_type.h"
#include "loom/ir/graph.h"
#include "loom/support/error.h"
#include "plan/quant_plan.h"

namespace loom::plan {

// The exact type of y_int * scale over the whole input range (y_int is monotonic in x). For scales
// that are not powers of two, `scale_type` is the node's "scale" type and each element's scale
// quantized to it is appended to `scale_raw`.
ErrorOr<fixed::FixedType> QuantExactType(const ir::Node& node, const QuantPlan& plan,
                                         const fixed::FixedType& in,
                                         const fixed::FixedType* scale_type,
                                         std::vector<int64_t>* scale_raw);

}  // namespace loom::plan

#endif  // LOOM_PLAN_QUANT_TYPES_H_
