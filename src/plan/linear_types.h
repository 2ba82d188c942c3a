// The linear family's plans shared by its type rules and its kernels: the shapes of dense and
// matmul, a linear resize's interpolation map, and the node's types with their defaults.
#ifndef LOOM_PLAN_LINEAR_TYPES_H_
#define LOOM_PLAN_LINEAR_TYPES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "loom/fixed/fixed_type.h"
#include "loom/ir/graph.h"
#include "loom/ref/float_engine.h"
#include "loom/support/error.h"
#include "plan/type_rules.h"

namespace loom::plan {

// A dense node's bias values (empty when it has none).
const std::vector<float>& BiasOf(const ir::Node& node);

// Dense: x[rows, K] . W[K, N] over a [K, N] weight param.
struct DenseDims {
  int64_t k = 0, n = 0, rows = 0;
};
ErrorOr<DenseDims> DenseShape(const ir::Node& node);

// MatMul of two computed values: a [..., M, K] x b [..., K, N], the batch axes broadcast (numpy).
struct MatMulDims {
  int64_t m = 1, k = 1, n = 1;
  std::vector<int64_t> a_batch, b_batch;  // per output batch: the batch of a and of b it reads
};
ErrorOr<MatMulDims> MatMulShape(const ir::Node& node);

// A linear resize's taps and interpolation weights (ref::ResizeLinearMap), for its one input.
ErrorOr<ref::ResizeMap> ResizeMapOf(const ir::Node& node);

// The node's own type `key`, or fixed<16,6> when it has none (a bias type without a bias).
fixed::FixedType TypeOr(const ir::Node& node, const std::string& key);

}  // namespace loom::plan

#endif  // LOOM_PLAN_LINEAR_TYPES_H_
