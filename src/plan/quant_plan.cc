// The quantizers' integer arithmetic, shared by the emulator and the HLS backend.
#include "plan/quant_plan.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

#include "plan/plan.h"

namespace loom::plan {

using fixed::FixedType;

static ErrorOr<Rounding> ReadRounding(const ir::Node& node, const std::string& def) {
  std::string mode = node.attrs.GetString("rounding_mode", def);
  for (char& ch : mode) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (mode == "ROUND") return Rounding::kHalfEven;
  if (mode == "CEIL") return Rounding::kCeil;
  if (mode == "FLOOR") return Rounding::kFloor;
  if (mode == "ROUND_TO_ZERO") return Rounding::kToZero;
  return NodeError(node, "unsupported rounding_mode '" + mode +
                             "'; supported: ROUND, CEIL, FLOOR, ROUND_TO_ZERO");
}

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

// A parameter broadcast to the input's shape, as the emulator reads it.
static ErrorOr<std::vector<float>> Broadcast(const ir::Node& node, const std::string& key,
                                             const ir::Shape& shape,
                                             std::optional<float> fallback) {
  const ir::Tensor* t = node.param(key);
  int64_t n = ir::NumElements(shape);
  if (t == nullptr) {
    if (fallback) return std::vector<float>(n, *fallback);
    return NodeError(node, "missing param '" + key + "'");
  }
  if (node.op == ir::OpKind::kQuantizeLinear || node.op == ir::OpKind::kDequantizeLinear) {
    int64_t axis = node.attrs.GetInt("axis", -1);
    if (axis < 0) return std::vector<float>(n, t->data.at(0));
    if (axis >= static_cast<int64_t>(shape.size())) return NodeError(node, "axis out of range");
    std::vector<float> out(n);
    int64_t inner = 1;
    for (size_t d = axis + 1; d < shape.size(); ++d) inner *= shape[d];
    for (int64_t i = 0; i < n; ++i) out[i] = t->data.at((i / inner) % shape[axis]);
    return out;
  }
  ir::Shape from = t->shape;
  while (from.size() > shape.size() && from.front() == 1) from.erase(from.begin());
  std::vector<int64_t> index = BroadcastIndex(from, shape);
  std::vector<float> out(n);
  for (int64_t i = 0; i < n; ++i) out[i] = t->data.at(index[i]);
  return out;
}

static bool IsInteger(float v) { return std::isfinite(v) && v == std::floor(v); }

namespace {

// A FloatQuant format as steps of its smallest (subnormal) spacing 2^emin.
struct FloatGrid {
  int64_t emin = 0;
  int64_t man_bits = 0;
  int64_t levels = 0;
  int64_t max_steps = 0;
};

// QONNX FloatQuant: values m * 2^e with m < 2^(man_bits+1), e >= emin = 1 - bias - man_bits
// (subnormals included), up to the format's largest value (2 - 2^-man_bits) * 2^(2^E - 1 - bias),
// or max_val when that is smaller.
ErrorOr<FloatGrid> FloatQuantGrid(const ir::Node& node, float e_bits, float m_bits, float bias,
                                  float max_val) {
  if (!IsInteger(e_bits) || !IsInteger(m_bits) || !IsInteger(bias) || e_bits < 1 || e_bits > 10 ||
      m_bits < 0 || m_bits > 40 || std::fabs(bias) > 1000) {
    return NodeError(node,
                     "FloatQuant needs whole exponent (1-10) and mantissa (0-40) bit "
                     "widths and a whole exponent bias");
  }
  FloatGrid g;
  g.man_bits = static_cast<int64_t>(m_bits);
  const int64_t b = static_cast<int64_t>(bias);
  g.emin = 1 - b - g.man_bits;
  const int64_t emax = (int64_t{1} << static_cast<int64_t>(e_bits)) - 1 - b;
  // The largest value in steps of 2^emin: (2^(M+1) - 1) * 2^(emax - M - emin).
  const int64_t top_shift = emax - g.man_bits - g.emin;
  if (top_shift < 0 || top_shift + g.man_bits + 1 > 60) {
    return NodeError(node, "FloatQuant format with " + std::to_string(g.man_bits) +
                               " mantissa bits and exponents " + std::to_string(g.emin) + ".." +
                               std::to_string(emax) + " is too wide (at most 60 bits of steps)");
  }
  double max_steps = std::ldexp(static_cast<double>((int64_t{1} << (g.man_bits + 1)) - 1),
                                static_cast<int>(top_shift));
  if (std::isfinite(max_val)) {
    if (!(max_val > 0)) return NodeError(node, "FloatQuant max_val must be positive");
    double mv = std::ldexp(static_cast<double>(max_val), static_cast<int>(-g.emin));
    if (mv != std::floor(mv)) {
      return NodeError(
          node, "FloatQuant max_val " + std::to_string(max_val) + " is not a value of the format");
    }
    max_steps = std::min(max_steps, mv);
  }
  g.max_steps = static_cast<int64_t>(max_steps);
  // Exponent levels: the largest needed rounds a value of the top binade.
  int64_t top = 0;
  while ((int64_t{2} << top) <= g.max_steps) ++top;  // floor(log2(max_steps))
  g.levels = std::max<int64_t>(top - g.man_bits + 1, 1);
  return g;
}

}  // namespace

ErrorOr<QuantPlan> MakeQuantPlan(const ir::Node& node, const FixedType& in) {
  QuantPlan plan;
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
  std::vector<float> exp_bits, man_bits, exp_bias, max_val;
  if (op == ir::OpKind::kFloatQuant) {
    if (auto e = get("exponent_bitwidth", std::nullopt, &exp_bits)) return *e;
    if (auto e = get("mantissa_bitwidth", std::nullopt, &man_bits)) return *e;
    if (auto e = get("exponent_bias", std::nullopt, &exp_bias)) return *e;
    if (auto e = get("max_val", std::nullopt, &max_val)) return *e;
  }
  if (op == ir::OpKind::kQuant || op == ir::OpKind::kTrunc || op == ir::OpKind::kFloatQuant) {
    auto r = ReadRounding(node, op == ir::OpKind::kTrunc ? "FLOOR" : "ROUND");
    if (!r.ok()) return r.error();
    plan.rounding = r.value();
  }
  switch (op) {
    case ir::OpKind::kQuant:
      plan.kind = QuantKind::kQuant;
      break;
    case ir::OpKind::kBipolarQuant:
      plan.kind = QuantKind::kBipolarQuant;
      break;
    case ir::OpKind::kTrunc:
      plan.kind = QuantKind::kTrunc;
      break;
    case ir::OpKind::kFloatQuant:
      plan.kind = QuantKind::kFloatQuant;
      break;
    case ir::OpKind::kQuantizeLinear:
      plan.kind = QuantKind::kQuantizeLinear;
      break;
    default:
      plan.kind = QuantKind::kDequantize;
      break;
  }
  const bool is_signed = node.attrs.GetInt("signed", 1) != 0;
  const bool narrow = node.attrs.GetInt("narrow", 0) != 0;
  const int64_t n = ir::NumElements(shape);
  // Parameters equal for every element (a scalar scale, the usual case): one QuantElem.
  bool same = true;
  for (const std::vector<float>* v :
       {&scale, &zero, &bits, &in_bits, &out_bits, &exp_bits, &man_bits, &exp_bias, &max_val}) {
    for (size_t i = 1; i < v->size() && same; ++i) {
      same = (*v)[i] == (*v)[0] || (std::isnan((*v)[i]) && std::isnan((*v)[0]));
    }
  }
  plan.numel = n;
  plan.elems.resize(same ? std::min<int64_t>(n, 1) : n);
  plan.y_frac = op == ir::OpKind::kDequantizeLinear ? in.frac_bits() : 0;
  for (int64_t i = 0; i < static_cast<int64_t>(plan.elems.size()); ++i) {
    QuantElem& p = plan.elems[i];
    int64_t emin = 0;  // FloatQuant: y_int counts steps of 2^emin
    float s = scale[i];
    if (!(std::isfinite(s) && s > 0)) {
      return NodeError(node, "scale must be a positive finite number, not " + std::to_string(s));
    }
    if (!zero.empty()) {
      if (!IsInteger(zero[i]) || std::fabs(zero[i]) > 9.0e18f) {
        return NodeError(node, "zero points must be whole numbers, not " + std::to_string(zero[i]));
      }
      p.zero = static_cast<int64_t>(zero[i]);
    }
    if (op != ir::OpKind::kDequantizeLinear) p.scale = Split(s);
    if (op != ir::OpKind::kQuantizeLinear) p.out_scale = Split(s);
    if (op == ir::OpKind::kQuant) {
      float bw = bits[i];
      if (!IsInteger(bw) || bw < 1 || bw > 62) {
        return NodeError(node,
                         "bitwidth must be a whole number from 1 to 62, not " + std::to_string(bw));
      }
      auto b = static_cast<int64_t>(bw);
      if (b == 1 && is_signed) plan.kind = QuantKind::kQuantBipolar;
      int64_t half = int64_t{1} << (b - 1);
      p.lo = is_signed ? (narrow ? -half + 1 : -half) : 0;
      p.hi = is_signed ? half - 1 : (narrow ? 2 * half - 2 : 2 * half - 1);
    } else if (op == ir::OpKind::kTrunc) {
      if (!IsInteger(in_bits[i]) || !IsInteger(out_bits[i]) || in_bits[i] < out_bits[i] ||
          in_bits[i] - out_bits[i] > 120) {
        return NodeError(node, "Trunc needs whole bit widths with input >= output");
      }
      p.trunc_bits = static_cast<int64_t>(in_bits[i] - out_bits[i]);
    } else if (op == ir::OpKind::kFloatQuant) {
      auto fq = FloatQuantGrid(node, exp_bits[i], man_bits[i], exp_bias[i], max_val[i]);
      if (!fq.ok()) return fq.error();
      emin = fq.value().emin;
      p.man_bits = fq.value().man_bits;
      p.levels = fq.value().levels;
      p.lo = -fq.value().max_steps;
      p.hi = fq.value().max_steps;
      // y_int counts steps of 2^emin: it has -emin fraction bits (one format per node).
      if (i > 0 && plan.y_frac != -emin) {
        return NodeError(node, "FloatQuant with a different format per element is not supported");
      }
      plan.y_frac = -emin;
    } else if (op == ir::OpKind::kQuantizeLinear) {
      p.lo = static_cast<int64_t>(node.attrs.GetFloat("qmin", 0.0));
      p.hi = static_cast<int64_t>(node.attrs.GetFloat("qmax", 255.0));
    }
    if (op != ir::OpKind::kQuantizeLinear && p.out_scale.m != 1) plan.pow2 = false;
    if (std::llabs(p.scale.e) > 200 || std::llabs(p.out_scale.e) > 200) {
      return NodeError(node, "scale " + std::to_string(s) + " is out of range");
    }
    int64_t shift = -in.frac_bits() - p.scale.e - emin;
    p.s1 = std::max<int64_t>(shift, 0);
    p.s2 = std::max<int64_t>(-shift, 0);
    if (p.scale.m == 0) p.scale.m = 1;  // no division (dequantize_linear)
    p.out_value = op == ir::OpKind::kQuantizeLinear ? 1.0f : s;
  }
  if (plan.kind == QuantKind::kQuantBipolar) {
    for (int64_t i = 0; i < n; ++i) {
      if (bits[i] != 1) return NodeError(node, "mixed bipolar and multi-bit bitwidths");
    }
  }
  if (plan.pow2) {
    plan.out_frac = INT64_MIN;
    for (const QuantElem& p : plan.elems) {
      plan.out_frac = std::max(plan.out_frac, plan.y_frac - p.out_scale.e);
    }
    if (plan.elems.empty()) plan.out_frac = 0;
    for (QuantElem& p : plan.elems) p.shl = plan.out_frac - (plan.y_frac - p.out_scale.e);
  }
  return plan;
}

// y_int of element `p` for input raw x (with in_frac fraction bits when the op is
// DequantizeLinear, else 0).
int128 QuantY(const QuantPlan& plan, int64_t x, const QuantElem& p, int64_t in_frac) {
  switch (plan.kind) {
    case QuantKind::kDequantize:
      return int128{x} - (int128{p.zero} << in_frac);
    case QuantKind::kBipolarQuant:
      return x >= 0 ? 1 : -1;
    default:
      break;
  }
  int128 num = int128{x} << p.s1;
  int128 den = int128{p.scale.m} << p.s2;
  switch (plan.kind) {
    case QuantKind::kQuantBipolar:
      return (num + int128{p.zero} * den >= 0 ? 1 : -1) - p.zero;
    case QuantKind::kTrunc: {
      int128 q = RoundDiv(num, den, Rounding::kHalfEven) + p.zero;
      return RoundDiv(q, int128{1} << p.trunc_bits, plan.rounding) - p.zero;
    }
    case QuantKind::kQuant: {
      int128 q = std::clamp<int128>(RoundDiv(num, den, plan.rounding) + p.zero, p.lo, p.hi);
      return q - p.zero;
    }
    case QuantKind::kFloatQuant: {
      // The exponent: the largest level j whose binade |v| >= 2^(j + man_bits) steps reaches.
      const int128 mag = num < 0 ? -num : num;
      int64_t j = 0;
      while (j + 1 < p.levels && mag >= (den << (j + 1 + p.man_bits))) ++j;
      int128 q = RoundDiv(num, den << j, plan.rounding) * (int128{1} << j);
      return std::clamp<int128>(q, p.lo, p.hi);
    }
    default:
      return std::clamp<int128>(RoundDiv(num, den, Rounding::kHalfEven) + p.zero, p.lo, p.hi);
  }
}

bool QuantDivides(const QuantPlan& plan, const QuantElem& p) {
  switch (plan.kind) {
    case QuantKind::kQuant:
    case QuantKind::kQuantizeLinear:
    case QuantKind::kTrunc:
    case QuantKind::kFloatQuant:
      return p.scale.m != 1;
    default:
      return false;
  }
}

std::optional<MantissaReciprocal> ReciprocalOf(int64_t m, int64_t bits) {
  if (m <= 1 || bits < 0 || bits > 60 || m >= (int64_t{1} << 62)) return std::nullopt;
  auto bit_length = [](int128 v) {
    int64_t b = 0;
    for (; v > 0; v >>= 1) ++b;
    return b;
  };
  MantissaReciprocal r;
  const int128 span = int128{1} << bits;
  r.k = static_cast<int64_t>((span + m - 1) / m);
  r.n = bit_length(span + int128{r.k} * m - 1);  // q + k * m < 2^bits + k * m
  const int64_t l = bit_length(m - 1);           // ceil(log2 m) for m > 1
  r.shift = r.n + l;
  const int128 magic = ((int128{1} << r.shift) + m - 1) / m;
  if (magic >= (int128{1} << 62) || int128{r.k} * m >= (int128{1} << 62)) return std::nullopt;
  r.magic = static_cast<int64_t>(magic);
  return r;
}

int64_t QuotientBits(const fixed::FixedType& in, const QuantElem& p) {
  return std::max<int64_t>(in.width + p.s1 - p.s2, 0) + 2;
}

}  // namespace loom::plan
