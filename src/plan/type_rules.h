// The type rules of the op families: the types a node has of its own, and the types "auto" chooses
// for them and for its results. Precision assignment (src/precision) applies them; the emulator's
// and the HLS backend's kernels are built from the types they chose.
#ifndef LOOM_PLAN_TYPE_RULES_H_
#define LOOM_PLAN_TYPE_RULES_H_

#include <string>
#include <vector>

#include "loom/fixed/fixed_type.h"
#include "loom/ir/graph.h"
#include "loom/support/error.h"

namespace loom::plan {

// One of a node's own types: its key in Node::types and in the config's Precision dict, and the
// node param quantized with it ("" when the type is not a param's, e.g. "accum" or "table").
struct TypeKey {
  std::string key;
  std::string param;
};

// The type rules of a family of ops.
struct TypeRules {
  // The node's own types.
  std::vector<TypeKey> (*type_keys)(const ir::Node& node);
  // The type "auto" chooses for a key without a param (accum, table, ...), given the input types
  // and the node's types resolved so far (params' types are resolved first). Accumulators are
  // sized so that they cannot overflow.
  ErrorOr<fixed::FixedType> (*auto_node_type)(const ir::Node& node, const std::string& key,
                                              const std::vector<fixed::FixedType>& inputs);
  // The result types "auto" chooses without calibration data: exact where the op allows it
  // (node.types is complete when this is called).
  ErrorOr<std::vector<fixed::FixedType>> (*auto_result)(
      const ir::Node& node, const std::vector<fixed::FixedType>& inputs);
};

// The type rules of the family implementing `node`: the op table's (ir::FamilyOf; a linear-mode
// resize is a multiply-accumulate, the linear family).
const TypeRules& TypeRulesFor(const ir::Node& node);

// The families' rules, one per file (declared here, defined in their *_types.cc).
// dense conv conv_transpose matmul batch_norm resize(linear)
extern const TypeRules kLinearTypeRules;
// add sub mul div max min sum, relu family, clip, hard_*
extern const TypeRules kElementwiseTypeRules;
// reshape transpose concat split slice pad resize(nearest) ...
extern const TypeRules kMovementTypeRules;
// max/average/global pools, reduce_mean
extern const TypeRules kPoolTypeRules;
// sigmoid tanh softmax elu selu softplus softsign exp erf gelu
extern const TypeRules kLutTypeRules;
// quant bipolar_quant trunc quantize/dequantize_linear
extern const TypeRules kQuantTypeRules;
// input, constant
extern const TypeRules kSourceTypeRules;

// The node's own type `key` as precision assignment set it; an error naming the node otherwise.
ErrorOr<fixed::FixedType> NodeType(const ir::Node& node, const std::string& key);

}  // namespace loom::plan

#endif  // LOOM_PLAN_TYPE_RULES_H_
