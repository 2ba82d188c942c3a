// remove-identity: drops nodes that pass their input through unchanged (a reshape to the same
// shape, an identity transpose, a one-input concat or sum, a split into one part, a clip without
// bounds), so later passes and the backends see the real layers next to each other.
// Preconditions: one input and one output of the same shape (so users see the same values).
#include "loom/passes/passes.h"

namespace loom::passes {
namespace {

bool IsIdentity(const ir::Node& n) {
  if (n.inputs.size() != 1 || n.outputs.size() != 1) return false;
  if (n.inputs[0]->shape != n.outputs[0]->shape) return false;
  switch (n.op) {
    case ir::OpKind::kReshape:
    case ir::OpKind::kConcat:
    case ir::OpKind::kSum:
    case ir::OpKind::kSplit:
    case ir::OpKind::kMax:
    case ir::OpKind::kMin:
      return true;
    case ir::OpKind::kTranspose: {
      std::vector<int64_t> perm = n.attrs.GetInts("perm");
      for (size_t i = 0; i < perm.size(); ++i) {
        if (perm[i] != static_cast<int64_t>(i)) return false;
      }
      return true;
    }
    case ir::OpKind::kClip:
      return !n.attrs.Has("min") && !n.attrs.Has("max");
    default:
      return false;
  }
}

class RemoveIdentityPass : public pass::Pass {
 public:
  std::string_view name() const override { return "remove-identity"; }

  ErrorOr<bool> Run(ir::Graph& graph, pass::PassContext&) override {
    std::vector<ir::Node*> doomed;
    for (const auto& n : graph.nodes()) {
      if (IsIdentity(*n)) doomed.push_back(n.get());
    }
    for (ir::Node* n : doomed) {
      graph.ReplaceAllUses(n->outputs[0], n->inputs[0]);
      graph.RemoveNode(n);
    }
    return !doomed.empty();
  }
};

}  // namespace

std::unique_ptr<pass::Pass> CreateRemoveIdentityPass() {
  return std::make_unique<RemoveIdentityPass>();
}

}  // namespace loom::passes
