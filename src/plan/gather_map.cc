// Gather maps of value-moving ops, from the float reference engine run on element indices (exact
// in float up to 2^24 elements): the reference, the emulator and the firmware share one definition
// of each op's indexing.
#include <cmath>

#include "loom/ref/float_engine.h"
#include "plan/plan.h"

namespace loom::plan {

bool PadsWithConstant(const ir::Node& node) {
  return node.op == ir::OpKind::kPad && ir::StringAttr(node, "mode") == "constant";
}

ErrorOr<std::vector<GatherMap>> GatherMapsOf(const ir::Node& node) {
  // Index tensors: element e of input i is encoded as 1 + offset_i + e (0 marks "no input").
  constexpr int64_t kMaxIndexedElements = int64_t{1} << 24;
  std::vector<ir::Tensor> encoded;
  std::vector<int64_t> offsets;
  int64_t total = 0;
  for (const ir::Value* v : node.inputs) {
    int64_t numel = ir::NumElements(v->shape);
    offsets.push_back(total);
    ir::Tensor t(v->shape);
    for (int64_t e = 0; e < numel; ++e) t.data[e] = static_cast<float>(1 + total + e);
    total += numel;
    encoded.push_back(std::move(t));
  }
  if (total + 1 >= kMaxIndexedElements) {
    return NodeError(node, "inputs with more than 2^24 elements are not supported");
  }
  ir::Node probe = node;  // the pad constant must not look like an index
  if (PadsWithConstant(node)) probe.attrs.Set("value", 0.0);
  std::vector<const ir::Tensor*> ptrs;
  for (const ir::Tensor& t : encoded) ptrs.push_back(&t);
  auto outs = ref::EvaluateNode(probe, ptrs);
  if (!outs.ok()) return outs.error();
  std::vector<GatherMap> maps;
  for (const ir::Tensor& t : outs.value()) {
    GatherMap g;
    g.input.resize(t.data.size());
    g.element.resize(t.data.size());
    for (size_t k = 0; k < t.data.size(); ++k) {
      float f = t.data[k];
      if (f != std::floor(f) || f < 0 || f > static_cast<float>(total)) {
        return NodeError(node, "only value-moving forms of " + std::string(ir::OpName(node.op)) +
                                   " are supported here; an output mixes several inputs");
      }
      auto code = static_cast<int64_t>(f);
      if (code == 0) {
        g.input[k] = -1;
        continue;
      }
      int64_t flat = code - 1;
      int32_t i = 0;
      while (i + 1 < static_cast<int32_t>(offsets.size()) && flat >= offsets[i + 1]) ++i;
      g.input[k] = i;
      g.element[k] = flat - offsets[i];
    }
    maps.push_back(std::move(g));
  }
  return maps;
}

}  // namespace loom::plan
