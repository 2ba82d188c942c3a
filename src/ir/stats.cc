// Parameter and multiplication counts of IR nodes, for `loom inspect` and the estimators.
#include "loom/ir/stats.h"

namespace loom::ir {

NodeStats ComputeStats(const Node& node) {
  NodeStats s;
  for (const auto& [key, t] : node.params) {
    if (node.op == OpKind::kConstant) continue;
    s.params += t.size();
  }
  const Tensor* w = node.param("weight");
  if (w) {
    s.weights = w->size();
    for (float v : w->data) s.zero_weights += v == 0.0f;
  }
  int64_t out = node.outputs.empty() ? 0 : NumElements(node.outputs[0]->shape);
  switch (node.op) {
    case OpKind::kDense:
      if (w) s.multiplies = out * w->shape[0];
      break;
    case OpKind::kConv:
      // Each output element is a dot product over (C/group) * kernel elements.
      if (w) s.multiplies = out * (w->size() / w->shape[0]);
      break;
    case OpKind::kConvTranspose:
      if (w && !node.inputs.empty()) {
        s.multiplies = NumElements(node.inputs[0]->shape) * (w->size() / w->shape[0]);
      }
      break;
    case OpKind::kMatMul:
      if (node.inputs.size() == 2 && !node.inputs[0]->shape.empty()) {
        s.multiplies = out * node.inputs[0]->shape.back();
      }
      break;
    case OpKind::kBatchNorm:
    case OpKind::kMul:
    case OpKind::kDiv:
    case OpKind::kPRelu:
    case OpKind::kLeakyRelu:
      s.multiplies = out;
      break;
    default:
      break;
  }
  return s;
}

}  // namespace loom::ir
