// Which type rules apply to each op: the op table's family (ir::FamilyOf).
#include "plan/type_rules.h"

#include <array>

#include "plan/plan.h"

namespace loom::plan {

const TypeRules& TypeRulesFor(const ir::Node& node) {
  static const std::array<const TypeRules*, ir::kNumOpFamilies> kRules = {
      &kSourceTypeRules, &kLinearTypeRules,   &kElementwiseTypeRules, &kLutTypeRules,
      &kPoolTypeRules,   &kMovementTypeRules, &kQuantTypeRules};
  return *kRules[static_cast<size_t>(ir::FamilyOf(node))];
}

ErrorOr<fixed::FixedType> NodeType(const ir::Node& node, const std::string& key) {
  auto it = node.types.find(key);
  if (it == node.types.end()) {
    return NodeError(node, "has no '" + key + "' type; run precision assignment first");
  }
  return it->second;
}

}  // namespace loom::plan
