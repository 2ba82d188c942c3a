// Which kernel family implements each op: the op table's family (ir::FamilyOf).
#include <array>

#include "sim/kernel.h"

namespace loom::sim {

const Family* FamilyFor(const ir::Node& node) {
  static const std::array<const Family*, ir::kNumOpFamilies> kFamilies = {
      &kSourceFamily, &kLinearFamily,   &kElementwiseFamily, &kLutFamily,
      &kPoolFamily,   &kMovementFamily, &kQuantFamily};
  return kFamilies[static_cast<size_t>(ir::FamilyOf(node))];
}

}  // namespace loom::sim
