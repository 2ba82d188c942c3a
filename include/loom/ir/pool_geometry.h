// Which input elements each pooling or mean result reduces (max/average pools, global pools,
// reduce_mean), shared by the emulator and the HLS backend so that both read the same taps.
#ifndef LOOM_IR_POOL_GEOMETRY_H_
#define LOOM_IR_POOL_GEOMETRY_H_

#include <cstdint>
#include <vector>

#include "loom/ir/graph.h"
#include "loom/support/error.h"

namespace loom::ir {

// Which input elements each result reduces. Result element (g, p) is at
// g * out_group_stride + p * out_pos_stride; its taps are table[p * taps + k] (-1: padding),
// read at g * in_group_stride + tap * in_tap_mult, in window (row-major) order.
struct Reduction {
  int64_t groups = 1;
  int64_t positions = 0;
  int64_t taps = 0;
  std::vector<int64_t> table;
  std::vector<int64_t> divisor;  // per position (average ops); 0 gives a zero result
  int64_t in_group_stride = 0;
  int64_t in_tap_mult = 1;
  int64_t out_group_stride = 0;
  int64_t out_pos_stride = 1;
  int64_t in_numel = 0;
  int64_t out_numel = 0;
};

// The reduction of a max_pool, average_pool, global_*_pool or reduce_mean node; an error names
// the node for attributes that do not fit its input.
ErrorOr<Reduction> PoolReduction(const Node& node);
// Whether the reduction sums its taps into an accumulator (average_pool, global_average_pool and
// reduce_mean then divide by the count, reduce_sum by 1) rather than takes the maximum.
inline bool IsAveraging(OpKind op) {
  return op == OpKind::kAveragePool || op == OpKind::kGlobalAveragePool ||
         op == OpKind::kReduceMean || op == OpKind::kReduceSum;
}
// The reduce_* ops (over 'axes', no window).
inline bool IsAxesReduction(OpKind op) {
  return op == OpKind::kReduceMean || op == OpKind::kReduceMax || op == OpKind::kReduceSum;
}

}  // namespace loom::ir

#endif  // LOOM_IR_POOL_GEOMETRY_H_
