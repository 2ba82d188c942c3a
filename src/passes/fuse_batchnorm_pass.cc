// fuse-batchnorm: folds a batch_norm into the dense or conv layer before it (scale the weights of
// each output channel, fold the shift into the bias) when that layer feeds only the batch_norm and
// its output channels are the batch_norm's channel axis. Otherwise the batch_norm stays, as its
// own layer. In float the result differs only by rounding of the folded products.
#include "loom/passes/passes.h"

namespace loom::passes {
namespace {

class FuseBatchNormPass : public pass::Pass {
 public:
  std::string_view name() const override { return "fuse-batchnorm"; }

  ErrorOr<bool> Run(ir::Graph& graph, pass::PassContext&) override {
    std::vector<ir::Node*> bns;
    for (const auto& n : graph.nodes()) {
      if (n->op == ir::OpKind::kBatchNorm && n->attrs.GetInt("channels_last", 0) == 0) {
        bns.push_back(n.get());
      }
    }
    bool changed = false;
    for (ir::Node* bn : bns) {
      ir::Value* in = bn->inputs[0];
      ir::Node* layer = in->producer;
      if (!layer || graph.Users(in).size() != 1) continue;
      if (layer->attrs.GetInt("channels_last", 0) != 0) continue;
      const ir::Tensor& scale = *bn->param("scale");
      const ir::Tensor& shift = *bn->param("bias");
      int64_t channels = scale.size();
      ir::Tensor& w = layer->params["weight"];
      if (layer->op == ir::OpKind::kDense) {
        // The batch_norm's channel axis (0) must be the dense output axis: rank-1 outputs only.
        if (in->shape.size() != 1 || in->shape[0] != channels) continue;
        int64_t k = w.shape[0];
        for (int64_t i = 0; i < k; ++i) {
          for (int64_t j = 0; j < channels; ++j) w.data[i * channels + j] *= scale.data[j];
        }
      } else if (layer->op == ir::OpKind::kConv) {
        if (in->shape.empty() || in->shape[0] != channels) continue;
        int64_t per = w.size() / channels;
        for (int64_t m = 0; m < channels; ++m) {
          for (int64_t e = 0; e < per; ++e) w.data[m * per + e] *= scale.data[m];
        }
      } else {
        continue;
      }
      ir::Tensor& bias = layer->params["bias"];
      if (bias.shape.empty()) bias = ir::Tensor(ir::Shape{channels});
      for (int64_t m = 0; m < channels; ++m) {
        bias.data[m] = bias.data[m] * scale.data[m] + shift.data[m];
      }
      layer->locations.insert(layer->locations.end(), bn->locations.begin(), bn->locations.end());
      graph.ReplaceAllUses(bn->outputs[0], in);
      graph.RemoveNode(bn);
      changed = true;
    }
    return changed;
  }
};

}  // namespace

std::unique_ptr<pass::Pass> CreateFuseBatchNormPass() {
  return std::make_unique<FuseBatchNormPass>();
}

}  // namespace loom::passes
