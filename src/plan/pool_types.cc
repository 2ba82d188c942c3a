// The pooling family's type rules: max/average pools, global pools and reduce_mean/reduce_sum
// (hls4ml's nnet_pooling.h cast points: see the emulator's kernels). An average's accumulator
// grows by ceil(log2 taps) integer bits, so it cannot overflow.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "loom/ir/pool_geometry.h"
#include "plan/plan.h"
#include "plan/type_rules.h"

namespace loom::plan {
namespace {

using ir::Node;
using ir::OpKind;
using ir::PoolReduction;

std::vector<TypeKey> PoolTypeKeys(const Node& node) {
  if (ir::IsAveraging(node.op)) return {{"accum", ""}};
  return {};
}

ErrorOr<FixedType> PoolAutoNodeType(const Node& node, const std::string& key,
                                    const std::vector<FixedType>& inputs) {
  if (key != "accum" || !ir::IsAveraging(node.op)) {
    return NodeError(node, "has no type '" + key +
                               "'; only average pools and reduce_mean have "
                               "one ('accum')");
  }
  if (inputs.size() != 1) return NodeError(node, "expects 1 input");
  auto red = PoolReduction(node);
  if (!red.ok()) return red.error();
  // The sum of k values of type T needs ceil(log2 k) more integer bits and no more fraction bits.
  const FixedType& in = inputs[0];
  int64_t grow = CeilLog2(std::max<int64_t>(red.value().taps, 1));
  int64_t width = in.width + grow;
  if (width > fixed::kMaxWidth) {
    return NodeError(node, "an exact accumulator for " + std::to_string(red.value().taps) +
                               " values of " + in.ToString() + " needs " + std::to_string(width) +
                               " bits, more than loom's limit of 64; set this layer's accum "
                               "precision in the configuration");
  }
  auto t = FixedType::Create(width, in.int_bits + grow, in.is_signed);
  if (!t.ok()) return NodeError(node, t.error().message());
  return t.value();
}

ErrorOr<std::vector<FixedType>> PoolAutoResult(const Node& node,
                                               const std::vector<FixedType>& inputs) {
  if (inputs.size() != 1) return NodeError(node, "expects 1 input");
  const FixedType& in = inputs[0];
  if (!ir::IsAveraging(node.op)) {
    // The maximum is one of the inputs (or the input type's minimum).
    auto t = FixedType::Create(in.width, in.int_bits, in.is_signed);
    if (!t.ok()) return NodeError(node, t.error().message());
    return std::vector<FixedType>{t.value()};
  }
  if (node.op == OpKind::kReduceSum) {  // the exact sum: the accumulator's type
    auto acc = NodeType(node, "accum");
    if (!acc.ok()) return acc.error();
    return std::vector<FixedType>{acc.value()};
  }
  // A mean lies between the smallest and largest input (and 0, for padding counted in the
  // divisor); the truncating division keeps it there. Its fraction bits are the accumulator's.
  auto acc = NodeType(node, "accum");
  if (!acc.ok()) return acc.error();
  int64_t width = in.int_bits + acc.value().frac_bits();
  if (width < 1 || width > fixed::kMaxWidth) {
    return NodeError(node, "the mean needs " + std::to_string(width) + " bits with accum " +
                               acc.value().ToString() +
                               "; set this layer's result precision in the configuration");
  }
  auto t = FixedType::Create(width, in.int_bits, in.is_signed);
  if (!t.ok()) return NodeError(node, t.error().message());
  return std::vector<FixedType>{t.value()};
}

}  // namespace

const TypeRules kPoolTypeRules = {PoolTypeKeys, PoolAutoNodeType, PoolAutoResult};

}  // namespace loom::plan
