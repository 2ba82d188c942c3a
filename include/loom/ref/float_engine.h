// The float reference engine: evaluates a graph in floating point, one sample at a time.
#ifndef LOOM_REF_FLOAT_ENGINE_H_
#define LOOM_REF_FLOAT_ENGINE_H_

#include <vector>

#include "loom/ir/graph.h"
#include "loom/support/error.h"

namespace loom::ref {

// Evaluates one node on per-sample inputs (one tensor per node input, in order). The result has one
// tensor per node output, shaped as node.outputs[i]->shape. An op or attribute combination the
// engine cannot evaluate is an Error naming the node.
ErrorOr<std::vector<ir::Tensor>> EvaluateNode(const ir::Node& node,
                                              const std::vector<const ir::Tensor*>& inputs);

// A resize (nearest or linear mode) as a linear map: output element o (row-major) is the sum over
// taps t in [start[o], start[o + 1]) of weight[t] * input[index[t]], the taps of an output in
// increasing input order. Nearest modes give one tap of weight 1; linear mode up to 2^rank taps
// whose weights are products of the per-axis interpolation weights. The reference engine
// evaluates Resize with it; the emulator and the HLS backend quantize the same weights.
struct ResizeMap {
  std::vector<int64_t> start;  // NumElements(out) + 1 entries
  std::vector<int64_t> index;
  std::vector<double> weight;
};
ErrorOr<ResizeMap> ResizeLinearMap(const ir::Node& node, const ir::Shape& in, const ir::Shape& out);

// Evaluates the whole graph on one sample: `inputs` in the order of graph.inputs(), shaped as
// their values; returns one tensor per graph output.
ErrorOr<std::vector<ir::Tensor>> Run(const ir::Graph& graph, const std::vector<ir::Tensor>& inputs);

}  // namespace loom::ref

#endif  // LOOM_REF_FLOAT_ENGINE_H_
