// The float reference engine's quant-family ops: QONNX quantizers, ONNX (De)QuantizeLinear.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ref/ops.h"

namespace loom::ref {

// These follow the float32 arithmetic of the reference implementations (numpy for QONNX, ORT for
// QuantizeLinear) step by step: a value a hair away from a rounding tie must round the same way,
// or the result is off by a whole quantum.

namespace {

enum class Rounding { kHalfEven, kCeil, kFloor, kToZero };

ErrorOr<Rounding> ReadRounding(const Node& node, const std::string& def) {
  std::string mode = node.attrs.GetString("rounding_mode", def);
  std::string upper = mode;
  for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (upper == "ROUND") return Rounding::kHalfEven;
  if (upper == "CEIL") return Rounding::kCeil;
  if (upper == "FLOOR") return Rounding::kFloor;
  if (upper == "ROUND_TO_ZERO") return Rounding::kToZero;
  return Fail(node, "unsupported rounding_mode '" + mode +
                        "' (supported: ROUND, CEIL, FLOOR, ROUND_TO_ZERO)");
}

float ApplyRounding(Rounding mode, float v) {
  switch (mode) {
    case Rounding::kHalfEven:
      return std::nearbyint(v);  // the default FE_TONEAREST mode: ties to even, like np.round
    case Rounding::kCeil:
      return std::ceil(v);
    case Rounding::kFloor:
      return std::floor(v);
    case Rounding::kToZero:
      return std::trunc(v);
  }
  return v;
}
}  // namespace

Result Quant(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, x.shape));
  auto scale = BroadcastParam(c.node, "scale", x.shape, std::nullopt);
  if (!scale.ok()) return scale.error();
  auto zp = BroadcastParam(c.node, "zero_point", x.shape, 0.0f);
  if (!zp.ok()) return zp.error();
  auto bits = BroadcastParam(c.node, "bitwidth", x.shape, std::nullopt);
  if (!bits.ok()) return bits.error();
  auto rounding = ReadRounding(c.node, "ROUND");
  if (!rounding.ok()) return rounding.error();
  bool is_signed = c.node.attrs.GetInt("signed", 1) != 0;
  bool narrow = c.node.attrs.GetInt("narrow", 0) != 0;
  Tensor y(c.out[0]);
  // The integer range of the last bit width seen (bit widths are mostly one per tensor).
  bool have_range = false;
  float range_bw = 0;
  float lo = 0;
  float hi = 0;
  for (int64_t i = 0; i < y.size(); ++i) {
    float bw = bits.value()[i];
    if (!have_range || bw != range_bw) {
      if (!(bw >= 1) || bw != std::floor(bw) || bw > 64) {
        return Fail(c.node,
                    "bitwidth must be a whole number from 1 to 64, not " + std::to_string(bw));
      }
      double half = std::ldexp(1.0, static_cast<int>(bw) - 1);
      lo = static_cast<float>(is_signed ? (narrow ? -half + 1 : -half) : 0.0);
      hi = static_cast<float>(is_signed ? half - 1 : (narrow ? 2 * half - 2 : 2 * half - 1));
      range_bw = bw;
      have_range = true;
    }
    float s = scale.value()[i];
    float z = zp.value()[i];
    float q = x.data[i] / s + z;
    if (bw == 1 && is_signed) {
      // QONNX treats a signed 1-bit Quant as bipolar: the sign of the scaled value.
      q = q >= 0 ? 1.0f : -1.0f;
    } else {
      // Clamping to whole bounds commutes with rounding, so the order QONNX uses does not matter.
      q = ApplyRounding(rounding.value(), std::clamp(q, lo, hi));
    }
    y.data[i] = (q - z) * s;
  }
  return One(std::move(y));
}

Result BipolarQuant(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, x.shape));
  auto scale = BroadcastParam(c.node, "scale", x.shape, std::nullopt);
  if (!scale.ok()) return scale.error();
  Tensor y(c.out[0]);
  for (int64_t i = 0; i < y.size(); ++i) {
    y.data[i] = (x.data[i] >= 0 ? 1.0f : -1.0f) * scale.value()[i];
  }
  return One(std::move(y));
}

// QONNX Trunc in its four-parameter form: the output keeps the input scale and zero point.
Result Trunc(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, x.shape));
  auto scale = BroadcastParam(c.node, "scale", x.shape, std::nullopt);
  if (!scale.ok()) return scale.error();
  auto zp = BroadcastParam(c.node, "zero_point", x.shape, 0.0f);
  if (!zp.ok()) return zp.error();
  auto in_bits = BroadcastParam(c.node, "input_bit_width", x.shape, std::nullopt);
  if (!in_bits.ok()) return in_bits.error();
  auto out_bits = BroadcastParam(c.node, "output_bit_width", x.shape, std::nullopt);
  if (!out_bits.ok()) return out_bits.error();
  auto rounding = ReadRounding(c.node, "FLOOR");
  if (!rounding.ok()) return rounding.error();
  Tensor y(c.out[0]);
  for (int64_t i = 0; i < y.size(); ++i) {
    float s = scale.value()[i];
    float z = zp.value()[i];
    float q = std::nearbyint(x.data[i] / s + z);
    float trunc_scale = std::exp2(in_bits.value()[i] - out_bits.value()[i]);
    q = ApplyRounding(rounding.value(), q / trunc_scale);
    y.data[i] = (q - z) * s;
  }
  return One(std::move(y));
}

// QONNX FloatQuant, as QONNX's executor computes it in float32: v = x / scale; exponent
// e = max(floor(log2(|v| + tiny)) - M, 1 - bias - M); q = round(v / 2^e) * 2^e; clip to the
// format's largest value (or max_val); times scale.
Result FloatQuant(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, x.shape));
  std::vector<ParamValues> p;
  for (const char* key :
       {"scale", "exponent_bitwidth", "mantissa_bitwidth", "exponent_bias", "max_val"}) {
    auto v = BroadcastParam(c.node, key, x.shape, std::nullopt);
    if (!v.ok()) return v.error();
    p.push_back(std::move(v).value());
  }
  auto rounding = ReadRounding(c.node, "ROUND");
  if (!rounding.ok()) return rounding.error();
  if (c.node.attrs.GetInt("saturation", 1) == 0) {
    return Fail(c.node, "FloatQuant without saturation (infinities or NaN) is not supported");
  }
  Tensor y(c.out[0]);
  const float tiny = std::numeric_limits<float>::min();
  for (int64_t i = 0; i < y.size(); ++i) {
    const float s = p[0][i], e_bits = p[1][i], m_bits = p[2][i], bias = p[3][i];
    const float v = x.data[i] / s;
    const float emin = 1.0f - bias - m_bits;
    const float e = std::max(std::floor(std::log2(std::fabs(v) + tiny)) - m_bits, emin);
    const float step = std::exp2(e);
    float q = step * ApplyRounding(rounding.value(), v / step);
    const float emax = std::exp2(e_bits) - 1.0f - bias;
    float top = (2.0f - std::exp2(-m_bits)) * std::exp2(emax);
    if (std::isfinite(p[4][i])) top = std::min(top, p[4][i]);
    q = std::clamp(q, -top, top);
    y.data[i] = q * s;
  }
  return One(std::move(y));
}

namespace {

// Scale and zero point of QuantizeLinear/DequantizeLinear expanded to one value per element:
// per-tensor (one value) or per-axis (one value per index of `axis`).
ErrorOr<std::vector<float>> LinearQuantParam(const Node& node, const std::string& key,
                                             const Shape& shape, std::optional<float> fallback) {
  const Tensor* t = node.param(key);
  int64_t n = ir::NumElements(shape);
  if (t == nullptr) {
    if (fallback) return std::vector<float>(n, *fallback);
    return Fail(node, "missing param '" + key + "'");
  }
  if (node.attrs.GetInt("block_size", 0) > 0) {
    return Fail(node, "blocked quantization (block_size) is not supported");
  }
  int64_t axis = node.attrs.GetInt("axis", -1);
  if (axis < 0) {
    if (t->size() != 1) {
      return Fail(node, "per-tensor param '" + key + "' must have one value, not " +
                            std::to_string(t->size()));
    }
    return std::vector<float>(n, t->data[0]);
  }
  if (axis >= Rank(shape) || t->size() != shape[axis]) {
    return Fail(node, "per-axis param '" + key + "' has " + std::to_string(t->size()) +
                          " values; axis " + std::to_string(axis) + " of " + Str(shape) +
                          " needs one per index");
  }
  std::vector<float> out(n);
  int64_t inner = RowMajorStrides(shape)[axis];
  for (int64_t i = 0; i < n; ++i) out[i] = t->data[(i / inner) % shape[axis]];
  return out;
}
}  // namespace

Result QuantizeLinear(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, x.shape));
  auto scale = LinearQuantParam(c.node, "scale", x.shape, std::nullopt);
  if (!scale.ok()) return scale.error();
  auto zp = LinearQuantParam(c.node, "zero_point", x.shape, 0.0f);
  if (!zp.ok()) return zp.error();
  float qmin = static_cast<float>(c.node.attrs.GetFloat("qmin", 0.0));
  float qmax = static_cast<float>(c.node.attrs.GetFloat("qmax", 255.0));
  Tensor y(c.out[0]);
  for (int64_t i = 0; i < y.size(); ++i) {
    float q = std::nearbyint(x.data[i] / scale.value()[i]) + zp.value()[i];
    y.data[i] = std::clamp(q, qmin, qmax);
  }
  return One(std::move(y));
}

Result DequantizeLinear(const Call& c) {
  LOOM_REF_RETURN_IF_ERROR(ExpectInputs(c, 1, 1));
  const Tensor& x = *c.in[0];
  LOOM_REF_RETURN_IF_ERROR(ExpectOutShape(c, 0, x.shape));
  auto scale = LinearQuantParam(c.node, "scale", x.shape, std::nullopt);
  if (!scale.ok()) return scale.error();
  auto zp = LinearQuantParam(c.node, "zero_point", x.shape, 0.0f);
  if (!zp.ok()) return zp.error();
  Tensor y(c.out[0]);
  for (int64_t i = 0; i < y.size(); ++i) {
    y.data[i] = (x.data[i] - zp.value()[i]) * scale.value()[i];
  }
  return One(std::move(y));
}

}  // namespace loom::ref
