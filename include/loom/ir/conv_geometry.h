// Convolution geometry shared by the emulator and the backends: input patches (im2col) per output
// position for conv and conv_transpose, channels-first or channels-last.
#ifndef LOOM_IR_CONV_GEOMETRY_H_
#define LOOM_IR_CONV_GEOMETRY_H_

#include <cstdint>
#include <vector>

#include "loom/ir/graph.h"
#include "loom/support/error.h"

namespace loom::ir {

// The shapes and attributes of a conv or conv_transpose node. Patch element order is (input
// channel of the group, kernel position), ONNX's weight order.
struct ConvGeometry {
  bool transposed = false;
  bool channels_last = false;
  int64_t channels = 0, out_channels = 0, group = 1;
  Shape in_spatial, out_spatial, kernel;
  std::vector<int64_t> strides, pads, dilations;
  int64_t in_positions = 1, out_positions = 1, kernel_volume = 1;
};

ErrorOr<ConvGeometry> ConvShape(const Node& node);
// Weight matrix [Cg * kernel_volume, Mg] of group `grp` (row-major).
std::vector<float> GroupWeights(const Node& node, const ConvGeometry& g, int64_t grp);
// Bias of group `grp` (empty without a bias).
std::vector<float> GroupBias(const Node& node, const ConvGeometry& g, int64_t grp);
// For each output position and kernel position: the input spatial position read, or -1.
std::vector<int64_t> PatchPositions(const ConvGeometry& g);

}  // namespace loom::ir

#endif  // LOOM_IR_CONV_GEOMETRY_H_
