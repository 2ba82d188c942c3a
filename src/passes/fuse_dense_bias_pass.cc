// fuse-dense-bias: folds `dense(x) + c` (and `- c`), with c a constant along the output axis, into
// the dense layer's bias. PyTorch and Keras exports write MatMul followed by Add; hls4ml-style
// backends want one Dense layer. Float results change only by re-association of one addition.
// Preconditions: the dense node owns its weight (and a bias of one value per unit, if any), its
// output feeds only the add and is not a graph output, and the constant varies along the output
// axis at most.
#include <algorithm>

#include "loom/ir/graph.h"
#include "loom/passes/passes.h"

namespace loom::passes {
namespace {

// The constant operand of an add/sub and the dense layer feeding the other operand, if any.
struct Match {
  ir::Node* dense = nullptr;
  const ir::Tensor* constant = nullptr;
  bool negate = false;
};

Match MatchAdd(const ir::Graph& graph, ir::Node& n) {
  Match m;
  if ((n.op != ir::OpKind::kAdd && n.op != ir::OpKind::kSub) || n.inputs.size() != 2) return m;
  for (int i = 0; i < 2; ++i) {
    ir::Value* a = n.inputs[i];
    ir::Value* b = n.inputs[1 - i];
    if (n.op == ir::OpKind::kSub && i == 1) break;  // c - dense(x) is not a bias
    if (!a->producer || a->producer->op != ir::OpKind::kDense) continue;
    if (!b->producer || b->producer->op != ir::OpKind::kConstant) continue;
    if (graph.Users(a).size() != 1) continue;
    const auto& outs = graph.outputs();
    if (std::find(outs.begin(), outs.end(), a) != outs.end()) continue;
    if (!a->producer->param("weight")) continue;
    if (n.outputs[0]->shape != a->shape || a->shape.empty()) continue;
    const ir::Tensor* c = b->producer->param("value");
    if (c == nullptr) continue;
    const ir::Tensor* bias = a->producer->param("bias");
    int64_t units = a->shape.back();
    // Only constants that vary along the output axis at most: [N], [1, N], [1], [] ...
    bool along_last = c->shape.empty() || c->shape.back() == units || c->shape.back() == 1;
    for (size_t d = 0; d + 1 < c->shape.size(); ++d) along_last = along_last && c->shape[d] == 1;
    if (!along_last || (c->size() != units && c->size() != 1)) continue;
    if (bias && bias->size() != units) continue;
    m.dense = a->producer;
    m.constant = c;
    m.negate = n.op == ir::OpKind::kSub;
    return m;
  }
  return {};
}

class FuseDenseBiasPass : public pass::Pass {
 public:
  std::string_view name() const override { return "fuse-dense-bias"; }

  ErrorOr<bool> Run(ir::Graph& graph, pass::PassContext&) override {
    bool changed = false;
    std::vector<ir::Node*> adds;
    for (const auto& n : graph.nodes()) adds.push_back(n.get());
    for (ir::Node* n : adds) {
      Match m = MatchAdd(graph, *n);
      if (!m.dense) continue;
      int64_t units = m.dense->outputs[0]->shape.back();
      if (!m.dense->param("bias")) m.dense->params.emplace("bias", ir::Tensor(ir::Shape{units}));
      ir::Tensor& bias = m.dense->params.at("bias");
      for (int64_t j = 0; j < units; ++j) {
        float c = m.constant->data[m.constant->size() == 1 ? 0 : j];
        bias.data[j] += m.negate ? -c : c;
      }
      m.dense->locations.insert(m.dense->locations.end(), n->locations.begin(), n->locations.end());
      graph.ReplaceAllUses(n->outputs[0], m.dense->outputs[0]);
      graph.RemoveNode(n);
      changed = true;
    }
    return changed;
  }
};

}  // namespace

std::unique_ptr<pass::Pass> CreateFuseDenseBiasPass() {
  return std::make_unique<FuseDenseBiasPass>();
}

}  // namespace loom::passes
