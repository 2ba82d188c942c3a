// Exact fixed-point arithmetic and the ap_fixed conversion rules (quantization, then overflow).
#include "loom/fixed/fixed_value.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <vector>

namespace loom::fixed {
namespace {

uint128 LowMask(int64_t n) {
  if (n <= 0) return 0;
  return n >= 128 ? ~uint128{0} : (uint128{1} << n) - 1;
}

// Sign- or zero-extends the low `width` bits of `bits` to 128 bits.
uint128 Normalize(uint128 bits, int64_t width, bool is_signed) {
  if (width >= 128) return bits;
  if (is_signed) {
    int shift = static_cast<int>(128 - width);
    return static_cast<uint128>(static_cast<int128>(bits << shift) >> shift);
  }
  return bits & LowMask(width);
}

bool IsNegative(const Wide& v, const WideType& t) { return t.is_signed && ((v.bits >> 127) & 1); }

// Whether ap_fixed applies its overflow handling at all for this pair of types: a static test in
// ap_fixed_base's conversion that skips it when the target has enough integer bits. (When the test
// fails no overflow is possible, except that AP_WRAP with no saturation bits never saturates.)
bool MaySaturate(const WideType& from, const FixedType& to) {
  if (to.overflow == OverflowMode::kWrap && to.sat_bits == 0) return false;
  int64_t f = to.frac_bits();
  int64_t f2 = from.frac_bits();
  bool quant_inc = f2 > f && !(to.quant == QuantMode::kTrn ||
                               (to.quant == QuantMode::kTrnZero && !from.is_signed));
  int64_t s = to.is_signed ? 1 : 0;
  int64_t s2 = from.is_signed ? 1 : 0;
  int64_t extra = (quant_inc || (from.is_signed && to.overflow == OverflowMode::kSatSym)) ? 1 : 0;
  return (!to.is_signed && from.is_signed) || to.int_bits - s < from.int_bits - s2 + extra;
}

// ap_fixed's overflow_adjust: what a value becomes when its quantized value left the range.
// `wrapped` holds the low bits of the quantized value; `negative` is its sign.
uint64_t AdjustOverflow(const FixedType& to, uint64_t wrapped, bool overflow, bool underflow,
                        bool negative) {
  const int64_t w = to.width;
  const uint64_t all = w == 64 ? ~uint64_t{0} : (uint64_t{1} << w) - 1;
  const uint64_t sign_bit = uint64_t{1} << (w - 1);
  switch (to.overflow) {
    case OverflowMode::kWrap: {
      const int64_t n = to.sat_bits;
      if (n == 0) return wrapped;
      // The top n bits become the sign followed by its complement (signed), or ones (unsigned).
      uint64_t top = (all >> (w - n)) << (w - n);
      if (to.is_signed) {
        uint64_t fill = negative ? sign_bit : (top & ~sign_bit);
        return (wrapped & ~top) | fill;
      }
      return wrapped | top;
    }
    case OverflowMode::kSatZero:
      return 0;
    case OverflowMode::kSat:
    case OverflowMode::kSatSym:
      if (overflow) return to.is_signed ? sign_bit - 1 : all;
      if (!underflow) return wrapped;
      if (!to.is_signed) return 0;
      return to.overflow == OverflowMode::kSatSym ? (sign_bit | 1) : sign_bit;
  }
  return wrapped;
}

int64_t Extend(uint64_t low, const FixedType& to) {
  int shift = static_cast<int>(64 - to.width);
  if (to.is_signed) return static_cast<int64_t>(low << shift) >> shift;
  return static_cast<int64_t>(low & (~uint64_t{0} >> shift));
}

int128 MaxRaw128(const FixedType& t) {
  return t.is_signed ? (int128{1} << (t.width - 1)) - 1 : (int128{1} << t.width) - 1;
}
int128 MinRaw128(const FixedType& t) { return t.is_signed ? -(int128{1} << (t.width - 1)) : 0; }

ErrorOr<WideType> AddSubType(const WideType& a, const WideType& b, bool is_sub) {
  int64_t ia = a.int_bits + ((b.is_signed && !a.is_signed) ? 1 : 0);
  int64_t ib = b.int_bits + ((a.is_signed && !b.is_signed) ? 1 : 0);
  int64_t i = std::max(ia, ib) + 1;
  int64_t f = std::max(a.frac_bits(), b.frac_bits());
  WideType t{i + f, i, is_sub || a.is_signed || b.is_signed};
  if (t.width > 128 || t.width < 1) {
    return Error("the exact " + std::string(is_sub ? "difference" : "sum") + " needs " +
                 std::to_string(t.width) +
                 " bits (more than 128): the operands' binary points are too far apart");
  }
  return t;
}

Wide AddSub(const Wide& a, const WideType& ta, const Wide& b, const WideType& tb, bool is_sub) {
  ErrorOr<WideType> t = AddSubType(ta, tb, is_sub);
  LOOM_CHECK_MSG(t.ok(), t.error().message());
  int64_t f = t.value().frac_bits();
  uint128 x = a.bits << (f - ta.frac_bits());
  uint128 y = b.bits << (f - tb.frac_bits());
  uint128 r = is_sub ? x - y : x + y;
  return {Normalize(r, t.value().width, t.value().is_signed)};
}

}  // namespace

WideType ProductType(const WideType& a, const WideType& b) {
  return {a.width + b.width, a.int_bits + b.int_bits, a.is_signed || b.is_signed};
}

ErrorOr<WideType> SumType(const WideType& a, const WideType& b) { return AddSubType(a, b, false); }
ErrorOr<WideType> DifferenceType(const WideType& a, const WideType& b) {
  return AddSubType(a, b, true);
}

Wide Mul(int64_t a, const FixedType& ta, int64_t b, const FixedType& tb) {
  // Every product fits: signed*signed and signed*unsigned in int128, unsigned*unsigned in uint128.
  if (!ta.is_signed && !tb.is_signed) {
    return {static_cast<uint128>(static_cast<uint64_t>(a)) * static_cast<uint64_t>(b)};
  }
  int128 x = ta.is_signed ? int128{a} : int128{static_cast<uint64_t>(a)};
  int128 y = tb.is_signed ? int128{b} : int128{static_cast<uint64_t>(b)};
  return {static_cast<uint128>(x * y)};
}

Wide Add(const Wide& a, const WideType& ta, const Wide& b, const WideType& tb) {
  return AddSub(a, ta, b, tb, false);
}

Wide Sub(const Wide& a, const WideType& ta, const Wide& b, const WideType& tb) {
  return AddSub(a, ta, b, tb, true);
}

int64_t Cast(const Wide& value, const WideType& from, const FixedType& to, CastFlags* flags) {
  const bool neg = IsNegative(value, from);
  const int64_t d = from.frac_bits() - to.frac_bits();
  const int128 max = MaxRaw128(to);
  const int128 min = MinRaw128(to);
  uint128 low;  // low bits of the quantized value (at least the target's width)
  bool over;
  bool under;
  bool negative;  // the quantized value is below zero
  if (d > 0) {
    // Drop d fraction bits: t = floor(value / 2^d), then round with the half bit and the rest.
    int128 t;
    if (d >= 128) {
      t = neg ? -1 : 0;
    } else {
      t = neg ? static_cast<int128>(value.bits) >> d : static_cast<int128>(value.bits >> d);
    }
    bool qb = d - 1 >= 128 ? neg : ((value.bits >> (d - 1)) & 1) != 0;
    bool r = (value.bits & LowMask(std::min<int64_t>(d - 1, 128))) != 0;
    bool inc = RoundingIncrement(to.quant, qb, r, neg, (t & 1) != 0);
    int128 q = t + (inc ? 1 : 0);
    low = static_cast<uint128>(q);
    over = q > max;
    under = q < min;
    negative = q < 0;
  } else {
    // Add -d fraction bits: exact, but may leave the range.
    int64_t k = -d;
    negative = neg;
    if (value.bits == 0) {
      low = 0;
      over = under = false;
    } else if (k >= 128) {
      low = 0;
      over = !neg;
      under = neg;
    } else {
      low = value.bits << k;
      if (neg) {
        over = false;
        under = static_cast<int128>(value.bits) < -((-min) >> k);
      } else {
        over = value.bits > static_cast<uint128>(max >> k);
        under = false;
      }
    }
  }
  if (flags) *flags = {over, under};
  uint64_t wrapped = static_cast<uint64_t>(low);
  if (MaySaturate(from, to)) {
    const uint64_t low_w1 = to.width == 1 ? 0 : (wrapped & (~uint64_t{0} >> (65 - to.width)));
    bool sym_under = to.overflow == OverflowMode::kSatSym && from.is_signed && to.is_signed &&
                     negative && low_w1 == 0;
    if (over || under || sym_under) {
      wrapped = AdjustOverflow(to, wrapped, over, under || sym_under, negative);
    }
  }
  return Extend(wrapped, to);
}

int64_t FromDouble(double d, const FixedType& to, CastFlags* flags) {
  uint64_t bits = std::bit_cast<uint64_t>(d);
  if ((bits & ~(uint64_t{1} << 63)) == 0) {
    if (flags) *flags = {};
    return 0;
  }
  bool neg = (bits >> 63) != 0;
  int64_t exponent = static_cast<int64_t>((bits >> 52) & 0x7ff) - 1023;
  int64_t mantissa = static_cast<int64_t>((bits & ((uint64_t{1} << 52) - 1)) | (uint64_t{1} << 52));
  // ap_fixed reads the double as a 54-bit signed value with exponent + 2 integer bits.
  Wide v{static_cast<uint128>(static_cast<int128>(neg ? -mantissa : mantissa))};
  return Cast(v, WideType{54, exponent + 2, true}, to, flags);
}

double ToDouble(int64_t raw, const FixedType& t) {
  double v =
      t.is_signed ? static_cast<double>(raw) : static_cast<double>(static_cast<uint64_t>(raw));
  return std::ldexp(v, static_cast<int>(-t.frac_bits()));
}

double ToDouble(const Wide& value, const WideType& t) {
  double v = IsNegative(value, t) ? static_cast<double>(static_cast<int128>(value.bits))
                                  : static_cast<double>(value.bits);
  return std::ldexp(v, static_cast<int>(-t.frac_bits()));
}

int Compare(int64_t a, const FixedType& ta, int64_t b, const FixedType& tb) {
  int128 x = ta.is_signed ? int128{a} : int128{static_cast<uint64_t>(a)};
  int128 y = tb.is_signed ? int128{b} : int128{static_cast<uint64_t>(b)};
  auto sign = [](int128 v) { return v < 0 ? -1 : (v > 0 ? 1 : 0); };
  if (sign(x) != sign(y)) return sign(x) < sign(y) ? -1 : 1;
  int64_t fx = ta.frac_bits();
  int64_t fy = tb.frac_bits();
  // Align to the larger fraction; a shift of 63 or more makes any non-zero value dominate.
  if (fx < fy) {
    if (fy - fx >= 63) return x == 0 ? -sign(y) : sign(x);
    x <<= (fy - fx);
  } else if (fy < fx) {
    if (fx - fy >= 63) return y == 0 ? sign(x) : -sign(y);
    y <<= (fx - fy);
  }
  return x < y ? -1 : (x > y ? 1 : 0);
}

CastPlan::CastPlan(const WideType& from, const FixedType& to) : from_(from), to_(to) {
  shift_ = static_cast<int>(std::clamp<int64_t>(from.frac_bits() - to.frac_bits(), -200, 200));
  bool source_fits = from.width <= 64 && (from.is_signed || from.width <= 63);
  bool target_fits = to.is_signed || to.width <= 63;
  fast_ = source_fits && target_fits && shift_ > -64 && shift_ < 64;
  if (!fast_) return;
  may_saturate_ = MaySaturate(from, to);
  sym_ = to.overflow == OverflowMode::kSatSym && from.is_signed && to.is_signed;
  unused_high_ = static_cast<int>(64 - to.width);
  max_ = to.max_raw();
  min_ = to.min_raw();
  if (shift_ > 0) {
    low_mask_ = shift_ >= 2 ? (~uint64_t{0} >> (65 - shift_)) : 0;
  } else {
    int k = -shift_;
    over_threshold_ = max_ >> k;
    under_threshold_ = static_cast<int64_t>(-((-int128{min_}) >> k));
  }
}

template <QuantMode kQuant, bool kDropBits, bool kMaySaturate>
void CastPlan::ApplyLoop(const int64_t* in, int64_t* out, int64_t n) const {
  const int shift = shift_;
  const int high = unused_high_;
  const uint64_t low_mask = low_mask_;
  const int64_t max = max_;
  const int64_t min = min_;
  const bool is_signed = to_.is_signed;
  const bool sym = sym_;
  const int64_t over_threshold = over_threshold_;
  const int64_t under_threshold = under_threshold_;
  const uint64_t width_mask = ~uint64_t{0} >> high;
  for (int64_t i = 0; i < n; ++i) {
    const int64_t raw = in[i];
    int64_t q;
    if constexpr (kDropBits && (kQuant == QuantMode::kTrn || kQuant == QuantMode::kRnd)) {
      // floor(raw / 2^s), plus the half bit for AP_RND: no masks or mode logic.
      q = raw >> shift;
      if constexpr (kQuant == QuantMode::kRnd) q += (raw >> (shift - 1)) & 1;
    } else if constexpr (kDropBits) {
      const int64_t t = raw >> shift;
      const bool qb = (static_cast<uint64_t>(raw) >> (shift - 1)) & 1;
      const bool r = (static_cast<uint64_t>(raw) & low_mask) != 0;
      const bool neg = raw < 0;
      // The mode is a template argument: the switch inside folds away.
      const bool inc = RoundingIncrement(kQuant, qb, r, neg, (t & 1) != 0);
      q = t + static_cast<int64_t>(inc);
    } else {
      q = static_cast<int64_t>(static_cast<uint64_t>(raw) << -shift);
    }
    if constexpr (kMaySaturate) {
      // In range (and not AP_SAT_SYM's minimum), q is the result; otherwise the exact rules.
      bool in_range =
          kDropBits ? (q <= max && q >= min) : (raw <= over_threshold && raw >= under_threshold);
      out[i] = in_range && !(sym && q == min) ? q : Apply(raw);
    } else {
      out[i] = is_signed ? static_cast<int64_t>(static_cast<uint64_t>(q) << high) >> high
                         : static_cast<int64_t>(static_cast<uint64_t>(q) & width_mask);
    }
  }
}

template <QuantMode kQuant>
void CastPlan::ApplyLoopFor(const int64_t* in, int64_t* out, int64_t n) const {
  if (shift_ > 0) {
    if (may_saturate_) return ApplyLoop<kQuant, true, true>(in, out, n);
    return ApplyLoop<kQuant, true, false>(in, out, n);
  }
  if (may_saturate_) return ApplyLoop<kQuant, false, true>(in, out, n);
  return ApplyLoop<kQuant, false, false>(in, out, n);
}

void CastPlan::ApplyN(const int64_t* in, int64_t* out, int64_t n) const {
  if (!fast_) {
    for (int64_t i = 0; i < n; ++i) out[i] = ApplySlow(in[i], nullptr);
    return;
  }
  // Without dropped bits the quantization mode plays no part.
  QuantMode q = shift_ > 0 ? to_.quant : QuantMode::kTrn;
  switch (q) {
    case QuantMode::kTrn:
      return ApplyLoopFor<QuantMode::kTrn>(in, out, n);
    case QuantMode::kTrnZero:
      return ApplyLoopFor<QuantMode::kTrnZero>(in, out, n);
    case QuantMode::kRnd:
      return ApplyLoopFor<QuantMode::kRnd>(in, out, n);
    case QuantMode::kRndZero:
      return ApplyLoopFor<QuantMode::kRndZero>(in, out, n);
    case QuantMode::kRndInf:
      return ApplyLoopFor<QuantMode::kRndInf>(in, out, n);
    case QuantMode::kRndMinInf:
      return ApplyLoopFor<QuantMode::kRndMinInf>(in, out, n);
    case QuantMode::kRndConv:
      return ApplyLoopFor<QuantMode::kRndConv>(in, out, n);
  }
}

int64_t Accumulate(const int64_t* values, int64_t n, const FixedType& t, int64_t init) {
  if (t.overflow == OverflowMode::kWrap && t.sat_bits == 0) {
    // Wrapping is addition modulo 2^W, so wrapping once at the end gives the same bits.
    uint64_t total = static_cast<uint64_t>(init);
    for (int64_t i = 0; i < n; ++i) total += static_cast<uint64_t>(values[i]);
    return Extend(total & (~uint64_t{0} >> (64 - t.width)), t);
  }
  const WideType wt = WideType::Of(t);
  const WideType sum = SumType(wt, wt).value();
  const CastPlan back(sum, t);
  int64_t acc = init;
  for (int64_t i = 0; i < n; ++i) {
    if (t.width <= 62) {  // the sum then fits an int64_t
      acc = back.Apply(acc + values[i]);
    } else {
      acc = Cast(Add(Widen(acc, t), wt, Widen(values[i], t), wt), sum, t);
    }
  }
  return acc;
}

int64_t MultiplyAccumulate(const int64_t* x, const FixedType& tx, const int64_t* w,
                           const FixedType& tw, int64_t n, const FixedType& acc, int64_t init) {
  const WideType pt = ProductType(WideType::Of(tx), WideType::Of(tw));
  const CastPlan plan(pt, acc);
  const bool wrap_acc = acc.overflow == OverflowMode::kWrap && acc.sat_bits == 0;
  // Raw products then fit an int64_t (a 64-bit product type is signed unless both are unsigned).
  const bool products_fit = pt.width <= 63 || (pt.width == 64 && pt.is_signed);
  if (wrap_acc && products_fit && plan.is_fast() && !plan.may_saturate() &&
      (plan.shift() <= 0 || acc.quant == QuantMode::kTrn)) {
    // Truncation is an arithmetic shift and wrapping is arithmetic modulo 2^W: one fused loop.
    uint64_t total = static_cast<uint64_t>(init);
    const int s = plan.shift();
    if (s > 0) {
      for (int64_t i = 0; i < n; ++i) total += static_cast<uint64_t>((x[i] * w[i]) >> s);
    } else {
      for (int64_t i = 0; i < n; ++i) total += static_cast<uint64_t>(x[i] * w[i]) << -s;
    }
    return Extend(total & (~uint64_t{0} >> (64 - acc.width)), acc);
  }
  std::vector<int64_t> products(static_cast<size_t>(n));
  if (products_fit) {
    for (int64_t i = 0; i < n; ++i) products[i] = x[i] * w[i];
    plan.ApplyN(products.data(), products.data(), n);
  } else {
    for (int64_t i = 0; i < n; ++i) products[i] = Cast(Mul(x[i], tx, w[i], tw), pt, acc);
  }
  return Accumulate(products.data(), n, acc, init);
}

int64_t CastPlan::ApplySlow(int64_t raw, CastFlags* flags) const {
  Wide v{from_.is_signed ? static_cast<uint128>(static_cast<int128>(raw))
                         : static_cast<uint128>(static_cast<uint64_t>(raw))};
  return Cast(v, from_, to_, flags);
}

int64_t CastPlan::Saturate(int64_t wrapped, bool overflow, bool underflow, bool negative) const {
  uint64_t low = static_cast<uint64_t>(wrapped) & (~uint64_t{0} >> unused_high_);
  return Extend(AdjustOverflow(to_, low, overflow, underflow, negative), to_);
}

}  // namespace loom::fixed
