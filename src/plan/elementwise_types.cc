// The elementwise family's type rules: arithmetic with numpy broadcasting and the relu family.
//
// Cast points follow hls4ml's nnet_merge.h and nnet_activation.h: every result is computed
// exactly (ap_fixed's operator result types) and cast once to the result type; see
// docs/numerics.md for the per-op contract.
#include "plan/elementwise_types.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "loom/fixed/fixed_value.h"
#include "plan/plan.h"
#include "plan/type_rules.h"

namespace loom::plan {
namespace {

using fixed::CastFlags;
using fixed::int128;
using fixed::uint128;
using fixed::WideType;
using ir::Node;
using ir::OpKind;

// ---------------------------------------------------------------------------------------------
// Constants of the relu family (attributes quantized to a node type).

constexpr double kHardSwishSlope = 1.0 / 6.0;
constexpr double kHardSwishShift = 0.5;

// The constants a node type key quantizes, as doubles.
ErrorOr<std::vector<double>> ConstValues(const Node& node, const std::string& key) {
  switch (node.op) {
    case OpKind::kLeakyRelu:
      if (key == "param") return std::vector<double>{ir::FloatAttr(node, "alpha")};
      break;
    case OpKind::kThresholdedRelu:
      if (key == "param") return std::vector<double>{ir::FloatAttr(node, "alpha")};
      break;
    case OpKind::kClip:
      if (key == "param") {
        std::vector<double> v;
        if (node.attrs.Has("min")) v.push_back(ir::FloatAttr(node, "min"));
        if (node.attrs.Has("max")) v.push_back(ir::FloatAttr(node, "max"));
        if (!v.empty()) return v;
      }
      break;
    case OpKind::kHardSigmoid:
      if (key == "slope") return std::vector<double>{ir::FloatAttr(node, "alpha")};
      if (key == "shift") return std::vector<double>{ir::FloatAttr(node, "beta")};
      break;
    case OpKind::kHardSwish:
      if (key == "slope") return std::vector<double>{kHardSwishSlope};
      if (key == "shift") return std::vector<double>{kHardSwishShift};
      break;
    case OpKind::kPRelu:
      if (key == "param" && node.param("slope") != nullptr) {
        const ir::Tensor* t = node.param("slope");
        return std::vector<double>(t->data.begin(), t->data.end());
      }
      break;
    default:
      break;
  }
  return NodeError(node, "has no type '" + key + "'; its types are listed by its op's type keys");
}

constexpr int64_t kConstBits = 16;

// The type "auto" gives constants: the exact type of all of them when that needs at most 16
// bits, else a 16-bit type (AP_RND) with just enough integer bits for the largest magnitude.
ErrorOr<FixedType> ConstantType(const std::vector<double>& values, const Node& node,
                                const std::string& key) {
  if (values.empty()) return NodeError(node, "type '" + key + "' has no values to hold");
  std::vector<Scaled> exact;
  double max_abs = 0;
  bool negative = false;
  for (double v : values) {
    if (!std::isfinite(v)) {
      return NodeError(node, "the value of '" + key +
                                 "' is not finite; give the node a finite "
                                 "value");
    }
    max_abs = std::max(max_abs, std::fabs(v));
    negative |= v < 0;
    if (v == 0) {
      exact.push_back({0, 0});
      continue;
    }
    int e = 0;
    double m = std::frexp(v, &e);  // v = m * 2^e, 0.5 <= |m| < 1
    int64_t raw = static_cast<int64_t>(std::ldexp(m, 53));
    int64_t frac = 53 - e;
    while ((raw & 1) == 0) {
      raw /= 2;
      --frac;
    }
    exact.push_back({raw, frac});
  }
  auto t = RangeType(exact, node);
  if (t.ok() && t.value().width <= kConstBits) return t;
  if (max_abs == 0) return NodeError(node, "internal: zero constants have an exact type");
  // Integer bits for the largest magnitude: 2^(e-1) <= max_abs < 2^e.
  int e = 0;
  std::frexp(max_abs, &e);
  for (int64_t int_bits = e + (negative ? 1 : 0); int_bits <= e + 2; ++int_bits) {
    auto c = FixedType::Create(kConstBits, int_bits, negative, fixed::QuantMode::kRnd);
    if (!c.ok()) {
      return NodeError(node, "cannot give '" + key + "' a 16-bit type: " + c.error().message() +
                                 "; set its precision in the configuration");
    }
    bool fits = true;
    for (double v : values) {
      CastFlags f;
      fixed::FromDouble(v, c.value(), &f);
      fits &= !f.overflow && !f.underflow;
    }
    if (fits) return c.value();
  }
  return NodeError(node, "internal: no 16-bit type for '" + key + "'");
}

}  // namespace

// The constants of `key` quantized to the node's type for it (ap_fixed's constructor from
// double, as a `const param_t alpha = 0.3;` in the firmware).
ErrorOr<std::vector<int64_t>> QuantizedConsts(const Node& node, const std::string& key,
                                              const FixedType& t) {
  auto values = ConstValues(node, key);
  if (!values.ok()) return values.error();
  std::vector<int64_t> raw;
  for (double v : values.value()) raw.push_back(fixed::FromDouble(v, t));
  return raw;
}

std::optional<Error> CheckArity(const Node& node, size_t num_types) {
  size_t n = node.inputs.size();
  bool binary = node.op == OpKind::kAdd || node.op == OpKind::kSub || node.op == OpKind::kMul ||
                node.op == OpKind::kDiv;
  if (binary ? n != 2 : n < 1) {
    return NodeError(node, std::string("expects ") + (binary ? "2 inputs" : "1 or more inputs") +
                               " but has " + std::to_string(n));
  }
  if (num_types != n) {
    return NodeError(node, "internal: " + std::to_string(num_types) + " input types for " +
                               std::to_string(n) + " inputs");
  }
  return std::nullopt;
}

bool IsArithmetic(OpKind op) {
  switch (op) {
    case OpKind::kAdd:
    case OpKind::kSub:
    case OpKind::kMul:
    case OpKind::kDiv:
    case OpKind::kMax:
    case OpKind::kMin:
    case OpKind::kSum:
      return true;
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// hard_sigmoid and hard_swish.

ErrorOr<HardParts> MakeHardParts(const Node& node, const FixedType& in) {
  HardParts p;
  auto slope_t = NodeType(node, "slope");
  if (!slope_t.ok()) return slope_t.error();
  auto shift_t = NodeType(node, "shift");
  if (!shift_t.ok()) return shift_t.error();
  p.slope_type = slope_t.value();
  p.shift_type = shift_t.value();
  auto slope = QuantizedConsts(node, "slope", p.slope_type);
  if (!slope.ok()) return slope.error();
  auto shift = QuantizedConsts(node, "shift", p.shift_type);
  if (!shift.ok()) return shift.error();
  p.slope = slope.value()[0];
  p.shift = shift.value()[0];
  p.product = fixed::ProductType(WideType::Of(p.slope_type), WideType::Of(in));
  auto sum = fixed::SumType(p.product, WideType::Of(p.shift_type));
  if (!sum.ok()) return NodeError(node, sum.error().message() + "; use closer slope/shift types");
  p.sum = sum.value();
  if (!p.sum.is_signed && p.sum.width >= 128) {
    return NodeError(node, "slope * x + shift needs 128 bits; use closer slope/shift types");
  }
  p.product_align = static_cast<int>(p.sum.frac_bits() - p.product.frac_bits());
  p.shift_align = static_cast<int>(p.sum.frac_bits() - p.shift_type.frac_bits());
  int64_t f = p.sum.frac_bits();
  p.one = FloorOnGrid(1, 0, f);
  // ap_fixed assigns the int 1 to the sum's type (AP_TRN, AP_WRAP): 2^f's low `width` bits.
  if (f < 0 || f >= p.sum.width) {
    p.one_stored = 0;
  } else if (p.sum.is_signed && f == p.sum.width - 1) {
    p.one_stored = static_cast<uint128>(-(int128{1} << f));
  } else {
    p.one_stored = uint128{1} << f;
  }
  return p;
}

ErrorOr<WideType> SwishProduct(const Node& node, const FixedType& in, const HardParts& p) {
  int64_t f = p.sum.frac_bits();
  if (f < 0) {
    return NodeError(node,
                     "slope * x has no fraction bits, so x/6 + 1/2 cannot be formed; give "
                     "the input or the slope type fraction bits");
  }
  WideType h{f + 1, 1, false};
  WideType prod = fixed::ProductType(WideType::Of(in), h);
  if (prod.width > 128) {
    return NodeError(node, "x * hard_sigmoid(x) needs " + std::to_string(prod.width) +
                               " bits, more than loom's limit of 128; use a narrower input or "
                               "slope type");
  }
  return prod;
}

// ---------------------------------------------------------------------------------------------
// The family.

namespace {

std::vector<TypeKey> ElementwiseTypeKeys(const Node& node) {
  switch (node.op) {
    case OpKind::kLeakyRelu:
    case OpKind::kThresholdedRelu:
      return {{"param", ""}};
    case OpKind::kClip:
      if (node.attrs.Has("min") || node.attrs.Has("max")) return {{"param", ""}};
      return {};
    case OpKind::kHardSigmoid:
    case OpKind::kHardSwish:
      return {{"slope", ""}, {"shift", ""}};
    case OpKind::kPRelu:
      if (node.inputs.size() == 1 && node.param("slope") != nullptr) return {{"param", "slope"}};
      return {};
    default:
      return {};
  }
}

ErrorOr<FixedType> ElementwiseAutoNodeType(const Node& node, const std::string& key,
                                           const std::vector<FixedType>& /*inputs*/) {
  auto values = ConstValues(node, key);
  if (!values.ok()) return values.error();
  return ConstantType(values.value(), node, key);
}

ErrorOr<std::vector<FixedType>> ElementwiseAutoResult(const Node& node,
                                                      const std::vector<FixedType>& inputs) {
  if (inputs.empty()) return NodeError(node, "has no inputs");
  auto one = [](ErrorOr<FixedType> t) -> ErrorOr<std::vector<FixedType>> {
    if (!t.ok()) return t.error();
    return std::vector<FixedType>{t.value()};
  };
  if (IsArithmetic(node.op)) {
    if (auto e = CheckArity(node, inputs.size())) return *e;
    if (node.op == OpKind::kMax || node.op == OpKind::kMin) return one(UnionType(inputs, node));
    auto wide = MergeExactType(node, inputs);
    if (!wide.ok()) return wide.error();
    return one(ToFixed(wide.value(), node));
  }
  if (node.op == OpKind::kCompare) return one(FixedType::Unsigned(1, 1));
  const FixedType& in = inputs[0];
  switch (node.op) {
    case OpKind::kAbs:
    case OpKind::kNeg:
    case OpKind::kSign:
      return one(SignOpExactType(node, in));
    case OpKind::kRelu:
      // Results are >= 0: one bit narrower and unsigned holds every one of them.
      if (in.is_signed && in.width >= 2)
        return one(FixedType::Unsigned(in.width - 1, in.int_bits - 1));
      return one(ToFixed(WideType::Of(in), node));
    case OpKind::kThresholdedRelu: {
      auto pt = NodeType(node, "param");
      if (!pt.ok()) return pt.error();
      auto theta = QuantizedConsts(node, "param", pt.value());
      if (!theta.ok()) return theta.error();
      std::vector<Scaled> v{{0, in.frac_bits()}, MaxOf(in)};
      if (fixed::Compare(theta.value()[0], pt.value(), 0, in) < 0) v.push_back(MinOf(in));
      return one(RangeType(v, node));
    }
    case OpKind::kLeakyRelu:
    case OpKind::kPRelu: {
      FixedType at;
      std::vector<int128> alphas;
      if (node.op == OpKind::kPRelu && inputs.size() == 2) {
        at = inputs[1];
        alphas = {MinOf(at).raw, MaxOf(at).raw};
      } else {
        auto pt = NodeType(node, "param");
        if (!pt.ok()) return pt.error();
        at = pt.value();
        auto a = QuantizedConsts(node, "param", at);
        if (!a.ok()) return a.error();
        for (int64_t r : a.value()) alphas.push_back(static_cast<int128>(Bits(r, at)));
      }
      int128 x_lo = std::min<int128>(MinOf(in).raw, 0);
      std::vector<Scaled> v{{0, in.frac_bits()}, MaxOf(in)};
      for (int128 a : alphas) v.push_back({a * x_lo, at.frac_bits() + in.frac_bits()});
      return one(RangeType(v, node));
    }
    case OpKind::kClip: {
      // Clamping is monotone: the results lie between those of the extreme inputs, on the finer
      // of the input's and the bounds' grids.
      std::optional<int64_t> lo;
      std::optional<int64_t> hi;
      FixedType pt = in;
      if (node.attrs.Has("min") || node.attrs.Has("max")) {
        auto t = NodeType(node, "param");
        if (!t.ok()) return t.error();
        pt = t.value();
        auto bounds = QuantizedConsts(node, "param", pt);
        if (!bounds.ok()) return bounds.error();
        if (node.attrs.Has("min")) lo = bounds.value()[0];
        if (node.attrs.Has("max")) hi = bounds.value().back();
      }
      auto clip = [&](int64_t x) -> Scaled {
        if (lo && fixed::Compare(x, in, *lo, pt) < 0) {
          int64_t b = hi && fixed::Compare(*lo, pt, *hi, pt) > 0 ? *hi : *lo;
          return {static_cast<int128>(Bits(b, pt)), pt.frac_bits()};
        }
        if (hi && fixed::Compare(x, in, *hi, pt) > 0) {
          return {static_cast<int128>(Bits(*hi, pt)), pt.frac_bits()};
        }
        return {static_cast<int128>(Bits(x, in)), in.frac_bits()};
      };
      return one(RangeType({clip(in.min_raw()), clip(in.max_raw())}, node,
                           std::max(in.frac_bits(), pt.frac_bits())));
    }
    case OpKind::kHardSigmoid: {
      auto parts = MakeHardParts(node, in);
      if (!parts.ok()) return parts.error();
      const HardParts& p = parts.value();
      int64_t f = p.sum.frac_bits();
      std::vector<Scaled> v{{0, f}, {static_cast<int128>(p.one_stored), f}};
      if (p.one > 0) v.push_back({p.one - 1, f});
      return one(RangeType(v, node));
    }
    case OpKind::kHardSwish: {
      auto parts = MakeHardParts(node, in);
      if (!parts.ok()) return parts.error();
      auto prod = SwishProduct(node, in, parts.value());
      if (!prod.ok()) return prod.error();
      int64_t f = prod.value().frac_bits();
      int64_t hf = parts.value().sum.frac_bits();
      std::vector<Scaled> v{
          {0, f}, {MinOf(in).raw * (int128{1} << hf), f}, {MaxOf(in).raw * (int128{1} << hf), f}};
      return one(RangeType(v, node));
    }
    default:
      break;
  }
  return NodeError(node, "is not an elementwise op");
}

}  // namespace

const TypeRules kElementwiseTypeRules = {ElementwiseTypeKeys, ElementwiseAutoNodeType,
                                         ElementwiseAutoResult};

}  // namespace loom::plan
