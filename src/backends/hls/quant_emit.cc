// HLS emitters for quantizers and matmul (kernels/hls/loom/loom_quant.h). The per-element
// parameters are derived as the emulator derives them (src/sim/quant_kernels.cc): each element's
// scale split into an odd mantissa and a power of two, zero point, clamp bounds, and the shift
// that aligns y_int to the result's exact fixed-point type; one parameter set when every element
// shares it.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

#include "backends/hls/emit.h"
#include "loom/fixed/fixed_value.h"
#include "sim/kernel.h"

namespace loom::hls {
namespace {

using fixed::FixedType;
using int128 = __int128;

enum class Rounding { kHalfEven, kCeil, kFloor, kToZero };

ErrorOr<Rounding> ReadRounding(const ir::Node& node, const std::string& def) {
  std::string mode = node.attrs.GetString("rounding_mode", def);
  for (char& ch : mode) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (mode == "ROUND") return Rounding::kHalfEven;
  if (mode == "CEIL") return Rounding::kCeil;
  if (mode == "FLOOR") return Rounding::kFloor;
  if (mode == "ROUND_TO_ZERO") return Rounding::kToZero;
  return LayerError(node, "unsupported rounding_mode '" + mode +
                              "'; supported: ROUND, CEIL, FLOOR, ROUND_TO_ZERO");
}

const char* RoundingName(Rounding r) {
  switch (r) {
    case Rounding::kCeil:
      return "round_ceil";
    case Rounding::kFloor:
      return "round_floor";
    case Rounding::kToZero:
      return "round_to_zero";
    default:
      return "round_half_even";
  }
}

// num / den (den > 0) rounded as `mode` says: the emulator's integer rounding, used here for the
// bounds of y_int.
int128 RoundDiv(int128 num, int128 den, Rounding mode) {
  int128 q = num / den;
  int128 r = num % den;
  if (r < 0) {
    q -= 1;
    r += den;
  }
  switch (mode) {
    case Rounding::kFloor:
      return q;
    case Rounding::kCeil:
      return q + (r != 0);
    case Rounding::kToZero:
      return (num < 0 && r != 0) ? q + 1 : q;
    case Rounding::kHalfEven:
      if (2 * r > den) return q + 1;
      if (2 * r < den) return q;
      return q + (q & 1);
  }
  return q;
}

// A float as m * 2^e with m odd (or zero).
struct Dyadic {
  int64_t m = 0;
  int64_t e = 0;
};
Dyadic Split(double v) {
  Dyadic d;
  if (v == 0) return d;
  int ex = 0;
  double frac = std::frexp(v, &ex);
  d.m = static_cast<int64_t>(std::ldexp(frac, 53));
  d.e = ex - 53;
  while ((d.m & 1) == 0) {
    d.m >>= 1;
    ++d.e;
  }
  return d;
}

// One element's parameters (the kernel's quant_param plus what the emitter derives them from).
struct Elem {
  Dyadic scale;  // of x / scale
  int64_t s1 = 0, s2 = 0;
  int64_t zero = 0;
  int64_t lo = 0, hi = 0;
  int64_t trunc_bits = 0;
  Dyadic out_scale;  // multiplies y_int
  int64_t shl = 0;
  float out_value = 1;  // the scale as a float (the non-power-of-two product)
};

enum class Kind { kQuant, kQuantBipolar, kBipolarQuant, kTrunc, kQuantizeLinear, kDequantize };

const char* KindName(Kind k) {
  switch (k) {
    case Kind::kQuant:
      return "quant_int";
    case Kind::kQuantBipolar:
      return "quant_bipolar";
    case Kind::kBipolarQuant:
      return "bipolar_quant";
    case Kind::kTrunc:
      return "trunc_quant";
    case Kind::kQuantizeLinear:
      return "quantize_linear";
    case Kind::kDequantize:
      return "dequantize_linear";
  }
  return "quant_int";
}

struct Plan {
  Kind kind = Kind::kQuant;
  Rounding rounding = Rounding::kHalfEven;
  std::vector<Elem> elems;
  int64_t y_frac = 0;
  bool pow2 = true;
  int64_t out_frac = 0;
};

// A parameter broadcast to the input's shape, as the emulator reads it.
ErrorOr<std::vector<float>> Broadcast(const ir::Node& node, const std::string& key,
                                      const ir::Shape& shape, std::optional<float> fallback) {
  const ir::Tensor* t = node.param(key);
  int64_t n = ir::NumElements(shape);
  if (t == nullptr) {
    if (fallback) return std::vector<float>(n, *fallback);
    return LayerError(node, "missing param '" + key + "'");
  }
  if (node.op == ir::OpKind::kQuantizeLinear || node.op == ir::OpKind::kDequantizeLinear) {
    int64_t axis = node.attrs.GetInt("axis", -1);
    if (axis < 0) return std::vector<float>(n, t->data.at(0));
    if (axis >= static_cast<int64_t>(shape.size())) return LayerError(node, "axis out of range");
    std::vector<float> out(n);
    int64_t inner = 1;
    for (size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
    for (int64_t i = 0; i < n; ++i) out[i] = t->data.at((i / inner) % shape[axis]);
    return out;
  }
  ir::Shape from = t->shape;
  while (from.size() > shape.size() && from.front() == 1) from.erase(from.begin());
  std::vector<int64_t> index = sim::BroadcastIndex(from, shape);
  std::vector<float> out(n);
  for (int64_t i = 0; i < n; ++i) out[i] = t->data.at(index[i]);
  return out;
}

bool IsInteger(float v) { return std::isfinite(v) && v == std::floor(v); }

ErrorOr<Plan> MakePlan(const ir::Node& node, const FixedType& in) {
  Plan plan;
  const ir::Shape& shape = node.inputs[0]->shape;
  const ir::OpKind op = node.op;
  std::vector<float> scale, zero, bits, in_bits, out_bits;
  auto get = [&](const std::string& key, std::optional<float> def,
                 std::vector<float>* out) -> std::optional<Error> {
    auto v = Broadcast(node, key, shape, def);
    if (!v.ok()) return v.error();
    *out = std::move(v).value();
    return std::nullopt;
  };
  if (auto e = get("scale", std::nullopt, &scale)) return *e;
  if (op != ir::OpKind::kBipolarQuant) {
    if (auto e = get("zero_point", 0.0f, &zero)) return *e;
  }
  if (op == ir::OpKind::kQuant) {
    if (auto e = get("bitwidth", std::nullopt, &bits)) return *e;
  }
  if (op == ir::OpKind::kTrunc) {
    if (auto e = get("input_bit_width", std::nullopt, &in_bits)) return *e;
    if (auto e = get("output_bit_width", std::nullopt, &out_bits)) return *e;
  }
  if (op == ir::OpKind::kQuant || op == ir::OpKind::kTrunc) {
    auto r = ReadRounding(node, op == ir::OpKind::kQuant ? "ROUND" : "FLOOR");
    if (!r.ok()) return r.error();
    plan.rounding = r.value();
  }
  switch (op) {
    case ir::OpKind::kQuant:
      plan.kind = Kind::kQuant;
      break;
    case ir::OpKind::kBipolarQuant:
      plan.kind = Kind::kBipolarQuant;
      break;
    case ir::OpKind::kTrunc:
      plan.kind = Kind::kTrunc;
      break;
    case ir::OpKind::kQuantizeLinear:
      plan.kind = Kind::kQuantizeLinear;
      break;
    default:
      plan.kind = Kind::kDequantize;
      break;
  }
  const bool is_signed = node.attrs.GetInt("signed", 1) != 0;
  const bool narrow = node.attrs.GetInt("narrow", 0) != 0;
  const int64_t n = ir::NumElements(shape);
  plan.elems.resize(n);
  plan.y_frac = op == ir::OpKind::kDequantizeLinear ? in.frac_bits() : 0;
  for (int64_t i = 0; i < n; ++i) {
    Elem& p = plan.elems[i];
    float s = scale[i];
    if (!(std::isfinite(s) && s > 0)) {
      return LayerError(node, "scale must be a positive finite number, not " + std::to_string(s));
    }
    if (!zero.empty()) {
      if (!IsInteger(zero[i]) || std::fabs(zero[i]) > 9.0e18f) {
        return LayerError(node,
                          "zero points must be whole numbers, not " + std::to_string(zero[i]));
      }
      p.zero = static_cast<int64_t>(zero[i]);
    }
    if (op != ir::OpKind::kDequantizeLinear) p.scale = Split(s);
    if (op != ir::OpKind::kQuantizeLinear) p.out_scale = Split(s);
    if (op == ir::OpKind::kQuant) {
      float bw = bits[i];
      if (!IsInteger(bw) || bw < 1 || bw > 62) {
        return LayerError(
            node, "bitwidth must be a whole number from 1 to 62, not " + std::to_string(bw));
      }
      auto b = static_cast<int64_t>(bw);
      if (b == 1 && is_signed) plan.kind = Kind::kQuantBipolar;
      int64_t half = int64_t{1} << (b - 1);
      p.lo = is_signed ? (narrow ? -half + 1 : -half) : 0;
      p.hi = is_signed ? half - 1 : (narrow ? 2 * half - 2 : 2 * half - 1);
    } else if (op == ir::OpKind::kTrunc) {
      if (!IsInteger(in_bits[i]) || !IsInteger(out_bits[i]) || in_bits[i] < out_bits[i] ||
          in_bits[i] - out_bits[i] > 120) {
        return LayerError(node, "Trunc needs whole bit widths with input >= output");
      }
      p.trunc_bits = static_cast<int64_t>(in_bits[i] - out_bits[i]);
    } else if (op == ir::OpKind::kQuantizeLinear) {
      p.lo = static_cast<int64_t>(node.attrs.GetFloat("qmin", 0.0));
      p.hi = static_cast<int64_t>(node.attrs.GetFloat("qmax", 255.0));
    }
    if (op != ir::OpKind::kQuantizeLinear && p.out_scale.m != 1) plan.pow2 = false;
    if (std::llabs(p.scale.e) > 200 || std::llabs(p.out_scale.e) > 200) {
      return LayerError(node, "scale " + std::to_string(s) + " is out of range");
    }
    int64_t shift = -in.frac_bits() - p.scale.e;
    p.s1 = std::max<int64_t>(shift, 0);
    p.s2 = std::max<int64_t>(-shift, 0);
    if (p.scale.m == 0) p.scale.m = 1;  // no division (dequantize_linear)
    p.out_value = op == ir::OpKind::kQuantizeLinear ? 1.0f : s;
  }
  if (plan.kind == Kind::kQuantBipolar) {
    for (int64_t i = 0; i < n; ++i) {
      if (bits[i] != 1) return LayerError(node, "mixed bipolar and multi-bit bitwidths");
    }
  }
  if (plan.pow2) {
    plan.out_frac = INT64_MIN;
    for (const Elem& p : plan.elems) {
      plan.out_frac = std::max(plan.out_frac, plan.y_frac - p.out_scale.e);
    }
    if (plan.elems.empty()) plan.out_frac = 0;
    for (Elem& p : plan.elems) p.shl = plan.out_frac - (plan.y_frac - p.out_scale.e);
  }
  return plan;
}

// y_int of an element for input raw x (the emulator's computation, for bounds).
int128 Y(const Plan& plan, int64_t x, const Elem& p, int64_t in_frac) {
  switch (plan.kind) {
    case Kind::kDequantize:
      return int128{x} - (int128{p.zero} << in_frac);
    case Kind::kBipolarQuant:
      return x >= 0 ? 1 : -1;
    default:
      break;
  }
  int128 num = int128{x} << p.s1;
  int128 den = int128{p.scale.m} << p.s2;
  switch (plan.kind) {
    case Kind::kQuantBipolar:
      return (num + int128{p.zero} * den >= 0 ? 1 : -1) - p.zero;
    case Kind::kTrunc: {
      int128 q = RoundDiv(num, den, Rounding::kHalfEven) + p.zero;
      return RoundDiv(q, int128{1} << p.trunc_bits, plan.rounding) - p.zero;
    }
    case Kind::kQuant: {
      int128 q = std::clamp<int128>(RoundDiv(num, den, plan.rounding) + p.zero, p.lo, p.hi);
      return q - p.zero;
    }
    default:
      return std::clamp<int128>(RoundDiv(num, den, Rounding::kHalfEven) + p.zero, p.lo, p.hi);
  }
}

// Bits of a two's-complement integer holding every value in [lo, hi].
int64_t SignedBits(int128 lo, int128 hi) {
  int64_t b = 1;
  while (lo < -(int128{1} << (b - 1)) || hi > (int128{1} << (b - 1)) - 1) ++b;
  return b;
}
int64_t BitLength(int128 v) {
  if (v < 0) v = -v;
  int64_t b = 0;
  while (v > 0) {
    ++b;
    v >>= 1;
  }
  return b;
}

std::string LongLiteral(int64_t v) {
  if (v == INT64_MIN) return "(-9223372036854775807LL - 1)";
  return std::to_string(v) + "LL";
}

std::string ParamLiteral(const Elem& p) {
  return "{" + LongLiteral(p.scale.m) + ", " + std::to_string(p.s1) + "u, " + std::to_string(p.s2) +
         "u, " + LongLiteral(p.zero) + ", " + LongLiteral(p.lo) + ", " + LongLiteral(p.hi) + ", " +
         std::to_string(p.trunc_bits) + "u, " + std::to_string(p.shl) + "u}";
}

std::string Member(const std::string& decl) { return "  static const " + decl + ";\n"; }

ErrorOr<LayerCode> EmitQuantizer(const EmitContext& ctx) {
  const ir::Node& node = ctx.node;
  if (node.inputs.empty() || ctx.inputs.size() != 1 || ctx.outputs.size() != 1) {
    return LayerError(node, "expected one computed input and one output");
  }
  const FixedType& in = ctx.input_fixed[0];
  auto planned = MakePlan(node, in);
  if (!planned.ok()) return planned.error();
  const Plan& plan = planned.value();
  if (plan.kind == Kind::kDequantize && in.frac_bits() < 0) {
    return LayerError(node, "DequantizeLinear of an input with negative fraction bits (" +
                                in.ToString() + ") is not supported; give the input fraction bits");
  }
  FixedType scale_type = in;
  std::vector<int64_t> scale_raw;
  if (!plan.pow2) {
    auto it = node.types.find("scale");
    if (it == node.types.end()) return LayerError(node, "has no 'scale' type; assign precision");
    scale_type = it->second;
    for (const Elem& p : plan.elems)
      scale_raw.push_back(fixed::FromDouble(p.out_value, scale_type));
  }
  // Ranges: y_int over the input's range (monotonic in x), the value's raw bits (y_int << shl),
  // and the widest intermediate of the kernel's integer arithmetic.
  const int64_t in_frac = plan.kind == Kind::kDequantize ? in.frac_bits() : 0;
  const int64_t xmax = in.is_signed || in.width < 64 ? in.max_raw() : INT64_MAX;
  int128 vlo = 0, vhi = 0;
  int64_t wide = in.width + 2;
  for (const Elem& p : plan.elems) {
    int128 a = Y(plan, in.min_raw(), p, in_frac);
    int128 b = Y(plan, xmax, p, in_frac);
    if (SignedBits(std::min(a, b), std::max(a, b)) + p.shl > 120) {
      return LayerError(node, "the quantized values need more than 120 bits");
    }
    vlo = std::min({vlo, a * (int128{1} << p.shl), b * (int128{1} << p.shl)});
    vhi = std::max({vhi, a * (int128{1} << p.shl), b * (int128{1} << p.shl)});
    const int64_t zb = BitLength(p.zero);
    const int64_t den = BitLength(p.scale.m) + p.s2;
    wide = std::max({wide, in.width + p.s1 + 2, den + 3, zb + den + 2,
                     std::max(in.width + p.s1, zb) + 3, zb + in_frac + 2, p.trunc_bits + 3,
                     int64_t{65}});
  }
  wide += 2;
  if (wide > 240) return LayerError(node, "the scale needs integer arithmetic wider than 240 bits");
  const int64_t vw = SignedBits(vlo, vhi);
  const int64_t vfrac = plan.pow2 ? plan.out_frac : plan.y_frac;
  const std::string value_t =
      "ap_fixed<" + std::to_string(vw) + ", " + std::to_string(vw - vfrac) + ">";

  bool uniform = true;
  for (size_t i = 1; i < plan.elems.size() && uniform; ++i) {
    uniform = ParamLiteral(plan.elems[i]) == ParamLiteral(plan.elems[0]) &&
              (plan.pow2 || scale_raw[i] == scale_raw[0]);
  }
  const size_t n_param = uniform ? 1 : plan.elems.size();
  const std::string& id = ctx.id;
  LayerCode code;
  code.headers = {"loom_quant.h"};
  code.config = "struct " + id + "_config {\n" +                       //
                "  typedef " + ctx.input_types[0] + " input_t;\n" +    //
                "  typedef " + ctx.output_types[0] + " result_t;\n" +  //
                "  typedef " + (in.is_signed ? "ap_int<" : "ap_uint<") + std::to_string(in.width) +
                "> raw_t;\n" +                                                               //
                "  typedef ap_int<" + std::to_string(wide) + "> wide_t;\n" +                 //
                "  typedef " + value_t + " value_t;\n" +                                     //
                (plan.pow2 ? "" : "  typedef " + scale_type.ToApString() + " scale_t;\n") +  //
                Member("unsigned n_elem = " + std::to_string(plan.elems.size())) +           //
                Member("unsigned n_param = " + std::to_string(n_param)) +                    //
                Member(std::string("loom_hls::quant_op_t op = loom_hls::") + KindName(plan.kind)) +
                Member(std::string("int rounding = loom_hls::") + RoundingName(plan.rounding)) +
                Member("int in_frac = " + std::to_string(in_frac)) + "};\n";
  std::vector<std::string> params;
  for (size_t i = 0; i < n_param; ++i) params.push_back(ParamLiteral(plan.elems[i]));
  code.weights = ArrayDefinition("loom_hls::quant_param", id + "_p", params);
  code.call = "  loom_hls::" + std::string(plan.pow2 ? "quant" : "quant_scaled") + "<" + id +
              "_config>(" + ctx.inputs[0] + ", " + ctx.outputs[0] + ", " + id + "_p";
  if (!plan.pow2) {
    scale_raw.resize(n_param);
    auto sa = FixedArray(id + "_config::scale_t", scale_type, id + "_scale", scale_raw);
    if (!sa.ok()) return LayerError(node, sa.error().message());
    code.weights += sa.value();
    code.call += ", " + id + "_scale";
    code.multipliers = static_cast<int64_t>(plan.elems.size());
    code.dense_multipliers = code.multipliers;
  }
  code.call += ");\n";
  return code;
}

ErrorOr<LayerCode> EmitMatMul(const EmitContext& ctx) {
  const ir::Node& node = ctx.node;
  if (ctx.inputs.size() != 2 || ctx.outputs.size() != 1) {
    return LayerError(node, "matmul takes two computed inputs and gives one output");
  }
  auto acc = node.types.find("accum");
  if (acc == node.types.end()) return LayerError(node, "has no 'accum' type; assign precision");
  const ir::Shape& a = node.inputs[0]->shape;
  const ir::Shape& b = node.inputs[1]->shape;
  if (a.size() < 2 || b.size() < 2) {
    return LayerError(node, "matmul of operands of rank 2 or more only");
  }
  const int64_t m = a[a.size() - 2], k = a.back(), n = b.back();
  if (b[b.size() - 2] != k) return LayerError(node, "matmul inner dimensions differ");
  ir::Shape abatch(a.begin(), a.end() - 2);
  ir::Shape bbatch(b.begin(), b.end() - 2);
  if (!bbatch.empty() && bbatch != abatch) {
    return LayerError(node,
                      "matmul needs equal batch shapes or a 2-D right operand; broadcast "
                      "the operands explicitly");
  }
  const int64_t batch = ir::NumElements(abatch);
  const std::string& id = ctx.id;
  LayerCode code;
  code.headers = {"loom_quant.h"};
  code.config = "struct " + id + "_config {\n" +                           //
                "  typedef " + ctx.input_types[0] + " a_t;\n" +            //
                "  typedef " + ctx.input_types[1] + " b_t;\n" +            //
                "  typedef " + acc->second.ToApString() + " accum_t;\n" +  //
                "  typedef " + ctx.output_types[0] + " result_t;\n" +      //
                Member("unsigned n_batch = " + std::to_string(batch)) +    //
                Member("unsigned n_m = " + std::to_string(m)) +            //
                Member("unsigned n_k = " + std::to_string(k)) +            //
                Member("unsigned n_n = " + std::to_string(n)) +            //
                Member(std::string("bool b_batched = ") + (bbatch.empty() ? "false" : "true")) +
                "};\n";
  code.call = "  loom_hls::matmul<" + id + "_config>(" + ctx.inputs[0] + ", " + ctx.inputs[1] +
              ", " + ctx.outputs[0] + ");\n";
  code.multipliers = batch * m * k * n;
  code.dense_multipliers = code.multipliers;
  return code;
}

}  // namespace

ErrorOr<LayerCode> EmitQuant(const EmitContext& ctx) {
  switch (ctx.node.op) {
    case ir::OpKind::kMatMul:
      return EmitMatMul(ctx);
    case ir::OpKind::kQuant:
    case ir::OpKind::kBipolarQuant:
    case ir::OpKind::kTrunc:
    case ir::OpKind::kQuantizeLinear:
    case ir::OpKind::kDequantizeLinear:
      return EmitQuantizer(ctx);
    default:
      return LayerError(ctx.node, "not a quantizer or matmul");
  }
}

}  // namespace loom::hls
