// Every value of every type up to 8 bits, cast by loom and by ap_fixed into a set of targets under
// one overflow mode (chosen at build time) and every quantization mode; also double conversion.
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>

#include "apfixed_compare.h"

#ifndef LOOM_OVERFLOW_MODE
#error "LOOM_OVERFLOW_MODE must name the overflow mode under test"
#endif
#ifndef LOOM_SAT_BITS
#define LOOM_SAT_BITS 0
#endif

namespace loom::apcompare {
namespace {

constexpr OverflowMode kOverflow = OverflowMode::LOOM_OVERFLOW_MODE;
constexpr int kSatBits = LOOM_SAT_BITS;

// Sources: widths 1..8; integer bits below zero, zero, inside, equal to and above the width.
constexpr auto kSources = [] {
  std::array<Spec, 80> out{};
  int k = 0;
  for (int w = 1; w <= 8; ++w) {
    for (int i : {-1, 0, w / 2, w, w + 2}) {
      for (bool s : {true, false}) out[k++] = Spec{w, i, s};
    }
  }
  return out;
}();

// Target shapes, each used with every quantization mode.
constexpr std::array<std::pair<int, int>, 8> kTargetShapes = {
    {{1, 1}, {2, 0}, {3, -1}, {4, 2}, {5, 5}, {6, 3}, {8, 7}, {10, 4}}};

constexpr auto kTargets = [] {
  std::array<Spec, 8 * 2 * fixed::kNumQuantModes> out{};
  int k = 0;
  for (auto [w, i] : kTargetShapes) {
    for (bool s : {true, false}) {
      for (int q = 0; q < fixed::kNumQuantModes; ++q) {
        out[k++] = Spec{w, i, s, static_cast<QuantMode>(q), kOverflow, kSatBits < w ? kSatBits : w};
      }
    }
  }
  return out;
}();

// The only templated code: ap_fixed's results, written to arrays. Everything that compares and
// reports is ordinary code, which keeps the thousands of instantiations cheap to compile.
template <Spec kFrom, Spec kTo>
void ApCastAll(uint64_t* out) {
  for (uint64_t u = 0; u < (uint64_t{1} << kFrom.w); ++u) {
    Ap<kFrom> x;
    x.setBits(u);
    Ap<kTo> y = x;
    out[u] = y.bits_to_uint64();
  }
}

template <Spec kTo>
uint64_t ApFromDouble(double d) {
  Ap<kTo> y = d;
  return y.bits_to_uint64();
}

using ApCastFn = void (*)(uint64_t*);
using ApDoubleFn = uint64_t (*)(double);

template <size_t kT, size_t... kS>
constexpr std::array<ApCastFn, sizeof...(kS)> CastRow(std::index_sequence<kS...>) {
  return {&ApCastAll<kSources[kS], kTargets[kT]>...};
}

template <size_t... kT>
constexpr auto CastTable(std::index_sequence<kT...>) {
  return std::array<std::array<ApCastFn, kSources.size()>, sizeof...(kT)>{
      CastRow<kT>(std::make_index_sequence<kSources.size()>())...};
}

template <size_t... kT>
constexpr auto DoubleTable(std::index_sequence<kT...>) {
  return std::array<ApDoubleFn, sizeof...(kT)>{&ApFromDouble<kTargets[kT]>...};
}

void CheckCasts(const FixedType& from, const FixedType& to, ApCastFn ap, Tally& tally) {
  const fixed::CastPlan plan(from, to);
  uint64_t want[256];
  ap(want);
  for (uint64_t u = 0; u < (uint64_t{1} << from.width); ++u) {
    int64_t raw = from.is_signed && (u >> (from.width - 1))
                      ? static_cast<int64_t>(u) - (int64_t{1} << from.width)
                      : static_cast<int64_t>(u);
    int64_t exact = fixed::Cast(raw, from, to);
    int64_t fast = plan.Apply(raw);
    uint128 expected = want[u] & Mask(to.width);
    bool ok = LoomBits(exact, to.width) == expected && fast == exact;
    if (!ok) {
      tally.Check(false, from.ToApString() + " " + Hex(u) + " -> " + to.ToApString() +
                             ": ap_fixed " + Hex(expected) + ", loom " +
                             Hex(LoomBits(exact, to.width)) + ", fast path " +
                             Hex(LoomBits(fast, to.width)));
    } else {
      tally.Check(true, "");
    }
  }
}

void CheckDoubles(const FixedType& to, ApDoubleFn ap, Tally& tally) {
  auto check = [&](double d) {
    uint128 expected = ap(d) & Mask(to.width);
    int64_t got = fixed::FromDouble(d, to);
    bool ok = LoomBits(got, to.width) == expected;
    tally.Check(ok, ok ? ""
                       : "double " + std::to_string(d) + " -> " + to.ToApString() + ": ap_fixed " +
                             Hex(expected) + ", loom " + Hex(LoomBits(got, to.width)));
  };
  // Quarter-lsb steps well beyond the range hit every rounding tie and every overflow.
  const double step = to.lsb() / 4;
  const double span = std::ldexp(1.0, static_cast<int>(to.int_bits + 2)) + 4 * to.lsb();
  for (double d = -span; d <= span; d += step) check(d);
  const double inf = std::numeric_limits<double>::infinity();
  for (double d : {0.0, -0.0, inf, -inf, std::numeric_limits<double>::denorm_min(), -1e-310, 1e300,
                   -1e300, 1e-300, std::ldexp(1.0, 60), -std::ldexp(1.0, 60) - 4096}) {
    check(d);
  }
}

void CheckAll(Tally& tally) {
  static constexpr auto kCasts = CastTable(std::make_index_sequence<kTargets.size()>());
  static constexpr auto kDoubles = DoubleTable(std::make_index_sequence<kTargets.size()>());
  for (size_t t = 0; t < kTargets.size(); ++t) {
    const FixedType to = kTargets[t].ToLoom();
    for (size_t s = 0; s < kSources.size(); ++s) {
      CheckCasts(kSources[s].ToLoom(), to, kCasts[t][s], tally);
    }
    CheckDoubles(to, kDoubles[t], tally);
  }
}

}  // namespace
}  // namespace loom::apcompare

int main() {
  using namespace loom::apcompare;
  Tally tally;
  CheckAll(tally);
  std::printf("ap_fixed exhaustive (%s, %d saturation bits): %lld cases, %lld mismatches\n",
              loom::fixed::OverflowModeName(kOverflow).c_str(), kSatBits,
              static_cast<long long>(tally.cases), static_cast<long long>(tally.mismatches));
  return tally.mismatches == 0 && tally.cases > 0 ? 0 : 1;
}
