// The float reference engine's LUT-family ops: the activations the emulator evaluates by table.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "ref/ops.h"

namespace loom::ref {

Result Elu(const Call& c) {
  double alpha = ir::FloatAttr(c.node, "alpha");
  return Unary(c, [=](double v) { return v < 0 ? alpha * std::expm1(v) : v; });
}

Result Selu(const Call& c) {
  double alpha = ir::FloatAttr(c.node, "alpha");
  double gamma = ir::FloatAttr(c.node, "gamma");
  return Unary(c, [=](double v) { return gamma * (v <= 0 ? alpha * std::expm1(v) : v); });
}

Result Sigmoid(const Call& c) {
  // Two forms so that exp() never overflows into inf/inf.
  return Unary(c, [](double v) {
    return v >= 0 ? 1.0 / (1.0 + std::exp(-v)) : std::exp(v) / (1.0 + std::exp(v));
  });
}

Result Tanh(const Call& c) {
  return Unary(c, [](double v) { return std::tanh(v); });
}

Result Softmax(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, x.shape));
  if (x.shape.empty()) return Fail(c.node, "softmax needs an input of rank 1 or more");
  auto axis = NormalizeAxis(c.node, c.node.attrs.GetInt("axis", -1), Rank(x.shape));
  if (!axis.ok()) return axis.error();
  int64_t n = x.shape[axis.value()];
  int64_t inner = RowMajorStrides(x.shape)[axis.value()];
  int64_t outer = n * inner == 0 ? 0 : x.size() / (n * inner);
  Tensor y(c.out[0]);
  std::vector<double> e(n);
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t i = 0; i < inner; ++i) {
      const float* xp = x.data.data() + o * n * inner + i;
      float* yp = y.data.data() + o * n * inner + i;
      // Subtracting the maximum keeps exp() finite without changing the quotient.
      double max = -std::numeric_limits<double>::infinity();
      for (int64_t k = 0; k < n; ++k) max = std::max(max, static_cast<double>(xp[k * inner]));
      double sum = 0;
      for (int64_t k = 0; k < n; ++k) sum += e[k] = std::exp(xp[k * inner] - max);
      for (int64_t k = 0; k < n; ++k) yp[k * inner] = static_cast<float>(e[k] / sum);
    }
  }
  return One(std::move(y));
}

Result Softplus(const Call& c) {
  return Unary(
      c, [](double v) { return v > 0 ? v + std::log1p(std::exp(-v)) : std::log1p(std::exp(v)); });
}

Result Softsign(const Call& c) {
  return Unary(c, [](double v) { return v / (1.0 + std::fabs(v)); });
}

Result Exp(const Call& c) {
  return Unary(c, [](double v) { return std::exp(v); });
}

Result Erf(const Call& c) {
  return Unary(c, [](double v) { return std::erf(v); });
}

Result Log(const Call& c) {
  return Unary(c, [](double v) { return std::log(v); });
}

Result Sqrt(const Call& c) {
  return Unary(c, [](double v) { return std::sqrt(v); });
}

Result Pow(const Call& c) {
  const double e = ir::FloatAttr(c.node, "exponent");
  return Unary(c, [e](double v) { return std::pow(v, e); });
}

Result Gelu(const Call& c) {
  if (ir::StringAttr(c.node, "approximate") == "tanh") {
    return Unary(c, [](double v) {
      const double k = std::sqrt(2.0 / std::acos(-1.0));
      return 0.5 * v * (1.0 + std::tanh(k * (v + 0.044715 * v * v * v)));
    });
  }
  return Unary(c, [](double v) { return 0.5 * v * std::erfc(-v / std::sqrt(2.0)); });
}

}  // namespace loom::ref
