// HLS emitters for quantizers and matmul (kernels/hls/loom/loom_quant.h). The per-element
// parameters are derived as the emulator derives them (src/plan/quant_plan.cc): each element's
// scale split into an odd mantissa and a power of two, zero point, clamp bounds, and the shift
// that aligns y_int to the result's exact fixed-point type; one parameter set when every element
// shares it.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

#include "backends/hls/emit.h"
#include "loom/fixed/fixed_value.h"
#include "plan/plan.h"
#include "plan/quant_plan.h"

namespace loom::hls {
namespace {

using fixed::FixedType;
using int128 = __int128;

using plan::QuantElem;
using plan::QuantKind;
using plan::QuantPlan;
using plan::Rounding;

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

const char* KindName(QuantKind k) {
  switch (k) {
    case QuantKind::kQuant:
      return "quant_int";
    case QuantKind::kQuantBipolar:
      return "quant_bipolar";
    case QuantKind::kBipolarQuant:
      return "bipolar_quant";
    case QuantKind::kTrunc:
      return "trunc_quant";
    case QuantKind::kQuantizeLinear:
      return "quantize_linear";
    case QuantKind::kDequantize:
      return "dequantize_linear";
    case QuantKind::kFloatQuant:
      return "float_quant";
  }
  return "quant_int";
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

std::string ParamLiteral(const QuantElem& p, const plan::MantissaReciprocal& r) {
  return "{" + LongLiteral(p.scale.m) + ", " + std::to_string(p.s1) + "u, " + std::to_string(p.s2) +
         "u, " + LongLiteral(p.zero) + ", " + LongLiteral(p.lo) + ", " + LongLiteral(p.hi) + ", " +
         std::to_string(p.trunc_bits) + "u, " + std::to_string(p.shl) + "u, " +
         std::to_string(p.man_bits) + "u, " + std::to_string(p.levels) + "u, " + LongLiteral(r.k) +
         ", " + LongLiteral(r.magic) + ", " + std::to_string(r.shift) + "u}";
}

std::string Member(const std::string& decl) { return "  static const " + decl + ";\n"; }

ErrorOr<LayerCode> EmitQuantizer(const EmitContext& ctx) {
  const ir::Node& node = ctx.node;
  if (node.inputs.empty() || ctx.inputs.size() != 1 || ctx.outputs.size() != 1) {
    return LayerError(node, "expected one computed input and one output");
  }
  const FixedType& in = ctx.input_fixed[0];
  auto planned = plan::MakeQuantPlan(node, in);
  if (!planned.ok()) return planned.error();
  const QuantPlan& plan = planned.value();
  if (plan.kind == QuantKind::kDequantize && in.frac_bits() < 0) {
    return LayerError(node, "DequantizeLinear of an input with negative fraction bits (" +
                                in.ToString() + ") is not supported; give the input fraction bits");
  }
  FixedType scale_type = in;
  std::vector<int64_t> scale_raw;
  if (!plan.pow2) {
    auto it = node.types.find("scale");
    if (it == node.types.end()) return LayerError(node, "has no 'scale' type; assign precision");
    scale_type = it->second;
    for (const QuantElem& p : plan.elems)
      scale_raw.push_back(fixed::FromDouble(p.out_value, scale_type));
  }
  // Ranges: y_int over the input's range (monotonic in x), the value's raw bits (y_int << shl),
  // and the widest intermediate of the kernel's integer arithmetic.
  const int64_t in_frac = plan.kind == QuantKind::kDequantize ? in.frac_bits() : 0;
  const int64_t xmax = in.is_signed || in.width < 64 ? in.max_raw() : INT64_MAX;
  int128 vlo = 0, vhi = 0;
  int64_t wide = in.width + 2;
  for (const QuantElem& p : plan.elems) {
    int128 a = plan::QuantY(plan, in.min_raw(), p, in_frac);
    int128 b = plan::QuantY(plan, xmax, p, in_frac);
    if (SignedBits(std::min(a, b), std::max(a, b)) + p.shl > 120) {
      return LayerError(node, "the quantized values need more than 120 bits");
    }
    vlo = std::min({vlo, a * (int128{1} << p.shl), b * (int128{1} << p.shl)});
    vhi = std::max({vhi, a * (int128{1} << p.shl), b * (int128{1} << p.shl)});
    const int64_t zb = BitLength(p.zero);
    const int64_t den = BitLength(p.scale.m) + p.s2;
    wide = std::max({wide, in.width + p.s1 + 2, den + 3, zb + den + 2,
                     std::max(in.width + p.s1, zb) + 3, zb + in_frac + 2, p.trunc_bits + 3,
                     den + p.levels + p.man_bits + 3, int64_t{65}});
  }
  wide += 2;
  if (wide > 240) return LayerError(node, "the scale needs integer arithmetic wider than 240 bits");
  const int64_t vw = SignedBits(vlo, vhi);
  const int64_t vfrac = plan.pow2 ? plan.out_frac : plan.y_frac;
  const std::string value_t =
      "ap_fixed<" + std::to_string(vw) + ", " + std::to_string(vw - vfrac) + ">";

  // Each division by a scale's mantissa as a multiplication by its reciprocal where that fits
  // (plan::ReciprocalOf; the lowering counts the rest as dividers).
  std::vector<plan::MantissaReciprocal> recips(plan.elems.size());
  int64_t prod_bits = 1;
  for (size_t i = 0; i < plan.elems.size(); ++i) {
    const QuantElem& p = plan.elems[i];
    if (!plan::QuantDivides(plan, p)) continue;
    auto r = plan::ReciprocalOf(p.scale.m, plan::QuotientBits(in, p));
    if (!r) continue;
    recips[i] = *r;
    prod_bits = std::max({prod_bits, r->n, BitLength(r->magic)});
  }
  std::vector<std::string> literals;
  for (size_t i = 0; i < plan.elems.size(); ++i) {
    literals.push_back(ParamLiteral(plan.elems[i], recips[i]));
  }
  bool uniform = true;
  for (size_t i = 1; i < plan.elems.size() && uniform; ++i) {
    uniform = literals[i] == literals[0] && (plan.pow2 || scale_raw[i] == scale_raw[0]);
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
                "  typedef ap_uint<" + std::to_string(prod_bits) + "> prod_t;\n" +           //
                "  typedef " + value_t + " value_t;\n" +                                     //
                (plan.pow2 ? "" : "  typedef " + scale_type.ToApString() + " scale_t;\n") +  //
                Member("unsigned n_elem = " + std::to_string(plan.numel)) +                  //
                Member("unsigned n_param = " + std::to_string(n_param)) +                    //
                Member(std::string("loom_hls::quant_op_t op = loom_hls::") + KindName(plan.kind)) +
                Member(std::string("int rounding = loom_hls::") + RoundingName(plan.rounding)) +
                Member("int in_frac = " + std::to_string(in_frac)) + "};\n";
  std::vector<std::string> params;
  for (size_t i = 0; i < n_param; ++i) params.push_back(literals[i]);
  code.weights = ArrayDefinition("loom_hls::quant_param", id + "_p", params);
  code.call = "  loom_hls::" + std::string(plan.pow2 ? "quant" : "quant_scaled") + "<" + id +
              "_config>(" + ctx.inputs[0] + ", " + ctx.outputs[0] + ", " + id + "_p";
  if (!plan.pow2) {
    scale_raw.resize(n_param);
    auto sa = FixedArray(id + "_config::scale_t", scale_type, id + "_scale", scale_raw);
    if (!sa.ok()) return LayerError(node, sa.error().message());
    code.weights += sa.value();
    code.call += ", " + id + "_scale";
  }
  code.call += ");\n";
  return code;
}

}  // namespace

ErrorOr<LayerCode> EmitQuant(const EmitContext& ctx) {
  switch (ctx.node.op) {
    case ir::OpKind::kQuant:
    case ir::OpKind::kBipolarQuant:
    case ir::OpKind::kTrunc:
    case ir::OpKind::kFloatQuant:
    case ir::OpKind::kQuantizeLinear:
    case ir::OpKind::kDequantizeLinear:
      return EmitQuantizer(ctx);
    default:
      return LayerError(ctx.node, "not a quantizer");
  }
}

}  // namespace loom::hls
