// fuse-dense-bias: folds `dense(x) + c` (and `- c`), with c a constant along the output axis, into
// the dense layer's bias; likewise `conv(x) + c` with c constant along the output channel axis
// (axis 0 channels-first, the last axis channels-last). PyTorch and Keras exports write MatMul
// followed by Add, and older exporters (CNTK's MNIST model in the QONNX zoo) a bias-free Conv
// followed by Add of a [C, 1, 1] constant; hls4ml-style backends want one layer. Float results
// change only by re-association of one addition.
// Preconditions: the dense/conv node owns its weight (and a bias of one value per unit, if any),
// its output feeds only the add and is not a graph output, and the constant varies along the
// output (channel) axis at most.
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
    if (!a->producer ||
        (a->producer->op != ir::OpKind::kDense && a->producer->op != ir::OpKind::kConv)) {
      continue;
    }
    if (!b->producer || b->producer->op != ir::OpKind::kConstant) continue;
    if (graph.Users(a).size() != 1) continue;
    const auto& outs = graph.outputs();
    if (std::find(outs.begin(), outs.end(), a) != outs.end()) continue;
    if (!a->producer->param("weight")) continue;
    if (n.outputs[0]->shape != a->shape || a->shape.empty()) continue;
    const ir::Tensor* c = b->producer->param("value");
    if (c == nullptr) continue;
    const ir::Tensor* bias = a->producer->param("bias");
    const bool channels_first =
        a->producer->op == ir::OpKind::kConv && a->producer->attrs.GetInt("channels_last", 0) == 0;
    int64_t units = channels_first ? a->shape.front() : a->shape.back();
    bool along = c->size() == 1;
    if (!along && channels_first) {
      // [C, 1, ..., 1] with the output's rank: one value per output channel.
      along = c->shape.size() == a->shape.size() && c->shape[0] == units;
      for (size_t d = 1; d < c->shape.size(); ++d) along = along && c->shape[d] == 1;
    } else if (!along) {
      // Only constants that vary along the output axis at most: [N], [1, N], [1, 1, N] ...
      along = !c->shape.empty() && c->shape.back() == units && c->shape.size() <= a->shape.size();
      for (size_t d = 0; d + 1 < c->shape.size(); ++d) along = along && c->shape[d] == 1;
    }
    if (!along) continue;
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
      const bool channels_first =
          m.dense->op == ir::OpKind::kConv && m.dense->attrs.GetInt("channels_last", 0) == 0;
      const ir::Shape& out = m.dense->outputs[0]->shape;
      int64_t units = channels_first ? out.front() : out.back();
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
