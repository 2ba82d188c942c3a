// fold-constants: evaluates nodes whose inputs are all constants and replaces them by constants.
// The importer folds ONNX's constant subgraphs already; this pass catches those that other
// passes expose. Values are computed by the float reference engine, so nothing changes.
// Preconditions: every input of the node is produced by a constant node (graph inputs never
// fold); candidates are all collected before the first rewrite.
#include "loom/passes/passes.h"
#include "loom/ref/float_engine.h"

namespace loom::passes {
namespace {

class FoldConstantsPass : public pass::Pass {
 public:
  std::string_view name() const override { return "fold-constants"; }

  ErrorOr<bool> Run(ir::Graph& graph, pass::PassContext&) override {
    std::vector<ir::Node*> foldable;
    for (const auto& n : graph.nodes()) {
      if (n->op == ir::OpKind::kInput || n->op == ir::OpKind::kConstant || n->inputs.empty()) {
        continue;
      }
      bool all_const = true;
      for (const ir::Value* in : n->inputs) {
        all_const = all_const && in->producer && in->producer->op == ir::OpKind::kConstant;
      }
      if (all_const) foldable.push_back(n.get());
    }
    for (ir::Node* n : foldable) {
      std::vector<const ir::Tensor*> inputs;
      for (const ir::Value* in : n->inputs) inputs.push_back(in->producer->param("value"));
      ErrorOr<std::vector<ir::Tensor>> out = ref::EvaluateNode(*n, inputs);
      if (!out.ok()) return out.error();
      for (size_t i = 0; i < n->outputs.size(); ++i) {
        ir::Node* c = graph.AddNode(ir::OpKind::kConstant, n->name + "/folded", {}, 1);
        c->outputs[0]->shape = n->outputs[i]->shape;
        c->params["value"] = std::move(out.value()[i]);
        c->locations = n->locations;
        graph.ReplaceAllUses(n->outputs[i], c->outputs[0]);
      }
      graph.RemoveNode(n);
    }
    if (!foldable.empty()) graph.Sort();
    return !foldable.empty();
  }
};

}  // namespace

std::unique_ptr<pass::Pass> CreateFoldConstantsPass() {
  return std::make_unique<FoldConstantsPass>();
}

}  // namespace loom::passes
