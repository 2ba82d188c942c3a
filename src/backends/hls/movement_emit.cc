// HLS emitters for value-moving ops.
#include "backends/hls/emit.h"

namespace loom::hls {

ErrorOr<LayerCode> EmitMovement(const EmitContext& ctx) {
  return LayerError(ctx.node, "the HLS backend has no kernel for op '" +
                                  std::string(ir::OpName(ctx.node.op)) + "' yet");
}

}  // namespace loom::hls
