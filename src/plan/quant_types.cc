// The quantizers' type rules (QONNX Quant, BipolarQuant and Trunc, ONNX QuantizeLinear and
// DequantizeLinear): a power-of-two scale gives an exact result type, so a quantization-aware model
// needs no precision configuration; any other scale is quantized to the node's "scale" type.
#include "plan/quant_types.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "loom/fixed/fixed_value.h"
#include "plan/plan.h"
#include "plan/quant_plan.h"
#include "plan/type_rules.h"

namespace loom::plan {

ErrorOr<FixedType> QuantExactType(const ir::Node& node, const QuantPlan& plan, const FixedType& in,
                                  const FixedType* scale_type, std::vector<int64_t>* scale_raw) {
  const int64_t in_frac = plan.kind == QuantKind::kDequantize ? in.frac_bits() : 0;
  int128 lo = 0;
  int128 hi = 0;
  for (const QuantElem& p : plan.elems) {
    int128 a = QuantY(plan, in.min_raw(), p, in_frac);
    int128 b = QuantY(plan, in.is_signed || in.width < 64 ? in.max_raw() : INT64_MAX, p, in_frac);
    if (plan.pow2) {
      a <<= p.shl;
      b <<= p.shl;
    } else {
      int64_t sr = fixed::FromDouble(p.out_value, *scale_type);
      scale_raw->push_back(sr);
      a *= sr;
      b *= sr;
    }
    lo = std::min({lo, a, b});
    hi = std::max({hi, a, b});
  }
  int64_t frac = plan.pow2 ? plan.out_frac : plan.y_frac + scale_type->frac_bits();
  return TypeForRange(lo, hi, frac, node);
}

namespace {

std::vector<TypeKey> QuantKeys(const ir::Node& node) {
  // The scale's own type, used only for scales that are not powers of two.
  if (node.op == ir::OpKind::kQuantizeLinear) return {};
  for (const char* key : {"scale"}) {
    const ir::Tensor* t = node.param(key);
    if (t == nullptr) continue;
    for (float s : t->data) {
      if (Split(s).m != 1) return {{"scale", "scale"}};
    }
  }
  return {};
}

ErrorOr<FixedType> QuantAutoNodeType(const ir::Node& node, const std::string& key,
                                     const std::vector<FixedType>&) {
  return NodeError(node, "no automatic rule for type '" + key + "'");
}

ErrorOr<std::vector<FixedType>> QuantAutoResult(const ir::Node& node,
                                                const std::vector<FixedType>& inputs) {
  auto plan = MakeQuantPlan(node, inputs[0]);
  if (!plan.ok()) return plan.error();
  std::vector<int64_t> scale_raw;
  auto it = node.types.find("scale");
  const FixedType* st = it == node.types.end() ? nullptr : &it->second;
  if (!plan.value().pow2 && st == nullptr) return NodeError(node, "has no 'scale' type");
  auto t = QuantExactType(node, plan.value(), inputs[0], st, &scale_raw);
  if (!t.ok()) return t.error();
  return std::vector<FixedType>{t.value()};
}

}  // namespace

const TypeRules kQuantTypeRules = {QuantKeys, QuantAutoNodeType, QuantAutoResult};

}  // namespace loom::plan
