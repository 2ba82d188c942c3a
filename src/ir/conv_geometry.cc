// Convolution geometry shared by the emulator and the backends.
#include "loom/ir/conv_geometry.h"

namespace loom::ir {

ErrorOr<ConvGeometry> ConvShape(const Node& node) {
  ConvGeometry g;
  g.transposed = node.op == OpKind::kConvTranspose;
  g.channels_last = node.attrs.GetInt("channels_last", 0) != 0;
  const Shape& in = node.inputs[0]->shape;
  const Shape& out = node.outputs[0]->shape;
  const Tensor* w = node.param("weight");
  if (w == nullptr || w->shape.size() < 3 || in.size() + 1 != w->shape.size()) {
    return Error(node.Describe() + ": error: convolution weight does not match the input rank");
  }
  size_t rank = in.size() - 1;
  g.channels = g.channels_last ? in.back() : in[0];
  g.out_channels = g.channels_last ? out.back() : out[0];
  for (size_t d = 0; d < rank; ++d) {
    g.in_spatial.push_back(g.channels_last ? in[d] : in[d + 1]);
    g.out_spatial.push_back(g.channels_last ? out[d] : out[d + 1]);
    g.kernel.push_back(w->shape[d + 2]);
  }
  g.group = node.attrs.GetInt("group", 1);
  g.strides = node.attrs.GetInts("strides", std::vector<int64_t>(rank, 1));
  g.dilations = node.attrs.GetInts("dilations", std::vector<int64_t>(rank, 1));
  g.pads = node.attrs.GetInts("pads", std::vector<int64_t>(2 * rank, 0));
  if (g.strides.size() != rank || g.dilations.size() != rank || g.pads.size() != 2 * rank ||
      g.group < 1 || g.channels % g.group != 0 || g.out_channels % g.group != 0) {
    return Error(node.Describe() + ": error: inconsistent convolution attributes");
  }
  g.in_positions = NumElements(g.in_spatial);
  g.out_positions = NumElements(g.out_spatial);
  g.kernel_volume = NumElements(g.kernel);
  return g;
}

std::vector<float> GroupWeights(const Node& node, const ConvGeometry& g, int64_t grp) {
  const Tensor& w = *node.param("weight");
  int64_t cg = g.channels / g.group;
  int64_t mg = g.out_channels / g.group;
  std::vector<float> m(static_cast<size_t>(cg * g.kernel_volume * mg));
  for (int64_t c = 0; c < cg; ++c) {
    for (int64_t kk = 0; kk < g.kernel_volume; ++kk) {
      for (int64_t o = 0; o < mg; ++o) {
        float v = g.transposed ? w.data[((grp * cg + c) * mg + o) * g.kernel_volume + kk]
                               : w.data[((grp * mg + o) * cg + c) * g.kernel_volume + kk];
        m[(c * g.kernel_volume + kk) * mg + o] = v;
      }
    }
  }
  return m;
}

std::vector<float> GroupBias(const Node& node, const ConvGeometry& g, int64_t grp) {
  const Tensor* bias = node.param("bias");
  if (bias == nullptr) return {};
  const std::vector<float>& b = bias->data;
  int64_t mg = g.out_channels / g.group;
  return std::vector<float>(b.begin() + grp * mg, b.begin() + (grp + 1) * mg);
}

std::vector<int64_t> PatchPositions(const ConvGeometry& g) {
  size_t rank = g.in_spatial.size();
  std::vector<int64_t> map(static_cast<size_t>(g.out_positions * g.kernel_volume), -1);
  std::vector<int64_t> o(rank, 0);
  for (int64_t op = 0; op < g.out_positions; ++op) {
    int64_t rem = op;
    for (size_t d = rank; d-- > 0;) {
      o[d] = rem % g.out_spatial[d];
      rem /= g.out_spatial[d];
    }
    for (int64_t kk = 0; kk < g.kernel_volume; ++kk) {
      int64_t krem = kk;
      int64_t pos = 0;
      bool valid = true;
      std::vector<int64_t> k(rank);
      for (size_t d = rank; d-- > 0;) {
        k[d] = krem % g.kernel[d];
        krem /= g.kernel[d];
      }
      for (size_t d = 0; d < rank; ++d) {
        int64_t i;
        if (g.transposed) {
          int64_t t = o[d] + g.pads[d] - k[d] * g.dilations[d];
          if (t < 0 || t % g.strides[d] != 0) {
            valid = false;
            break;
          }
          i = t / g.strides[d];
        } else {
          i = o[d] * g.strides[d] - g.pads[d] + k[d] * g.dilations[d];
        }
        if (i < 0 || i >= g.in_spatial[d]) {
          valid = false;
          break;
        }
        pos = pos * g.in_spatial[d] + i;
      }
      map[op * g.kernel_volume + kk] = valid ? pos : -1;
    }
  }
  return map;
}

}  // namespace loom::ir
