// HLS emitters for pooling.
#include "backends/hls/emit.h"

namespace loom::hls {

ErrorOr<LayerCode> EmitPool(const EmitContext& ctx) {
  return LayerError(ctx.node, "the HLS backend has no kernel for op '" +
                                  std::string(ir::OpName(ctx.node.op)) + "' yet");
}

}  // namespace loom::hls
