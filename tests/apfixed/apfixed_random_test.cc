// Random types of 9 to 64 bits (drawn at compile time from a fixed seed) and random values:
// double conversion, casts, products, sums, differences, to_double and comparison, loom vs
// ap_fixed bit for bit.
#include <array>
#include <cmath>
#include <cstdio>
#include <random>
#include <utility>

#include "apfixed_compare.h"

namespace loom::apcompare {
namespace {

using fixed::CastPlan;
using fixed::Wide;
using fixed::WideType;

struct Combo {
  Spec a;
  Spec b;
  Spec t;  // the target of every cast
};

constexpr uint64_t NextRandom(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

constexpr Spec RandomSpec(uint64_t& state, bool with_modes) {
  Spec s;
  s.w = 9 + static_cast<int>(NextRandom(state) % 56);
  s.i = static_cast<int>(NextRandom(state) % static_cast<uint64_t>(s.w + 17)) - 8;
  s.s = NextRandom(state) % 4 != 0;
  if (with_modes) {
    s.q = static_cast<QuantMode>(NextRandom(state) % fixed::kNumQuantModes);
    s.o = static_cast<OverflowMode>(NextRandom(state) % fixed::kNumOverflowModes);
    if (s.o == OverflowMode::kWrap && NextRandom(state) % 3 == 0) {
      s.n = 1 + static_cast<int>(NextRandom(state) % 3);
    }
  }
  return s;
}

constexpr int kNumCombos = 48;
constexpr auto kCombos = [] {
  std::array<Combo, kNumCombos> out{};
  uint64_t state = 20261126;
  for (auto& c : out) {
    c.a = RandomSpec(state, false);
    c.b = RandomSpec(state, false);
    c.t = RandomSpec(state, true);
  }
  // Make sure the extremes are present: 64-bit unsigned operands and a 64-bit saturating target.
  out[0].a = Spec{64, 64, false};
  out[0].b = Spec{64, 0, false};
  out[1].a = Spec{64, 3, true};
  out[1].t = Spec{64, 10, true, QuantMode::kRndConv, OverflowMode::kSat};
  out[2].t = Spec{64, 64, false, QuantMode::kRnd, OverflowMode::kSatSym};
  return out;
}();

constexpr int kSamples = 3000;

// A random raw pattern, biased toward the edges of the range where modes differ.
uint64_t RandomPattern(std::mt19937_64& rng, int width) {
  uint64_t mask = width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
  uint64_t sign = uint64_t{1} << (width - 1);
  switch (rng() % 8) {
    case 0:
      return (sign - 1 - rng() % 4) & mask;  // near the signed maximum
    case 1:
      return (sign + rng() % 4) & mask;  // near the signed minimum
    case 2:
      return (mask - rng() % 4) & mask;  // near -1 / unsigned maximum
    case 3:
      return (rng() % 4) & mask;  // near zero
    case 4:
      return (rng() >> (rng() % 64)) & mask;  // small magnitudes
    default:
      return rng() & mask;
  }
}

int64_t RawOf(uint64_t pattern, const FixedType& t) {
  int shift = static_cast<int>(64 - t.width);
  return t.is_signed ? static_cast<int64_t>(pattern << shift) >> shift
                     : static_cast<int64_t>(pattern);
}

template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N>
constexpr bool SignOf(const ap_fixed_base<W, I, S, Q, O, N>*) {
  return S;
}

// The type ap_fixed gave an operator's result, in loom's terms.
template <typename X>
WideType WideTypeOf() {
  return WideType{X::width, X::iwidth, SignOf(static_cast<const X*>(nullptr))};
}

template <size_t kK>
void RunCombo(Tally& tally, std::mt19937_64& rng) {
  constexpr Combo c = kCombos[kK];
  using A = Ap<c.a>;
  using B = Ap<c.b>;
  using T = Ap<c.t>;
  const FixedType ta = c.a.ToLoom();
  const FixedType tb = c.b.ToLoom();
  const FixedType tt = c.t.ToLoom();
  const WideType wa = WideType::Of(ta);
  const WideType wb = WideType::Of(tb);
  const std::string name = ta.ToApString() + ", " + tb.ToApString() + " -> " + tt.ToApString();
  const CastPlan plan(ta, tt);

  using P = decltype(A() * B());
  using S = decltype(A() + B());
  using D = decltype(A() - B());
  const WideType wp = fixed::ProductType(wa, wb);
  const auto ws = fixed::SumType(wa, wb);
  const auto wd = fixed::DifferenceType(wa, wb);
  tally.Check(wp == WideTypeOf<P>(), "product type of " + name);
  if (ws.ok()) tally.Check(ws.value() == WideTypeOf<S>(), "sum type of " + name);
  if (wd.ok()) tally.Check(wd.value() == WideTypeOf<D>(), "difference type of " + name);

  for (int k = 0; k < kSamples; ++k) {
    uint64_t ua = RandomPattern(rng, c.a.w);
    uint64_t ub = RandomPattern(rng, c.b.w);
    int64_t ra = RawOf(ua, ta);
    int64_t rb = RawOf(ub, tb);
    A x;
    x.setBits(ua);
    B y;
    y.setBits(ub);
    auto fail = [&](const char* what) {
      return std::string(what) + " in " + name + " a=" + Hex(ua) + " b=" + Hex(ub);
    };

    // Cast, exact and fast path.
    T cx = x;
    int64_t cast = fixed::Cast(ra, ta, tt);
    tally.Check(LoomBits(cast, tt.width) == BitsOf(cx) &&
                    (ta.is_signed || ta.width < 64 ? plan.Apply(ra) == cast : true),
                fail("cast"));

    // Product, then cast.
    P p = x * y;
    Wide lp = fixed::Mul(ra, ta, rb, tb);
    tally.Check((lp.bits & Mask(wp.width)) == BitsOf(p), fail("product"));
    T cp = p;
    tally.Check(LoomBits(fixed::Cast(lp, wp, tt), tt.width) == BitsOf(cp), fail("cast product"));
    tally.Check(fixed::ToDouble(lp, wp) == p.to_double(), fail("product to_double"));

    // Sum and difference (when loom's 128-bit intermediate holds them), then cast.
    if (ws.ok()) {
      S s = x + y;
      Wide ls = fixed::Add(fixed::Widen(ra, ta), wa, fixed::Widen(rb, tb), wb);
      tally.Check((ls.bits & Mask(ws.value().width)) == BitsOf(s), fail("sum"));
      T cs = s;
      tally.Check(LoomBits(fixed::Cast(ls, ws.value(), tt), tt.width) == BitsOf(cs),
                  fail("cast sum"));
    }
    if (wd.ok()) {
      D d = x - y;
      Wide ld = fixed::Sub(fixed::Widen(ra, ta), wa, fixed::Widen(rb, tb), wb);
      tally.Check((ld.bits & Mask(wd.value().width)) == BitsOf(d), fail("difference"));
      T cd = d;
      tally.Check(LoomBits(fixed::Cast(ld, wd.value(), tt), tt.width) == BitsOf(cd),
                  fail("cast difference"));
    }

    // to_double and comparison.
    tally.Check(fixed::ToDouble(ra, ta) == x.to_double(), fail("to_double"));
    // Only same-signedness pairs: between a signed and an unsigned operand ap_fixed's relational
    // operators follow C's integer conversion rules on the aligned raw values (a negative value
    // can compare greater than a positive one), which loom does not reproduce (numerics.md).
    if (ta.is_signed == tb.is_signed) {
      int cmp = fixed::Compare(ra, ta, rb, tb);
      tally.Check((cmp < 0) == (x < y) && (cmp == 0) == (x == y) && (cmp > 0) == (x > y),
                  fail("compare"));
    }

    // Double conversion: a value of A (exact in a double when it fits 53 bits), a tie point of
    // the target, and a random double near the target's range.
    double d1 = x.to_double();
    double d2 = std::ldexp(static_cast<double>(static_cast<int64_t>(rng() >> 12)) + 0.5,
                           static_cast<int>(-tt.frac_bits())) *
                (rng() % 2 ? 1 : -1);
    double d3 = std::ldexp(static_cast<double>(rng() >> 11) / 9007199254740992.0 * 2 - 1,
                           static_cast<int>(c.t.i + static_cast<int>(rng() % 5) - 2));
    for (double d : {d1, d2, d3}) {
      T cd = d;
      tally.Check(LoomBits(fixed::FromDouble(d, tt), tt.width) == BitsOf(cd),
                  fail("double conversion"));
    }
  }
}

template <size_t... kK>
void RunAll(Tally& tally, std::mt19937_64& rng, std::index_sequence<kK...>) {
  (RunCombo<kK>(tally, rng), ...);
}

}  // namespace
}  // namespace loom::apcompare

int main() {
  using namespace loom::apcompare;
  Tally tally;
  std::mt19937_64 rng(42);
  RunAll(tally, rng, std::make_index_sequence<kNumCombos>());
  std::printf("ap_fixed random (widths 9..64, %d type combinations): %lld cases, %lld mismatches\n",
              kNumCombos, static_cast<long long>(tally.cases),
              static_cast<long long>(tally.mismatches));
  return tally.mismatches == 0 && tally.cases >= 1000000 ? 0 : 1;
}
