// The lookup-table family's type rules: sigmoid, tanh, softsign, softplus, elu, selu, exp, erf,
// gelu and softmax. Tables get their function's default table type; results hold every value the
// table and the function's paths outside its window give.
#include <algorithm>
#include <cmath>
#include <optional>

#include "loom/fixed/fixed_value.h"
#include "plan/lut_tables.h"
#include "plan/plan.h"
#include "plan/type_rules.h"

namespace loom::plan {
namespace {

// The smallest type holding [lo, hi] with `frac` fraction bits.
ErrorOr<FixedType> RangeType(double lo, double hi, int64_t frac, const ir::Node& node) {
  double lo_raw = std::floor(std::ldexp(lo, static_cast<int>(frac)));
  double hi_raw = std::ceil(std::ldexp(hi, static_cast<int>(frac)));
  constexpr double kLimit = 9.2e18;
  if (!(std::fabs(lo_raw) < kLimit && std::fabs(hi_raw) < kLimit)) {
    return NodeError(node,
                     "the result needs more than 64 bits; give this layer a result "
                     "precision in the configuration");
  }
  return TypeForRange(static_cast<int64_t>(lo_raw), static_cast<int64_t>(hi_raw), frac, node);
}

std::vector<TypeKey> LutTypeKeys(const ir::Node& node) {
  if (node.op == ir::OpKind::kSoftmax) return {{"exp_table", ""}, {"inv_table", ""}, {"accum", ""}};
  return {{"table", ""}};
}

ErrorOr<FixedType> LutAutoNodeType(const ir::Node& node, const std::string& key,
                                   const std::vector<FixedType>& inputs) {
  if (node.op == ir::OpKind::kSoftmax) {
    if (key == "exp_table") return DefaultLutTableType(LutFunction::kExpNeg);
    if (key == "inv_table") return DefaultReciprocalTableType();
    if (key == "accum") {
      auto g = SoftmaxGeometry(node);
      if (!g.ok()) return g.error();
      auto it = node.types.find("exp_table");
      FixedType exp =
          it != node.types.end() ? it->second : DefaultLutTableType(LutFunction::kExpNeg);
      // Entries are never negative; n of them at most n * max.
      __int128 max_sum = static_cast<__int128>(g.value().n) * exp.max_raw();
      if (max_sum > INT64_MAX) {
        return NodeError(node, "the sum of " + std::to_string(g.value().n) +
                                   " exponentials needs more than 64 bits; give 'accum' a "
                                   "precision in the configuration");
      }
      return TypeForRange(0, static_cast<int64_t>(max_sum), exp.frac_bits(), node);
    }
  } else if (key == "table") {
    auto f = LutFunctionOf(node.op);
    if (f && IsLogDomain(*f)) {
      if (inputs.size() != 1) return NodeError(node, "expected one input");
      return DefaultLogDomainTableType(*f, inputs[0], LutParamsOf(node));
    }
    if (f) return DefaultLutTableType(*f, LutParamsOf(node));
  }
  return NodeError(node, "the LUT family has no type '" + key + "' for this op");
}

ErrorOr<std::vector<FixedType>> LutAutoResult(const ir::Node& node,
                                              const std::vector<FixedType>& inputs) {
  if (node.op == ir::OpKind::kSoftmax) return std::vector<FixedType>{FixedType::Unsigned(18, 1)};
  auto f = LutFunctionOf(node.op);
  if (!f) return NodeError(node, "the LUT family has no kernel for this op");
  auto table = SetNodeType(node, "table");
  if (!table.ok()) return table.error();
  const FixedType& t = table.value();
  if (inputs.size() != 1) return NodeError(node, "expected one input");
  const FixedType& in = inputs[0];
  LutParams params = LutParamsOf(node);
  double lo = t.min_value();
  double hi = t.max_value();
  switch (*f) {
    case LutFunction::kSoftplus:
    case LutFunction::kElu:
    case LutFunction::kGelu:
      // The identity path gives the input's values at and above the window's top.
      lo = std::min(lo, 0.0);
      hi = std::max(hi, in.max_value());
      break;
    case LutFunction::kSelu: {
      FixedType scale = ScaleType(t, params.gamma);
      double g = fixed::ToDouble(fixed::FromDouble(params.gamma, scale), scale);
      lo = std::min({lo, 0.0, g * in.max_value()});
      hi = std::max({hi, 0.0, g * in.max_value()});
      break;
    }
    default:
      return std::vector<FixedType>{t};
  }
  auto r = RangeType(lo, hi, std::max(t.frac_bits(), in.frac_bits()), node);
  if (!r.ok()) return r.error();
  return std::vector<FixedType>{r.value()};
}

}  // namespace

const TypeRules kLutTypeRules = {LutTypeKeys, LutAutoNodeType, LutAutoResult};

}  // namespace loom::plan
