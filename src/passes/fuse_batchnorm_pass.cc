// fuse-batchnorm: folds a batch_norm into the dense or conv layer before it (scale the weights of
// each output channel, fold the shift into the bias). Preconditions, all checked before anything
// changes: the producer is a dense or conv node that owns its weights, the batch_norm owns its
// scale and bias, the producer's output feeds only the batch_norm and is not a graph output, both
// are channels-first, and the producer's output channels are the batch_norm's channel axis. Any
// other batch_norm (after the graph input, an activation, a pooling layer, ...) stays a layer of
// its own. In float the result differs only by rounding of the folded products.
#include <algorithm>

#include "loom/passes/passes.h"

namespace loom::passes {
namespace {

// Whether `bn` can be folded into the node that produces its input (see the file comment).
bool CanFuse(const ir::Graph& graph, const ir::Node& bn) {
  const ir::Tensor* scale = bn.param("scale");
  const ir::Tensor* shift = bn.param("bias");
  if (!scale || !shift || scale->size() != shift->size() || bn.inputs.size() != 1) return false;
  const ir::Value* in = bn.inputs[0];
  const ir::Node* layer = in->producer;
  if (!layer || (layer->op != ir::OpKind::kDense && layer->op != ir::OpKind::kConv)) return false;
  if (layer->outputs.size() != 1 || graph.Users(in).size() != 1) return false;
  const auto& outs = graph.outputs();
  if (std::find(outs.begin(), outs.end(), in) != outs.end()) return false;
  if (layer->attrs.GetInt("channels_last", 0) != 0) return false;
  const ir::Tensor* w = layer->param("weight");
  if (!w || w->shape.empty()) return false;
  const int64_t channels = scale->size();
  const ir::Tensor* bias = layer->param("bias");
  if (bias && bias->size() != channels) return false;
  if (layer->op == ir::OpKind::kDense) {
    // The batch_norm's channel axis (0) must be the dense output axis: rank-1 outputs only.
    return in->shape.size() == 1 && in->shape[0] == channels && w->shape.size() == 2 &&
           w->shape[1] == channels;
  }
  return !in->shape.empty() && in->shape[0] == channels && w->shape[0] == channels;
}

void Fuse(ir::Graph& graph, ir::Node& bn) {
  ir::Value* in = bn.inputs[0];
  ir::Node* layer = in->producer;
  const ir::Tensor& scale = *bn.param("scale");
  const ir::Tensor& shift = *bn.param("bias");
  const int64_t channels = scale.size();
  ir::Tensor& w = layer->params.at("weight");
  if (layer->op == ir::OpKind::kDense) {
    for (int64_t i = 0; i < w.shape[0]; ++i) {
      for (int64_t j = 0; j < channels; ++j) w.data[i * channels + j] *= scale.data[j];
    }
  } else {
    const int64_t per = w.size() / channels;
    for (int64_t m = 0; m < channels; ++m) {
      for (int64_t e = 0; e < per; ++e) w.data[m * per + e] *= scale.data[m];
    }
  }
  if (!layer->param("bias")) layer->params.emplace("bias", ir::Tensor(ir::Shape{channels}));
  ir::Tensor& bias = layer->params.at("bias");
  for (int64_t m = 0; m < channels; ++m) {
    bias.data[m] = bias.data[m] * scale.data[m] + shift.data[m];
  }
  layer->locations.insert(layer->locations.end(), bn.locations.begin(), bn.locations.end());
  graph.ReplaceAllUses(bn.outputs[0], in);
  graph.RemoveNode(&bn);
}

class FuseBatchNormPass : public pass::Pass {
 public:
  std::string_view name() const override { return "fuse-batchnorm"; }

  ErrorOr<bool> Run(ir::Graph& graph, pass::PassContext&) override {
    // Match every candidate first: the rewrite removes nodes from the list being walked.
    std::vector<ir::Node*> fusable;
    for (const auto& n : graph.nodes()) {
      if (n->op == ir::OpKind::kBatchNorm && n->attrs.GetInt("channels_last", 0) == 0 &&
          CanFuse(graph, *n)) {
        fusable.push_back(n.get());
      }
    }
    for (ir::Node* bn : fusable) Fuse(graph, *bn);
    return !fusable.empty();
  }
};

}  // namespace

std::unique_ptr<pass::Pass> CreateFuseBatchNormPass() {
  return std::make_unique<FuseBatchNormPass>();
}

}  // namespace loom::passes
