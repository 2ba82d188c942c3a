// Exact type arithmetic and the merge and division rules (docs/numerics.md, "Division").
#include <algorithm>
#include <cmath>
#include <limits>

#include "plan/plan.h"

namespace loom::plan {

using fixed::int128;
using fixed::WideType;
using ir::Node;
using ir::OpKind;

// Bits needed for v as a signed (or, when v >= 0 and !is_signed, unsigned) integer.
int64_t BitsFor(int128 v, bool is_signed) {
  int64_t bits = 1;
  if (is_signed) {
    while (bits < 128 && !(v >= -(int128{1} << (bits - 1)) && v < (int128{1} << (bits - 1)))) {
      ++bits;
    }
  } else {
    while (bits < 127 && v >= (int128{1} << bits)) ++bits;
  }
  return bits;
}

// floor(raw * 2^(to_frac - from_frac)), saturated to +-2^100 when its magnitude is beyond any
// int64_t (enough for comparing with stored values).
int128 FloorOnGrid(int128 raw, int64_t from_frac, int64_t to_frac) {
  int64_t d = to_frac - from_frac;
  if (raw == 0) return 0;
  if (d >= 0) {
    if (BitsFor(raw, true) + d > 100) return raw > 0 ? int128{1} << 100 : -(int128{1} << 100);
    return raw * (int128{1} << d);
  }
  if (-d >= 120) return raw < 0 ? -1 : 0;
  return raw >> -d;
}

// A type's smallest and largest values, exactly.
Scaled MinOf(const FixedType& t) { return {t.min_raw(), t.frac_bits()}; }
Scaled MaxOf(const FixedType& t) {
  return {t.is_signed ? int128{t.max_raw()} : int128{static_cast<uint64_t>(t.max_raw())},
          t.frac_bits()};
}

namespace {

std::string TooWide(int64_t bits) {
  return "the exact result needs " + std::to_string(bits) +
         " bits, more than loom's limit of 64; give this layer a result precision in the "
         "configuration";
}

}  // namespace

// The smallest type holding every one of `values` exactly, with the largest of their fraction
// bits and `min_frac` (signed if any is negative).
ErrorOr<FixedType> RangeType(const std::vector<Scaled>& values, const Node& node,
                             int64_t min_frac) {
  int64_t frac = std::max(values[0].frac, min_frac);
  for (const Scaled& v : values) frac = std::max(frac, v.frac);
  int128 lo = 0;
  int128 hi = 0;
  bool first = true;
  for (const Scaled& v : values) {
    int64_t shift = frac - v.frac;
    if (v.raw != 0 && BitsFor(v.raw, true) + shift > 120) {
      return NodeError(node, TooWide(BitsFor(v.raw, true) + shift));
    }
    int128 a = v.raw == 0 ? 0 : v.raw * (int128{1} << shift);
    lo = first ? a : std::min(lo, a);
    hi = first ? a : std::max(hi, a);
    first = false;
  }
  bool is_signed = lo < 0;
  int64_t width = std::max(BitsFor(lo, is_signed), BitsFor(hi, is_signed));
  if (width > fixed::kMaxWidth) return NodeError(node, TooWide(width));
  auto t = FixedType::Create(width, width - frac, is_signed);
  if (!t.ok()) return NodeError(node, t.error().message());
  return t.value();
}

ErrorOr<FixedType> ToFixed(const WideType& w, const Node& node) {
  if (w.width > fixed::kMaxWidth) return NodeError(node, TooWide(w.width));
  auto t = FixedType::Create(w.width, w.int_bits, w.is_signed);
  if (!t.ok()) return NodeError(node, t.error().message());
  return t.value();
}

// The smallest b with 2^b >= k.
int64_t CeilLog2(int64_t k) {
  int64_t b = 0;
  while ((int64_t{1} << b) < k) ++b;
  return b;
}

// The smallest exact type of several types (as UnionType, without the 64-bit limit) with `grow`
// more integer bits; an error past 128 bits.
ErrorOr<WideType> GrownUnion(const std::vector<FixedType>& types, int64_t grow, const Node& node) {
  bool is_signed = false;
  int64_t frac = types[0].frac_bits();
  for (const FixedType& t : types) {
    is_signed |= t.is_signed;
    frac = std::max(frac, t.frac_bits());
  }
  int64_t int_bits = std::numeric_limits<int64_t>::min();
  for (const FixedType& t : types) {
    int_bits = std::max(int_bits, t.int_bits + (is_signed && !t.is_signed ? 1 : 0));
  }
  int_bits += grow;
  WideType w{int_bits + frac, int_bits, is_signed};
  if (w.width > 128) {
    return NodeError(node, "the inputs' types need a " + std::to_string(w.width) +
                               "-bit exact intermediate, more than loom's limit of 128; use "
                               "input types whose binary points are closer together");
  }
  return w;
}

std::optional<Reciprocal> DivisorReciprocal(const Node& node, const FixedType& divisor_type) {
  const ir::Value* d = node.inputs.size() == 2 ? node.inputs[1] : nullptr;
  const ir::Tensor* value =
      d != nullptr && d->producer != nullptr && d->producer->op == OpKind::kConstant
          ? d->producer->param("value")
          : nullptr;
  if (value == nullptr || value->size() != ir::NumElements(d->shape)) return std::nullopt;
  std::vector<Scaled> recips;
  for (float f : value->data) {
    double v = f;
    int e = 0;
    double m = std::frexp(v, &e);
    bool power_of_two = std::isfinite(v) && (m == 0.5 || m == -0.5);
    if (!power_of_two || fixed::ToDouble(fixed::FromDouble(v, divisor_type), divisor_type) != v) {
      return std::nullopt;
    }
    // v = +-2^(e-1), so 1/v = +-1 * 2^-(e-1).
    recips.push_back({m < 0 ? -1 : 1, e - 1});
  }
  if (recips.empty()) recips.push_back({1, 0});
  auto t = RangeType(recips, node);
  if (!t.ok()) return std::nullopt;
  Reciprocal r{t.value(), {}};
  for (size_t i = 0; i < value->data.size(); ++i) {
    r.raw.push_back(
        static_cast<int64_t>(recips[i].raw << (t.value().frac_bits() - recips[i].frac)));
  }
  return r;
}

fixed::WideType DivisionNumType(const FixedType& a, const FixedType& res) {
  const int64_t fn = std::max(a.frac_bits(), res.frac_bits() + 1);
  return {a.int_bits + fn, a.int_bits, a.is_signed};
}

int64_t DivisionMinimum(const FixedType& res) {
  return res.is_signed && res.overflow == fixed::OverflowMode::kSatSym ? -res.max_raw()
                                                                       : res.min_raw();
}

ErrorOr<WideType> MergeExactType(const Node& node, const std::vector<FixedType>& inputs) {
  switch (node.op) {
    case OpKind::kAdd:
    case OpKind::kSum:
      return GrownUnion(inputs, CeilLog2(static_cast<int64_t>(inputs.size())), node);
    case OpKind::kSub: {
      auto t = fixed::DifferenceType(WideType::Of(inputs[0]), WideType::Of(inputs[1]));
      if (!t.ok()) return NodeError(node, t.error().message());
      return t.value();
    }
    case OpKind::kMul:
      return fixed::ProductType(WideType::Of(inputs[0]), WideType::Of(inputs[1]));
    case OpKind::kDiv: {
      auto r = DivisorReciprocal(node, inputs[1]);
      if (!r) {
        return NodeError(node,
                         "a quotient has no exact type (the divisor is not a constant power of "
                         "two); give this layer a result precision in the configuration");
      }
      return fixed::ProductType(WideType::Of(inputs[0]), WideType::Of(r->type));
    }
    case OpKind::kMax:
    case OpKind::kMin:
      return GrownUnion(inputs, 0, node);
    default:
      break;
  }
  return NodeError(node, "internal: not an arithmetic op");
}

ErrorOr<FixedType> SignOpExactType(const Node& node, const FixedType& in) {
  // |x| <= 2^(I-1) for a signed fixed<W,I>: ufixed<W,I> holds it on the same grid.
  if (node.op == OpKind::kAbs) return ToFixed({in.width, in.int_bits, false}, node);
  if (node.op == OpKind::kSign)
    return in.is_signed ? ToFixed(SignumType(), node) : FixedType::Unsigned(1, 1);
  return ToFixed(NegationType(in), node);
}

}  // namespace loom::plan
