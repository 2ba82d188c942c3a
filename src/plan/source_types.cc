// The source family's type rules: a constant's result is its values' "auto" type; a graph input's
// comes from the configuration or calibration (precision assignment gives it).
#include "plan/plan.h"
#include "plan/type_rules.h"

namespace loom::plan {
namespace {

std::vector<TypeKey> NoKeys(const ir::Node&) { return {}; }

ErrorOr<FixedType> NoNodeType(const ir::Node& node, const std::string& key,
                              const std::vector<FixedType>&) {
  return NodeError(node, "has no type '" + key + "'");
}

ErrorOr<std::vector<FixedType>> SourceAutoResult(const ir::Node& node,
                                                 const std::vector<FixedType>&) {
  if (node.op == ir::OpKind::kConstant) {
    const ir::Tensor* value = node.param("value");
    if (value == nullptr) return NodeError(node, "constant without a value");
    return std::vector<FixedType>{AutoParamType(value->data).first};
  }
  return NodeError(node, "a graph input's type comes from the configuration or calibration");
}

}  // namespace

const TypeRules kSourceTypeRules = {NoKeys, NoNodeType, SourceAutoResult};

}  // namespace loom::plan
