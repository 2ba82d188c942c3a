// remove-dead: deletes nodes whose results nothing uses (constants left behind by fusion, unused
// outputs of the model). Graph inputs stay, so the model's interface does not change.
#include "loom/passes/passes.h"

namespace loom::passes {
namespace {

class RemoveDeadPass : public pass::Pass {
 public:
  std::string_view name() const override { return "remove-dead"; }
  ErrorOr<bool> Run(ir::Graph& graph, pass::PassContext&) override {
    return graph.RemoveDeadNodes() > 0;
  }
};

}  // namespace

std::unique_ptr<pass::Pass> CreateRemoveDeadPass() { return std::make_unique<RemoveDeadPass>(); }

}  // namespace loom::passes
