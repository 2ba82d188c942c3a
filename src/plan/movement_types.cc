// The movement family's type rules: ops that only move values (reshape, transpose, concat, split,
// slice, pad, nearest resize, depth/space rearrangements) have no types of their own; their
// results hold every input value (and a pad constant) exactly.
#include "plan/plan.h"
#include "plan/type_rules.h"

namespace loom::plan {
namespace {

std::vector<TypeKey> NoKeys(const ir::Node&) { return {}; }

ErrorOr<FixedType> NoNodeType(const ir::Node& node, const std::string& key,
                              const std::vector<FixedType>&) {
  return NodeError(node, "has no type '" + key + "'");
}

ErrorOr<std::vector<FixedType>> MovementAutoResult(const ir::Node& node,
                                                   const std::vector<FixedType>& inputs) {
  std::vector<FixedType> sources = inputs;
  if (PadsWithConstant(node)) {
    double v = node.attrs.GetFloat("value", 0.0);
    if (v != 0) {
      auto t = ExactTypeOf({static_cast<float>(v)}, 64);
      if (!t) return NodeError(node, "pad value " + std::to_string(v) + " is not a fixed value");
      sources.push_back(*t);
    }
  }
  auto u = UnionType(sources, node);
  if (!u.ok()) return u.error();
  return std::vector<FixedType>(node.outputs.size(), u.value());
}

}  // namespace

const TypeRules kMovementTypeRules = {NoKeys, NoNodeType, MovementAutoResult};

}  // namespace loom::plan
