// Errors, exact types of ranges and constants, broadcast maps.
#include "plan/plan.h"

#include <algorithm>
#include <cmath>

namespace loom::plan {

Error NodeError(const ir::Node& node, const std::string& what) {
  return Error(node.Describe() + ": error: " + what);
}

ErrorOr<FixedType> TypeForRange(__int128 lo, __int128 hi, int64_t frac_bits, const ir::Node& node) {
  bool is_signed = lo < 0;
  int64_t width = std::max(BitsFor(lo, is_signed), BitsFor(hi, is_signed));
  if (width > fixed::kMaxWidth) {
    return NodeError(node, "the exact result needs " + std::to_string(width) +
                               " bits, more than loom's limit of 64; give this layer a result "
                               "precision in the configuration");
  }
  auto t = FixedType::Create(width, width - frac_bits, is_signed);
  if (!t.ok()) return NodeError(node, t.error().message());
  return t.value();
}

ErrorOr<FixedType> UnionType(const std::vector<FixedType>& types, const ir::Node& node) {
  LOOM_CHECK(!types.empty());
  bool is_signed = false;
  int64_t frac = types[0].frac_bits();
  for (const FixedType& t : types) {
    is_signed |= t.is_signed;
    frac = std::max(frac, t.frac_bits());
  }
  // Integer bits of a signed type that holds an unsigned one need one more bit.
  int64_t int_bits = INT64_MIN;
  for (const FixedType& t : types) {
    int_bits = std::max(int_bits, t.int_bits + (is_signed && !t.is_signed ? 1 : 0));
  }
  int64_t width = int_bits + frac;
  if (width > fixed::kMaxWidth || width < 1) {
    return NodeError(node, "the inputs' types (" + types[0].ToString() + ", ...) need a " +
                               std::to_string(width) +
                               "-bit common type; loom's limit is 64; set this layer's result "
                               "precision in the configuration");
  }
  auto t = FixedType::Create(width, int_bits, is_signed);
  if (!t.ok()) return NodeError(node, t.error().message());
  return t.value();
}

std::vector<int64_t> BroadcastIndex(const ir::Shape& from, const ir::Shape& to) {
  LOOM_CHECK(from.size() <= to.size());
  size_t offset = to.size() - from.size();
  std::vector<int64_t> from_stride(to.size(), 0);
  int64_t stride = 1;
  for (size_t k = from.size(); k-- > 0;) {
    LOOM_CHECK(from[k] == to[k + offset] || from[k] == 1);
    from_stride[k + offset] = from[k] == 1 ? 0 : stride;
    stride *= from[k];
  }
  int64_t n = ir::NumElements(to);
  std::vector<int64_t> index(n, 0);
  std::vector<int64_t> pos(to.size(), 0);
  int64_t at = 0;
  for (int64_t e = 0; e < n; ++e) {
    index[e] = at;
    for (size_t k = to.size(); k-- > 0;) {
      ++pos[k];
      at += from_stride[k];
      if (pos[k] < to[k]) break;
      at -= from_stride[k] * pos[k];
      pos[k] = 0;
    }
  }
  return index;
}

std::optional<FixedType> ExactTypeOf(const std::vector<float>& values, int64_t max_width) {
  // Fraction bits: the largest needed by any value (a float's value is m * 2^e, m odd).
  int64_t frac = -1000;
  double max_abs = 0;
  bool negative = false;
  bool any_nonzero = false;
  for (float f : values) {
    if (!std::isfinite(f)) return std::nullopt;
    if (f == 0) continue;
    any_nonzero = true;
    negative |= f < 0;
    max_abs = std::max(max_abs, std::fabs(static_cast<double>(f)));
    int e = 0;
    double m = std::frexp(static_cast<double>(f), &e);  // f = m * 2^e, 0.5 <= |m| < 1
    // m has at most 24 significant bits: find the lowest set bit.
    int64_t mi = static_cast<int64_t>(std::ldexp(m, 24));
    int tz = __builtin_ctzll(static_cast<uint64_t>(mi < 0 ? -mi : mi));
    frac = std::max<int64_t>(frac, 24 - tz - e);
  }
  if (!any_nonzero) return FixedType::Unsigned(1, 1);
  // Raw range at `frac` fraction bits.
  __int128 lo = 0;
  __int128 hi = 0;
  for (float f : values) {
    __int128 raw =
        static_cast<__int128>(std::ldexp(static_cast<double>(f), static_cast<int>(frac)));
    lo = std::min(lo, raw);
    hi = std::max(hi, raw);
  }
  (void)max_abs;
  int64_t width = std::max(BitsFor(lo, negative), BitsFor(hi, negative));
  if (width > max_width) return std::nullopt;
  auto t = FixedType::Create(width, width - frac, negative);
  if (!t.ok()) return std::nullopt;
  return t.value();
}

FixedType FitType(double lo, double hi, int64_t width) {
  bool is_signed = lo < 0;
  double mag = std::max(std::fabs(lo), std::fabs(hi));
  // Integer bits so that the largest magnitude is representable: 2^(I - sign) > mag.
  int64_t int_bits = 1 - (is_signed ? 0 : 1);
  if (mag > 0) {
    int e = 0;
    std::frexp(mag, &e);  // mag < 2^e
    int_bits = e + (is_signed ? 1 : 0);
    // -2^(I-1) is representable for signed types: a lo exactly at that bound needs no more bits.
  }
  int_bits = std::clamp<int64_t>(int_bits, -fixed::kMaxAbsIntBits + 1, fixed::kMaxAbsIntBits);
  auto t = FixedType::Create(width, int_bits, is_signed);
  LOOM_CHECK_MSG(t.ok(), t.error().message());
  return t.value();
}

}  // namespace loom::plan

namespace loom::plan {

std::pair<FixedType, bool> AutoParamType(const std::vector<float>& values) {
  if (auto exact = ExactTypeOf(values, kAutoParamWidth)) return {*exact, true};
  double lo = 0;
  double hi = 0;
  for (float f : values) {
    if (!std::isfinite(f)) continue;
    lo = std::min(lo, static_cast<double>(f));
    hi = std::max(hi, static_cast<double>(f));
  }
  return {FitType(lo, hi, kAutoParamWidth), false};
}

std::optional<std::vector<int64_t>> BroadcastMap(ir::Shape in, const ir::Shape& out) {
  while (in.size() > out.size() && in.front() == 1) in.erase(in.begin());
  if (in.size() > out.size()) return std::nullopt;
  const size_t shift = out.size() - in.size();
  for (size_t d = 0; d < in.size(); ++d) {
    if (in[d] != out[shift + d] && in[d] != 1) return std::nullopt;
  }
  if (in == out) return std::vector<int64_t>{};
  return BroadcastIndex(in, out);
}

}  // namespace loom::plan
