// The float reference engine's elementwise-family ops: broadcasting arithmetic and activations.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ref/ops.h"

namespace loom::ref {

Result Add(const Call& c) {
  return Variadic(c, 2, 2, [](double p, double q) { return p + q; });
}

Result Sub(const Call& c) {
  return Variadic(c, 2, 2, [](double p, double q) { return p - q; });
}

Result Mul(const Call& c) {
  return Variadic(c, 2, 2, [](double p, double q) { return p * q; });
}

Result Div(const Call& c) {
  return Variadic(c, 2, 2, [](double p, double q) { return p / q; });
}

Result Max(const Call& c) {
  return Variadic(c, 1, SIZE_MAX, [](double p, double q) { return std::max(p, q); });
}

Result Min(const Call& c) {
  return Variadic(c, 1, SIZE_MAX, [](double p, double q) { return std::min(p, q); });
}

Result Sum(const Call& c) {
  return Variadic(c, 1, SIZE_MAX, [](double p, double q) { return p + q; });
}

Result Relu(const Call& c) {
  return Unary(c, [](double v) { return v < 0 ? 0.0 : v; });
}

Result Abs(const Call& c) {
  return Unary(c, [](double v) { return std::fabs(v); });
}

Result Neg(const Call& c) {
  return Unary(c, [](double v) { return -v; });
}

Result Sign(const Call& c) {
  return Unary(c, [](double v) { return v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0; });
}

Result Compare(const Call& c) {
  const std::string kind = ir::StringAttr(c.node, "kind");
  auto truth = [](bool b) { return b ? 1.0 : 0.0; };
  if (kind == "greater") return Variadic(c, 2, 2, [&](double p, double q) { return truth(p > q); });
  if (kind == "greater_or_equal") {
    return Variadic(c, 2, 2, [&](double p, double q) { return truth(p >= q); });
  }
  if (kind == "less") return Variadic(c, 2, 2, [&](double p, double q) { return truth(p < q); });
  if (kind == "less_or_equal") {
    return Variadic(c, 2, 2, [&](double p, double q) { return truth(p <= q); });
  }
  if (kind == "equal") return Variadic(c, 2, 2, [&](double p, double q) { return truth(p == q); });
  return Fail(c.node, "unknown comparison '" + kind + "'");
}

Result LeakyRelu(const Call& c) {
  double alpha = ir::FloatAttr(c.node, "alpha");
  // max(v, 0) + alpha * min(v, 0) is exactly v or alpha * v (signed zeros and NaN included),
  // without a branch, so the loop vectorizes.
  return Unary(c, [=](double v) { return std::max(v, 0.0) + alpha * std::min(v, 0.0); });
}

Result PRelu(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 2));
  const Tensor& x = *c.in[0];
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, x.shape));
  ParamValues slope = ParamValues::Same(0);
  if (c.in.size() == 2) {
    // ONNX broadcasts slope onto X only (unidirectionally).
    auto offsets = BroadcastOffsets(c.in[1]->shape, x.shape);
    if (!offsets) {
      return Fail(c.node, "slope of shape " + Str(c.in[1]->shape) +
                              " does not broadcast to the input shape " + Str(x.shape));
    }
    std::vector<float> values;
    for (int64_t off : *offsets) values.push_back(c.in[1]->data[off]);
    slope = ParamValues(std::move(values));
  } else {
    auto s = BroadcastParam(c.node, "slope", x.shape, std::nullopt);
    if (!s.ok()) return s.error();
    slope = std::move(s).value();
  }
  Tensor y(c.out[0]);
  for (int64_t i = 0; i < y.size(); ++i) {
    float v = x.data[i];
    y.data[i] = v < 0 ? v * slope[i] : v;
  }
  return One(std::move(y));
}

Result ThresholdedRelu(const Call& c) {
  double alpha = ir::FloatAttr(c.node, "alpha");
  return Unary(c, [=](double v) { return v > alpha ? v : 0.0; });
}

Result HardSigmoid(const Call& c) {
  double alpha = ir::FloatAttr(c.node, "alpha");
  double beta = ir::FloatAttr(c.node, "beta");
  return Unary(c, [=](double v) { return std::clamp(alpha * v + beta, 0.0, 1.0); });
}

Result HardSwish(const Call& c) {
  return Unary(c, [](double v) { return v * std::clamp(v / 6.0 + 0.5, 0.0, 1.0); });
}

Result Clip(const Call& c) {
  float lo = c.node.attrs.Has("min") ? static_cast<float>(c.node.attrs.GetFloat("min"))
                                     : -std::numeric_limits<float>::infinity();
  float hi = c.node.attrs.Has("max") ? static_cast<float>(c.node.attrs.GetFloat("max"))
                                     : std::numeric_limits<float>::infinity();
  // min(max(x, lo), hi) as ONNX writes it: with lo > hi every element becomes hi.
  return Unary(c, [&](double v) {
    return static_cast<double>(std::min(std::max(static_cast<float>(v), lo), hi));
  });
}

}  // namespace loom::ref
