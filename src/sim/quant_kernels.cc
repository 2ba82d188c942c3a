// Emulator kernels for the quantizers: QONNX Quant, BipolarQuant and Trunc, ONNX QuantizeLinear
// and DequantizeLinear.
//
// Each computes an integer (or, for DequantizeLinear, fixed) value y_int per element exactly from
// the input's raw bits, with the op's rounding and clamping, then scales it: by a power of two
// (exact: the result type has the scale's fraction bits, so a quantization-aware model needs no
// precision configuration) or, for any other scale, by the scale quantized to the node's "scale"
// type (the explicit scale step; exact product, one cast to the result type).
#include <algorithm>
#include <cctype>
#include <cmath>

#include "loom/fixed/fixed_value.h"
#include "sim/kernel.h"

namespace loom::sim {
namespace {

using int128 = __int128;
using fixed::CastFlags;

enum class Rounding { kHalfEven, kCeil, kFloor, kToZero };

ErrorOr<Rounding> ReadRounding(const ir::Node& node, const std::string& def) {
  std::string mode = node.attrs.GetString("rounding_mode", def);
  for (char& ch : mode) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (mode == "ROUND") return Rounding::kHalfEven;
  if (mode == "CEIL") return Rounding::kCeil;
  if (mode == "FLOOR") return Rounding::kFloor;
  if (mode == "ROUND_TO_ZERO") return Rounding::kToZero;
  return NodeError(node, "unsupported rounding_mode '" + mode +
                             "'; supported: ROUND, CEIL, FLOOR, ROUND_TO_ZERO");
}

// num / den (den > 0) rounded as `mode` says.
int128 RoundDiv(int128 num, int128 den, Rounding mode) {
  int128 q = num / den;
  int128 r = num % den;
  if (r < 0) {  // make q the floor
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

// Per-element parameters: y_int = Y(x), then y = y_int * scale.
struct Elem {
  Dyadic scale;  // of the division x / scale (the op's scale; 1 for DequantizeLinear's input)
  int64_t zero = 0;
  int64_t lo = 0, hi = 0;  // clamp bounds in the zero-point-shifted integer domain
  int64_t trunc_bits = 0;  // Trunc: bits dropped
  Dyadic out_scale;        // multiplies y_int
};

class QuantKernel : public Kernel {
 public:
  QuantKernel(ir::OpKind op, Rounding rounding, bool bipolar, std::vector<Elem> elems, FixedType in,
              int64_t y_frac, bool pow2, int64_t out_frac, FixedType exact, FixedType scale_type,
              std::vector<int64_t> scale_raw, FixedType out)
      : op_(op),
        rounding_(rounding),
        bipolar_(bipolar),
        elems_(std::move(elems)),
        in_(in),
        y_frac_(y_frac),
        pow2_(pow2),
        out_frac_(out_frac),
        exact_(exact),
        scale_type_(scale_type),
        scale_raw_(std::move(scale_raw)),
        out_(out) {}

  // y_int (with y_frac_ fraction bits) of element e for input raw x.
  int128 Y(int64_t x, const Elem& p) const {
    const int64_t f = in_.frac_bits();
    if (op_ == ir::OpKind::kDequantizeLinear) return int128{x} - (int128{p.zero} << f);
    if (op_ == ir::OpKind::kBipolarQuant) return x >= 0 ? 1 : -1;
    // x / scale = x_raw * 2^-f / (m * 2^e) = num / den.
    int64_t shift = -f - p.scale.e;
    int128 num = shift >= 0 ? int128{x} << shift : int128{x};
    int128 den = shift >= 0 ? int128{p.scale.m} : int128{p.scale.m} << -shift;
    if (p.scale.m < 0) {
      num = -num;
      den = -den;
    }
    if (op_ == ir::OpKind::kQuant) {
      if (bipolar_) {
        // sign of x / s + z
        int128 v = num + int128{p.zero} * den;
        return (v >= 0 ? 1 : -1) - p.zero;
      }
      int128 q = RoundDiv(num, den, rounding_) + p.zero;
      q = std::clamp<int128>(q, p.lo, p.hi);
      return q - p.zero;
    }
    if (op_ == ir::OpKind::kTrunc) {
      int128 q = RoundDiv(num, den, Rounding::kHalfEven) + p.zero;
      q = RoundDiv(q, int128{1} << p.trunc_bits, rounding_);
      return q - p.zero;
    }
    // QuantizeLinear
    int128 q = RoundDiv(num, den, Rounding::kHalfEven) + p.zero;
    return std::clamp<int128>(q, p.lo, p.hi);
  }

  // The exact result of element e as a raw value of exact_ (pow2) or the product y_int*scale.
  int64_t Output(int64_t x, int64_t e, CastFlags* flags) const {
    const Elem& p = elems_[e];
    int128 y = Y(x, p);
    if (pow2_) {
      // y has y_frac_ + (-out_scale.e) fraction bits; align to out_frac_.
      int64_t frac = y_frac_ - p.out_scale.e;
      int128 aligned = y << (out_frac_ - frac);
      fixed::Wide w{static_cast<fixed::uint128>(aligned)};
      return fixed::Cast(w, fixed::WideType::Of(exact_), out_, flags);
    }
    fixed::WideType yt{64, 64 - y_frac_, true};
    fixed::Wide yw{static_cast<fixed::uint128>(y)};
    fixed::WideType st = fixed::WideType::Of(scale_type_);
    fixed::WideType pt = fixed::ProductType(yt, st);
    // Exact product of two's-complement values (y fits 64 bits: checked at build time).
    int128 prod = y * int128{scale_raw_[e]};
    (void)yw;
    return fixed::Cast(fixed::Wide{static_cast<fixed::uint128>(prod)}, pt, out_, flags);
  }

  void Run(const int64_t* const* in, int64_t* const* out, int64_t n,
           Counters& counters) const override {
    auto numel = static_cast<int64_t>(elems_.size());
    int64_t over = 0;
    for (int64_t s = 0; s < n; ++s) {
      for (int64_t e = 0; e < numel; ++e) {
        CastFlags f;
        out[0][s * numel + e] = Output(in[0][s * numel + e], e, &f);
        over += f.overflow || f.underflow;
      }
    }
    counters.values += n * numel;
    counters.result_overflow += over;
  }

 private:
  ir::OpKind op_;
  Rounding rounding_;
  bool bipolar_;
  std::vector<Elem> elems_;
  FixedType in_;
  int64_t y_frac_;
  bool pow2_;
  int64_t out_frac_;
  FixedType exact_;
  FixedType scale_type_;
  std::vector<int64_t> scale_raw_;
  FixedType out_;
};

// Everything about a quantizer node that does not depend on the result type.
struct Plan {
  Rounding rounding = Rounding::kHalfEven;
  bool bipolar = false;
  std::vector<Elem> elems;
  int64_t y_frac = 0;
  bool pow2 = true;
  int64_t out_frac = 0;  // pow2: fraction bits of the exact result
  std::vector<float> out_scales;
};

ErrorOr<std::vector<float>> Broadcast(const ir::Node& node, const std::string& key,
                                      const ir::Shape& shape, std::optional<float> fallback) {
  const ir::Tensor* t = node.param(key);
  int64_t n = ir::NumElements(shape);
  if (t == nullptr) {
    if (fallback) return std::vector<float>(n, *fallback);
    return NodeError(node, "missing param '" + key + "'");
  }
  if (node.op == ir::OpKind::kQuantizeLinear || node.op == ir::OpKind::kDequantizeLinear) {
    int64_t axis = node.attrs.GetInt("axis", -1);
    if (axis < 0) return std::vector<float>(n, t->data.at(0));
    std::vector<float> out(n);
    int64_t inner = 1;
    for (size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
    for (int64_t i = 0; i < n; ++i) out[i] = t->data[(i / inner) % shape[axis]];
    return out;
  }
  ir::Shape from = t->shape;
  while (from.size() > shape.size() && from.front() == 1) from.erase(from.begin());
  std::vector<int64_t> index = BroadcastIndex(from, shape);
  std::vector<float> out(n);
  for (int64_t i = 0; i < n; ++i) out[i] = t->data[index[i]];
  return out;
}

bool IsInteger(float v) { return std::isfinite(v) && v == std::floor(v); }

ErrorOr<Plan> MakePlan(const ir::Node& node, const FixedType& in) {
  Plan plan;
  const ir::Shape& shape = node.inputs[0]->shape;
  const ir::OpKind op = node.op;
  std::vector<float> scale, zero, bits, in_bits, out_bits;
  auto get = [&](const std::string& key, std::optional<float> def, std::vector<float>* out) {
    auto v = Broadcast(node, key, shape, def);
    if (!v.ok()) return std::optional<Error>(v.error());
    *out = std::move(v).value();
    return std::optional<Error>();
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
  bool is_signed = node.attrs.GetInt("signed", 1) != 0;
  bool narrow = node.attrs.GetInt("narrow", 0) != 0;
  int64_t n = ir::NumElements(shape);
  plan.elems.resize(n);
  plan.y_frac = op == ir::OpKind::kDequantizeLinear ? in.frac_bits() : 0;
  for (int64_t i = 0; i < n; ++i) {
    Elem& p = plan.elems[i];
    float s = scale[i];
    if (!(std::isfinite(s) && s > 0)) {
      return NodeError(node, "scale must be a positive finite number, not " + std::to_string(s));
    }
    if (!zero.empty()) {
      if (!IsInteger(zero[i])) {
        return NodeError(node, "the emulator supports whole-number zero points only, not " +
                                   std::to_string(zero[i]));
      }
      p.zero = static_cast<int64_t>(zero[i]);
    }
    if (op != ir::OpKind::kDequantizeLinear) p.scale = Split(s);
    if (op != ir::OpKind::kQuantizeLinear) p.out_scale = Split(s);
    if (op == ir::OpKind::kQuant) {
      float bw = bits[i];
      if (!IsInteger(bw) || bw < 1 || bw > 62) {
        return NodeError(node,
                         "bitwidth must be a whole number from 1 to 62 for the emulator, "
                         "not " +
                             std::to_string(bw));
      }
      auto b = static_cast<int64_t>(bw);
      if (b == 1 && is_signed) plan.bipolar = true;
      int64_t half = int64_t{1} << (b - 1);
      p.lo = is_signed ? (narrow ? -half + 1 : -half) : 0;
      p.hi = is_signed ? half - 1 : (narrow ? 2 * half - 2 : 2 * half - 1);
    } else if (op == ir::OpKind::kTrunc) {
      if (!IsInteger(in_bits[i]) || !IsInteger(out_bits[i]) || in_bits[i] < out_bits[i]) {
        return NodeError(node, "Trunc needs whole bit widths with input >= output");
      }
      p.trunc_bits = static_cast<int64_t>(in_bits[i] - out_bits[i]);
    } else if (op == ir::OpKind::kQuantizeLinear) {
      p.lo = static_cast<int64_t>(node.attrs.GetFloat("qmin", 0.0));
      p.hi = static_cast<int64_t>(node.attrs.GetFloat("qmax", 255.0));
    }
    if (op != ir::OpKind::kQuantizeLinear && p.out_scale.m != 1) plan.pow2 = false;
    if (std::llabs(p.scale.e) > 200 || std::llabs(p.out_scale.e) > 200) {
      return NodeError(node, "scale " + std::to_string(s) + " is out of the emulator's range");
    }
    plan.out_scales.push_back(op == ir::OpKind::kQuantizeLinear ? 1.0f : s);
  }
  if (plan.bipolar && !plan.elems.empty()) {
    // All elements must agree (bitwidth 1 with signed is QONNX's bipolar form).
    for (int64_t i = 0; i < n; ++i) {
      if (bits[i] != 1) return NodeError(node, "mixed bipolar and multi-bit bitwidths");
    }
  }
  if (plan.pow2) {
    plan.out_frac = INT64_MIN;
    for (const Elem& p : plan.elems)
      plan.out_frac = std::max(plan.out_frac, plan.y_frac - p.out_scale.e);
    if (plan.elems.empty()) plan.out_frac = 0;
  }
  return plan;
}

// The exact type of y_int * scale over the whole input range (y_int is monotonic in x).
ErrorOr<FixedType> ExactType(const ir::Node& node, const Plan& plan, const FixedType& in,
                             const FixedType* scale_type, std::vector<int64_t>* scale_raw) {
  QuantKernel probe(node.op, plan.rounding, plan.bipolar, plan.elems, in, plan.y_frac, true,
                    plan.out_frac, in, in, {}, in);
  int128 lo = 0;
  int128 hi = 0;
  for (size_t e = 0; e < plan.elems.size(); ++e) {
    const Elem& p = plan.elems[e];
    int128 a = probe.Y(in.min_raw(), p);
    int128 b = probe.Y(in.is_signed || in.width < 64 ? in.max_raw() : INT64_MAX, p);
    if (plan.pow2) {
      int64_t frac = plan.y_frac - p.out_scale.e;
      a <<= (plan.out_frac - frac);
      b <<= (plan.out_frac - frac);
    } else {
      int64_t sr = fixed::FromDouble(plan.out_scales[e], *scale_type);
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
  auto plan = MakePlan(node, inputs[0]);
  if (!plan.ok()) return plan.error();
  std::vector<int64_t> scale_raw;
  auto it = node.types.find("scale");
  const FixedType* st = it == node.types.end() ? nullptr : &it->second;
  if (!plan.value().pow2 && st == nullptr) return NodeError(node, "has no 'scale' type");
  auto t = ExactType(node, plan.value(), inputs[0], st, &scale_raw);
  if (!t.ok()) return t.error();
  return std::vector<FixedType>{t.value()};
}

ErrorOr<std::unique_ptr<Kernel>> MakeQuantKernel(const KernelContext& ctx) {
  const ir::Node& node = ctx.node;
  auto plan = MakePlan(node, ctx.inputs[0]);
  if (!plan.ok()) return plan.error();
  Plan& p = plan.value();
  FixedType scale_type = ctx.inputs[0];
  if (!p.pow2) {
    auto it = node.types.find("scale");
    if (it == node.types.end()) return NodeError(node, "has no 'scale' type; assign precision");
    scale_type = it->second;
  }
  std::vector<int64_t> scale_raw;
  auto exact = ExactType(node, p, ctx.inputs[0], &scale_type, &scale_raw);
  if (!exact.ok()) return exact.error();
  if (!p.pow2 && p.y_frac + 0 > 62) return NodeError(node, "input has too many fraction bits");
  return std::unique_ptr<Kernel>(new QuantKernel(
      node.op, p.rounding, p.bipolar, std::move(p.elems), ctx.inputs[0], p.y_frac, p.pow2,
      p.out_frac, exact.value(), scale_type, std::move(scale_raw), ctx.outputs[0]));
}

}  // namespace

const Family kQuantFamily = {QuantKeys, QuantAutoNodeType, QuantAutoResult, MakeQuantKernel};

}  // namespace loom::sim
