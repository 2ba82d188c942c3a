// Helpers shared by the tests that compare loom's fixed-point core with Xilinx ap_fixed.
#ifndef LOOM_TESTS_APFIXED_APFIXED_COMPARE_H_
#define LOOM_TESTS_APFIXED_APFIXED_COMPARE_H_

#include <ap_fixed.h>

#include <cstdint>
#include <iostream>
#include <string>
#include <type_traits>

#include "loom/fixed/fixed_type.h"
#include "loom/fixed/fixed_value.h"

namespace loom::apcompare {

using fixed::FixedType;
using fixed::OverflowMode;
using fixed::QuantMode;
using fixed::uint128;

// ap_fixed's enum values for loom's modes (the enums are ordered differently).
constexpr ap_q_mode ApQuant(QuantMode q) {
  switch (q) {
    case QuantMode::kTrn:
      return AP_TRN;
    case QuantMode::kTrnZero:
      return AP_TRN_ZERO;
    case QuantMode::kRnd:
      return AP_RND;
    case QuantMode::kRndZero:
      return AP_RND_ZERO;
    case QuantMode::kRndInf:
      return AP_RND_INF;
    case QuantMode::kRndMinInf:
      return AP_RND_MIN_INF;
    case QuantMode::kRndConv:
      return AP_RND_CONV;
  }
  return AP_TRN;
}
constexpr ap_o_mode ApOverflow(OverflowMode o) {
  switch (o) {
    case OverflowMode::kWrap:
      return AP_WRAP;
    case OverflowMode::kSat:
      return AP_SAT;
    case OverflowMode::kSatZero:
      return AP_SAT_ZERO;
    case OverflowMode::kSatSym:
      return AP_SAT_SYM;
  }
  return AP_WRAP;
}

// A type as compile-time data, so tables of them can drive template instantiation.
struct Spec {
  int w = 8;
  int i = 0;
  bool s = true;
  QuantMode q = QuantMode::kTrn;
  OverflowMode o = OverflowMode::kWrap;
  int n = 0;
  FixedType ToLoom() const { return FixedType::Create(w, i, s, q, o, n).value(); }
};

template <Spec S>
using Ap = std::conditional_t<S.s, ap_fixed<S.w, S.i, ApQuant(S.q), ApOverflow(S.o), S.n>,
                              ap_ufixed<S.w, S.i, ApQuant(S.q), ApOverflow(S.o), S.n>>;

// The bit pattern of any ap_fixed value (up to 128 bits), zero-extended.
template <typename T>
uint128 BitsOf(const T& x) {
  uint128 r = 0;
  for (int lo = 0; lo < T::width; lo += 64) {
    int hi = lo + 63 < T::width - 1 ? lo + 63 : T::width - 1;
    r |= static_cast<uint128>(x.range(hi, lo).to_uint64()) << lo;
  }
  return r;
}

inline uint128 Mask(int64_t width) {
  return width >= 128 ? ~uint128{0} : (uint128{1} << width) - 1;
}

// Loom's raw value as a zero-extended bit pattern of the type's width.
inline uint128 LoomBits(int64_t raw, int64_t width) {
  return static_cast<uint128>(static_cast<uint64_t>(raw)) & Mask(width);
}

inline std::string Hex(uint128 v) {
  static const char* kDigits = "0123456789abcdef";
  std::string s;
  do {
    s.insert(s.begin(), kDigits[static_cast<int>(v & 15)]);
    v >>= 4;
  } while (v != 0);
  return "0x" + s;
}

// Counts comparisons and prints the first few mismatches.
struct Tally {
  int64_t cases = 0;
  int64_t mismatches = 0;
  void Check(bool equal, const std::string& what) {
    ++cases;
    if (!equal && ++mismatches <= 20) std::cerr << "MISMATCH: " << what << "\n";
  }
};

}  // namespace loom::apcompare

#endif  // LOOM_TESTS_APFIXED_APFIXED_COMPARE_H_
