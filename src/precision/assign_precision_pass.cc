// The precision-assignment pass.
#include "loom/precision/assign_precision_pass.h"

#include <utility>

namespace loom::precision {

ErrorOr<bool> AssignPrecisionPass::Run(ir::Graph& graph, pass::PassContext& /*ctx*/) {
  choices_.clear();
  ErrorOr<std::vector<PrecisionChoice>> choices = AssignPrecision(graph, options_);
  if (!choices.ok()) return choices.error();
  choices_ = std::move(choices).value();
  return true;
}

}  // namespace loom::precision
