// Fixed-point types with the semantics of Xilinx ap_fixed/ap_ufixed/ap_int/ap_uint.
#ifndef LOOM_FIXED_FIXED_TYPE_H_
#define LOOM_FIXED_FIXED_TYPE_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "loom/support/error.h"

namespace loom::fixed {

// Quantization (rounding) mode applied when a value loses fraction bits. Names as in ap_fixed.
enum class QuantMode : uint8_t {
  kTrn,        // AP_TRN: toward minus infinity (drop bits); the default
  kTrnZero,    // AP_TRN_ZERO: toward zero
  kRnd,        // AP_RND: to nearest, ties toward plus infinity
  kRndZero,    // AP_RND_ZERO: to nearest, ties toward zero
  kRndInf,     // AP_RND_INF: to nearest, ties away from zero
  kRndMinInf,  // AP_RND_MIN_INF: to nearest, ties toward minus infinity
  kRndConv,    // AP_RND_CONV: to nearest, ties to even
};
inline constexpr int kNumQuantModes = 7;

// Overflow mode applied when a value does not fit the integer bits. Names as in ap_fixed.
enum class OverflowMode : uint8_t {
  kWrap,     // AP_WRAP: keep the low bits (two's complement wrap); the default
  kSat,      // AP_SAT: clamp to the minimum or maximum
  kSatZero,  // AP_SAT_ZERO: any overflow gives zero
  kSatSym,   // AP_SAT_SYM: clamp symmetrically, signed minimum is -maximum
};
inline constexpr int kNumOverflowModes = 4;

inline constexpr int64_t kMaxWidth = 64;
// Integer bits may be negative or exceed the width (as in ap_fixed); loom bounds them so that every
// representable value is a normal double.
inline constexpr int64_t kMaxAbsIntBits = 900;

// "AP_RND_CONV"-style names (without the AP_ prefix when `ap_prefix` is false).
std::string QuantModeName(QuantMode mode, bool ap_prefix = true);
std::string OverflowModeName(OverflowMode mode, bool ap_prefix = true);

// A fixed-point type: `width` bits in total of which `int_bits` are left of the binary point
// (sign included), so a value is raw * 2^-(width - int_bits). Values are stored as the raw
// integer, sign-extended (signed) or zero-extended (unsigned) into an int64_t.
struct FixedType {
  int64_t width = 16;
  int64_t int_bits = 6;
  bool is_signed = true;
  QuantMode quant = QuantMode::kTrn;
  OverflowMode overflow = OverflowMode::kWrap;
  // Saturation bits N of ap_fixed: only meaningful with AP_WRAP (0 <= N <= width).
  int64_t sat_bits = 0;

  // Validates the fields; the error says which rule was broken.
  static ErrorOr<FixedType> Create(int64_t width, int64_t int_bits, bool is_signed,
                                   QuantMode quant = QuantMode::kTrn,
                                   OverflowMode overflow = OverflowMode::kWrap,
                                   int64_t sat_bits = 0);
  // Shorthands for types known to be valid (checked: an invalid one is an internal error).
  static FixedType Signed(int64_t width, int64_t int_bits);
  static FixedType Unsigned(int64_t width, int64_t int_bits);

  int64_t frac_bits() const { return width - int_bits; }
  bool is_integer() const { return int_bits == width; }
  // Largest and smallest raw value. For a 64-bit unsigned type max_raw() is -1 (all ones).
  int64_t max_raw() const;
  int64_t min_raw() const;
  double max_value() const;
  double min_value() const;
  // Value of one least-significant bit, 2^-frac_bits.
  double lsb() const;

  // hls4ml spelling: "fixed<16,6>", "ufixed<8,0,RND_CONV,SAT>", "int<8>", "uint<4>".
  std::string ToString() const;
  // Xilinx C++ spelling: "ap_fixed<16,6>", "ap_fixed<16,6,AP_RND_CONV,AP_SAT>", "ap_ufixed<4,4>"
  // (never ap_int: its conversion from ap_fixed rounds toward zero, not by the quantization mode).
  std::string ToApString() const;

  friend bool operator==(const FixedType&, const FixedType&) = default;
};

// A precision as users write it in a configuration: a fixed type, or "auto" (loom chooses).
struct Precision {
  bool is_auto = false;
  FixedType type;  // meaningful when !is_auto
  std::string ToString() const { return is_auto ? "auto" : type.ToString(); }
  friend bool operator==(const Precision&, const Precision&) = default;
};

// Parses "fixed<W,I[,Q[,O[,N]]]>", "ufixed<...>", "ap_fixed<...>", "ap_ufixed<...>", "int<W>",
// "uint<W>", "ap_int<W>", "ap_uint<W>" and "auto". Modes may be written with or without "AP_".
// A bad string gives an error that quotes it and states the rule that failed.
ErrorOr<Precision> ParsePrecision(std::string_view text);
// As ParsePrecision, but "auto" is an error.
ErrorOr<FixedType> ParseFixedType(std::string_view text);

}  // namespace loom::fixed

#endif  // LOOM_FIXED_FIXED_TYPE_H_
