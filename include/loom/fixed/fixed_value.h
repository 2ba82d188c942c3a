// Fixed-point values and arithmetic, bit-exact with Xilinx ap_fixed (see docs/numerics.md).
#ifndef LOOM_FIXED_FIXED_VALUE_H_
#define LOOM_FIXED_FIXED_VALUE_H_

#include <cstdint>

#include "loom/fixed/fixed_type.h"
#include "loom/support/error.h"

namespace loom::fixed {

using int128 = __int128;
using uint128 = unsigned __int128;

// Type of an exact intermediate result (a product or a sum) as ap_fixed defines it: up to 128
// bits, no quantization or overflow mode (those belong to the type it is later cast to).
struct WideType {
  int64_t width = 0;
  int64_t int_bits = 0;
  bool is_signed = true;

  static WideType Of(const FixedType& t) { return {t.width, t.int_bits, t.is_signed}; }
  int64_t frac_bits() const { return width - int_bits; }
  friend bool operator==(const WideType&, const WideType&) = default;
};

// An exact intermediate value: the two's-complement pattern of its WideType's width, sign-extended
// (signed) or zero-extended (unsigned) to 128 bits.
struct Wide {
  uint128 bits = 0;
  friend bool operator==(const Wide&, const Wide&) = default;
};

// What a cast found before the target's overflow mode was applied: the value, after quantization,
// was above the target's maximum (overflow) or below its minimum (underflow).
struct CastFlags {
  bool overflow = false;
  bool underflow = false;
};

// Widens a stored raw value of type `t` into an exact intermediate.
inline Wide Widen(int64_t raw, const FixedType& t) {
  return {t.is_signed ? static_cast<uint128>(static_cast<int128>(raw))
                      : static_cast<uint128>(static_cast<uint64_t>(raw))};
}

// Result types of ap_fixed's operators: a*b has width Wa+Wb and Ia+Ib integer bits; a+b and a-b
// have max(Fa,Fb) fraction bits and one integer bit more than the wider operand (a-b is always
// signed). The sum and difference types are errors when they need more than 128 bits.
WideType ProductType(const WideType& a, const WideType& b);
ErrorOr<WideType> SumType(const WideType& a, const WideType& b);
ErrorOr<WideType> DifferenceType(const WideType& a, const WideType& b);

// Exact product of two stored values; its type is ProductType(Of(ta), Of(tb)).
Wide Mul(int64_t a, const FixedType& ta, int64_t b, const FixedType& tb);
// Exact sum and difference; the types must satisfy SumType/DifferenceType (checked).
Wide Add(const Wide& a, const WideType& ta, const Wide& b, const WideType& tb);
Wide Sub(const Wide& a, const WideType& ta, const Wide& b, const WideType& tb);

// Converts an exact value to type `to` exactly as ap_fixed's converting assignment does:
// quantization with to.quant on the dropped fraction bits, then to.overflow.
int64_t Cast(const Wide& value, const WideType& from, const FixedType& to,
             CastFlags* flags = nullptr);
inline int64_t Cast(int64_t raw, const FixedType& from, const FixedType& to,
                    CastFlags* flags = nullptr) {
  return Cast(Widen(raw, from), WideType::Of(from), to, flags);
}

// Converts a double as ap_fixed's constructor from double does (also for NaN, infinities and
// subnormals, which ap_fixed reads as if their exponent field were a normal one's).
int64_t FromDouble(double d, const FixedType& to, CastFlags* flags = nullptr);

// The value as a double, rounded to nearest-even when it has more than 53 significant bits
// (ap_fixed's to_double).
double ToDouble(int64_t raw, const FixedType& t);
double ToDouble(const Wide& value, const WideType& t);

// Exact comparison of two values of any types: negative, zero or positive as a <, ==, > b.
int Compare(int64_t a, const FixedType& ta, int64_t b, const FixedType& tb);

// Whether quantization adds one LSB to the truncated value, per ap_fixed's rules: `qb` is the
// first dropped bit (half an LSB), `r` whether any later dropped bit is set, `neg` the sign of
// the value and `lsb` the lowest kept bit.
inline bool RoundingIncrement(QuantMode mode, bool qb, bool r, bool neg, bool lsb) {
  switch (mode) {
    case QuantMode::kTrn:
      return false;
    case QuantMode::kRnd:
      return qb;
    case QuantMode::kRndZero:
      return qb && (neg || r);
    case QuantMode::kRndMinInf:
      return qb && r;
    case QuantMode::kRndInf:
      return qb && (!neg || r);
    case QuantMode::kRndConv:
      return qb && (lsb || r);
    case QuantMode::kTrnZero:
      return neg && (qb || r);
  }
  return false;
}

// A cast between two fixed types prepared once and applied to many values: the fast path used by
// the emulator. Equal to Cast() bit for bit for every input (tested exhaustively and randomly).
class CastPlan {
 public:
  CastPlan(const WideType& from, const FixedType& to);
  CastPlan(const FixedType& from, const FixedType& to) : CastPlan(WideType::Of(from), to) {}

  // `raw` is a value of the source type held in an int64_t (so the source must be at most 64
  // bits wide and, if unsigned, at most 63).
  inline int64_t Apply(int64_t raw, CastFlags* flags = nullptr) const;

  // Applies the cast to n values; the mode dispatch happens once per call, so the loop body is
  // straight-line integer code. `out` may equal `in`.
  void ApplyN(const int64_t* in, int64_t* out, int64_t n) const;

  const WideType& from() const { return from_; }
  // Whether values take the int64 fast path, and its shift (fraction bits dropped if > 0).
  bool is_fast() const { return fast_; }
  int shift() const { return shift_; }
  bool may_saturate() const { return may_saturate_; }
  const FixedType& to() const { return to_; }

 private:
  template <QuantMode kQuant, bool kDropBits, bool kMaySaturate>
  void ApplyLoop(const int64_t* in, int64_t* out, int64_t n) const;
  template <QuantMode kQuant>
  void ApplyLoopFor(const int64_t* in, int64_t* out, int64_t n) const;
  int64_t ApplySlow(int64_t raw, CastFlags* flags) const;
  int64_t Saturate(int64_t wrapped, bool overflow, bool underflow, bool negative) const;

  WideType from_;
  FixedType to_;
  bool fast_ = false;  // false: every value goes through Cast()
  int shift_ = 0;      // fraction bits dropped (> 0) or added (< 0)
  bool may_saturate_ = false;
  bool sym_ = false;       // AP_SAT_SYM signed-to-signed: the minimum also saturates
  uint64_t low_mask_ = 0;  // bits below the half-LSB bit when dropping bits
  int64_t max_ = 0;
  int64_t min_ = 0;
  int64_t over_threshold_ = 0;   // when adding bits: raw > this overflows
  int64_t under_threshold_ = 0;  // when adding bits: raw < this underflows
  int unused_high_ = 0;          // 64 - target width
};

inline int64_t CastPlan::Apply(int64_t raw, CastFlags* flags) const {
  if (!fast_) return ApplySlow(raw, flags);
  int64_t q;
  bool over;
  bool under;
  bool negative;  // sign of the exact quantized value (q itself may have wrapped)
  if (shift_ > 0) {
    int64_t t = raw >> shift_;
    bool qb = (static_cast<uint64_t>(raw) >> (shift_ - 1)) & 1;
    bool r = (static_cast<uint64_t>(raw) & low_mask_) != 0;
    bool neg = raw < 0;
    int64_t inc = RoundingIncrement(to_.quant, qb, r, neg, (t & 1) != 0);
    q = t + inc;
    over = q > max_;
    under = q < min_;
    negative = q < 0;
  } else {
    over = raw > over_threshold_;
    under = raw < under_threshold_;
    q = static_cast<int64_t>(static_cast<uint64_t>(raw) << -shift_);
    negative = raw < 0;
  }
  if (flags) *flags = {over, under};
  int64_t wrapped =
      to_.is_signed
          ? static_cast<int64_t>(static_cast<uint64_t>(q) << unused_high_) >> unused_high_
          : static_cast<int64_t>(static_cast<uint64_t>(q) & (~uint64_t{0} >> unused_high_));
  if (!may_saturate_) return wrapped;
  bool sym_under = sym_ && negative && wrapped == min_;
  if (!over && !under && !sym_under) return wrapped;
  return Saturate(wrapped, over, under || sym_under, negative);
}

// The value `init + values[0] + ... + values[n-1]` as ap_fixed computes `acc = acc + v` in a loop
// with `acc` of type t (every value also of type t): the sum is cast back to t after each
// addition. With AP_WRAP and no saturation bits that equals the wrapped total, computed in one
// pass; otherwise each step applies t's overflow mode.
int64_t Accumulate(const int64_t* values, int64_t n, const FixedType& t, int64_t init = 0);

// The dot product as ap_fixed computes `acc_t acc = init; acc += (acc_t)(x[i] * w[i])` in a
// loop: each exact product is cast to `acc` (its quantization and overflow modes), then
// accumulated as by Accumulate. The common case (products of at most 63 bits, truncating cast,
// wrapping accumulator) runs as one fused integer loop.
int64_t MultiplyAccumulate(const int64_t* x, const FixedType& tx, const int64_t* w,
                           const FixedType& tw, int64_t n, const FixedType& acc, int64_t init = 0);

}  // namespace loom::fixed

#endif  // LOOM_FIXED_FIXED_VALUE_H_
