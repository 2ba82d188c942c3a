// Per-node size and cost figures: parameters, multiplications, fraction of zero weights.
#ifndef LOOM_IR_STATS_H_
#define LOOM_IR_STATS_H_

#include <cstdint>

#include "loom/ir/graph.h"

namespace loom::ir {

struct NodeStats {
  int64_t params = 0;        // constant values the node carries (weights, biases, scales)
  int64_t weights = 0;       // of which multiplicative weights
  int64_t zero_weights = 0;  // weights equal to zero (pruned: they cost no multiplier)
  int64_t multiplies = 0;    // multiplications per sample with a dense implementation
  double zero_fraction() const {
    return weights == 0 ? 0.0 : static_cast<double>(zero_weights) / static_cast<double>(weights);
  }
};

NodeStats ComputeStats(const Node& node);

}  // namespace loom::ir

#endif  // LOOM_IR_STATS_H_
