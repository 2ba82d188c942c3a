// Arithmetic and conversion rules of the fixed-point core on hand-derived cases.
#include "loom/fixed/fixed_value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace loom::fixed {
namespace {

FixedType T(const std::string& s) { return ParseFixedType(s).value(); }

double Q(double v, const std::string& type) {
  FixedType t = T(type);
  return ToDouble(FromDouble(v, t), t);
}

TEST(FixedValueTest, QuantizationModes) {
  // fixed<8,3>: lsb = 1/32 = 0.03125. 0.046875 is 1.5 lsb, 0.078125 is 2.5 lsb.
  EXPECT_EQ(Q(0.04, "fixed<8,3>"), 0.03125);
  EXPECT_EQ(Q(-0.04, "fixed<8,3>"), -0.0625);
  EXPECT_EQ(Q(-0.04, "fixed<8,3,TRN_ZERO,WRAP>"), -0.03125);
  EXPECT_EQ(Q(0.046875, "fixed<8,3,RND,WRAP>"), 0.0625);
  EXPECT_EQ(Q(-0.046875, "fixed<8,3,RND,WRAP>"), -0.03125);
  EXPECT_EQ(Q(0.046875, "fixed<8,3,RND_ZERO,WRAP>"), 0.03125);
  EXPECT_EQ(Q(-0.046875, "fixed<8,3,RND_ZERO,WRAP>"), -0.03125);
  EXPECT_EQ(Q(0.046875, "fixed<8,3,RND_INF,WRAP>"), 0.0625);
  EXPECT_EQ(Q(-0.046875, "fixed<8,3,RND_INF,WRAP>"), -0.0625);
  EXPECT_EQ(Q(0.046875, "fixed<8,3,RND_MIN_INF,WRAP>"), 0.03125);
  EXPECT_EQ(Q(-0.046875, "fixed<8,3,RND_MIN_INF,WRAP>"), -0.0625);
  EXPECT_EQ(Q(0.046875, "fixed<8,3,RND_CONV,WRAP>"), 0.0625);
  EXPECT_EQ(Q(0.078125, "fixed<8,3,RND_CONV,WRAP>"), 0.0625);
  EXPECT_EQ(Q(-0.046875, "fixed<8,3,RND_CONV,WRAP>"), -0.0625);
  EXPECT_EQ(Q(0.05, "fixed<8,3,RND,WRAP>"), 0.0625);
}

TEST(FixedValueTest, OverflowModes) {
  EXPECT_EQ(Q(5.0, "fixed<8,3,TRN,SAT>"), 127.0 / 32);
  EXPECT_EQ(Q(-5.0, "fixed<8,3,TRN,SAT>"), -4.0);
  EXPECT_EQ(Q(-5.0, "fixed<8,3,TRN,SAT_SYM>"), -127.0 / 32);
  EXPECT_EQ(Q(-4.0, "fixed<8,3,TRN,SAT_SYM>"), -127.0 / 32);
  EXPECT_EQ(Q(5.0, "fixed<8,3,TRN,SAT_ZERO>"), 0.0);
  EXPECT_EQ(Q(4.0, "fixed<8,3>"), -4.0);
  EXPECT_EQ(Q(5.0, "fixed<8,3>"), -3.0);
  // One saturation bit: the sign bit takes the sign of the true value (raw 160 -> 32).
  EXPECT_EQ(Q(5.0, "fixed<8,3,TRN,WRAP,1>"), 1.0);
  // Unsigned, two saturation bits: 17 wraps to 0001, then the top two bits are set: 1101.
  EXPECT_EQ(Q(17.0, "ufixed<4,4,TRN,WRAP,2>"), 13.0);
  EXPECT_EQ(Q(-1.0, "ufixed<4,4,TRN,SAT>"), 0.0);
  EXPECT_EQ(Q(-1.0, "ufixed<4,4>"), 15.0);
  // Rounding that carries past the top is an overflow too.
  EXPECT_EQ(Q(3.99, "fixed<8,3,RND,SAT>"), 127.0 / 32);
}

TEST(FixedValueTest, FlagsReportTheTrueRange) {
  CastFlags f;
  FromDouble(5.0, T("fixed<8,3>"), &f);
  EXPECT_TRUE(f.overflow);
  EXPECT_FALSE(f.underflow);
  FromDouble(-4.0, T("fixed<8,3>"), &f);
  EXPECT_FALSE(f.overflow || f.underflow);
  FromDouble(-0.01, T("ufixed<8,3,RND,SAT>"), &f);
  EXPECT_FALSE(f.underflow) << "-0.01 rounds to 0, which fits";
  FromDouble(-0.01, T("ufixed<8,3,TRN,SAT>"), &f);
  EXPECT_TRUE(f.underflow);
}

TEST(FixedValueTest, SpecialDoubles) {
  FixedType sat = T("fixed<8,3,TRN,SAT>");
  EXPECT_EQ(FromDouble(std::numeric_limits<double>::infinity(), sat), 127);
  EXPECT_EQ(FromDouble(-std::numeric_limits<double>::infinity(), sat), -128);
  EXPECT_EQ(FromDouble(std::numeric_limits<double>::infinity(), T("fixed<8,3>")), 0);
  EXPECT_EQ(FromDouble(-0.0, sat), 0);
  EXPECT_EQ(FromDouble(1e-300, T("fixed<8,3,RND,SAT>")), 0);
  EXPECT_EQ(FromDouble(-1e-300, T("fixed<8,3>")), -1) << "truncation is toward minus infinity";
}

TEST(FixedValueTest, SixtyFourBitTypes) {
  FixedType s = T("int<64>");
  FixedType u = T("uint<64>");
  EXPECT_EQ(FromDouble(std::ldexp(1.0, 62), s), int64_t{1} << 62);
  EXPECT_EQ(static_cast<uint64_t>(FromDouble(std::ldexp(1.0, 63) + 2048.0, u)),
            (uint64_t{1} << 63) + 2048);
  EXPECT_EQ(ToDouble(-1, u), 18446744073709551615.0);
  Wide p = Mul(-1, u, -1, u);  // (2^64 - 1)^2
  EXPECT_EQ(p.bits, static_cast<uint128>(~uint64_t{0}) * ~uint64_t{0});
  EXPECT_EQ(ProductType(WideType::Of(u), WideType::Of(u)), (WideType{128, 128, false}));
  EXPECT_EQ(Cast(p, WideType{128, 128, false}, T("fixed<64,64,TRN,SAT>")),
            std::numeric_limits<int64_t>::max());
}

TEST(FixedValueTest, ResultTypesAndExactArithmetic) {
  FixedType a = T("fixed<8,3>");
  FixedType b = T("ufixed<4,2>");
  int64_t x = FromDouble(1.5, a);
  int64_t y = FromDouble(2.25, b);
  WideType pt = ProductType(WideType::Of(a), WideType::Of(b));
  EXPECT_EQ(pt, (WideType{12, 5, true}));
  EXPECT_EQ(ToDouble(Mul(x, a, y, b), pt), 3.375);
  WideType st = SumType(WideType::Of(a), WideType::Of(b)).value();
  EXPECT_EQ(st, (WideType{9, 4, true}));
  EXPECT_EQ(ToDouble(Add(Widen(x, a), WideType::Of(a), Widen(y, b), WideType::Of(b)), st), 3.75);
  WideType dt = DifferenceType(WideType::Of(b), WideType::Of(b)).value();
  EXPECT_EQ(dt, (WideType{5, 3, true}));
  int64_t z = FromDouble(3.75, b);
  EXPECT_EQ(ToDouble(Sub(Widen(y, b), WideType::Of(b), Widen(z, b), WideType::Of(b)), dt), -1.5);
  EXPECT_FALSE(SumType(WideType{64, 64, true}, WideType{64, -64, true}).ok());
  EXPECT_EQ(SumType(WideType{64, 64, true}, WideType{64, -64, true}).error().message(),
            "the exact sum needs 193 bits (more than 128): the operands' binary points are too "
            "far apart");
}

TEST(FixedValueTest, CompareIsExactAcrossTypes) {
  FixedType a = T("fixed<8,3>");
  FixedType b = T("fixed<16,1>");
  EXPECT_EQ(Compare(FromDouble(0.5, a), a, FromDouble(0.5, b), b), 0);
  EXPECT_LT(Compare(FromDouble(0.5, a), a, FromDouble(0.5 + 1.0 / 32768, b), b), 0);
  EXPECT_GT(Compare(FromDouble(-0.5, a), a, FromDouble(-0.75, b), b), 0);
  FixedType far = T("fixed<8,-100>");
  EXPECT_LT(Compare(0, a, 1, far), 0);
  EXPECT_GT(Compare(1, a, 127, far), 0);
}

// The fast path must equal the exact path for every type pair it accepts.
TEST(FixedValueTest, CastPlanMatchesCastOnRandomTypes) {
  std::mt19937_64 rng(12345);
  int64_t compared = 0;
  for (int pair = 0; pair < 3000; ++pair) {
    auto random_type = [&](bool modes) {
      int64_t w = 1 + static_cast<int64_t>(rng() % 64);
      int64_t i = static_cast<int64_t>(rng() % (2 * w + 20)) - w - 10;
      bool s = rng() % 2;
      auto q = modes ? static_cast<QuantMode>(rng() % kNumQuantModes) : QuantMode::kTrn;
      auto o = modes ? static_cast<OverflowMode>(rng() % kNumOverflowModes) : OverflowMode::kWrap;
      int64_t n = (modes && o == OverflowMode::kWrap) ? static_cast<int64_t>(rng() % 3) : 0;
      return FixedType::Create(w, i, s, q, o, std::min(n, w)).value();
    };
    FixedType from = random_type(false);
    if (!from.is_signed && from.width == 64) continue;
    FixedType to = random_type(true);
    CastPlan plan(from, to);
    for (int k = 0; k < 200; ++k) {
      int64_t raw = Cast(static_cast<int64_t>(rng()), T("int<64>"),
                         FixedType::Create(from.width, from.width, from.is_signed).value());
      if (k % 4 == 0) raw >>= rng() % 64;
      CastFlags f1, f2;
      ASSERT_EQ(plan.Apply(raw, &f2), Cast(raw, from, to, &f1))
          << from.ToString() << " -> " << to.ToString() << " raw " << raw;
      ASSERT_EQ(f1.overflow, f2.overflow);
      ASSERT_EQ(f1.underflow, f2.underflow);
      ++compared;
    }
  }
  EXPECT_GT(compared, 500000);
}

}  // namespace
}  // namespace loom::fixed

namespace loom::fixed {
namespace {

// ApplyN and Accumulate against the one-value exact path, over every mode.
TEST(FixedValueTest, BatchedCastAndAccumulateMatchExactPath) {
  std::mt19937_64 rng(99);
  for (int trial = 0; trial < 400; ++trial) {
    int64_t w = 2 + static_cast<int64_t>(rng() % 40);
    FixedType from = FixedType::Create(w, static_cast<int64_t>(rng() % 20) - 5, true).value();
    int64_t tw = 2 + static_cast<int64_t>(rng() % 62);
    FixedType to = FixedType::Create(tw, static_cast<int64_t>(rng() % 30) - 5, rng() % 2,
                                     static_cast<QuantMode>(trial % kNumQuantModes),
                                     static_cast<OverflowMode>(trial % kNumOverflowModes))
                       .value();
    std::vector<int64_t> in(257);
    for (auto& v : in) v = Cast(static_cast<int64_t>(rng()), T("int<64>"), FixedType::Signed(w, w));
    std::vector<int64_t> out(in.size());
    CastPlan plan(from, to);
    plan.ApplyN(in.data(), out.data(), static_cast<int64_t>(in.size()));
    for (size_t i = 0; i < in.size(); ++i) {
      ASSERT_EQ(out[i], Cast(in[i], from, to)) << from.ToString() << " -> " << to.ToString();
    }
    // Accumulate in `to`: step by step with exact sums and casts.
    int64_t acc = 0;
    WideType wt = WideType::Of(to);
    WideType sum = SumType(wt, wt).value();
    for (int64_t v : out) acc = Cast(Add(Widen(acc, to), wt, Widen(v, to), wt), sum, to);
    EXPECT_EQ(Accumulate(out.data(), static_cast<int64_t>(out.size()), to), acc) << to.ToString();
  }
}

}  // namespace
}  // namespace loom::fixed

namespace loom::fixed {
namespace {

// MultiplyAccumulate (fused and general paths) against exact products, casts and sums.
TEST(FixedValueTest, MultiplyAccumulateMatchesExactPath) {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 600; ++trial) {
    auto random_type = [&](int64_t max_w) {
      int64_t w = 1 + static_cast<int64_t>(rng() % max_w);
      return FixedType::Create(w, static_cast<int64_t>(rng() % 12) - 3, rng() % 3 != 0).value();
    };
    FixedType tx = random_type(trial % 3 == 0 ? 64 : 20);
    FixedType tw = random_type(trial % 3 == 0 ? 64 : 20);
    int64_t aw = 1 + static_cast<int64_t>(rng() % 64);
    FixedType acc = FixedType::Create(aw, static_cast<int64_t>(rng() % 24) - 4, true,
                                      static_cast<QuantMode>(rng() % kNumQuantModes),
                                      static_cast<OverflowMode>(rng() % kNumOverflowModes))
                        .value();
    std::vector<int64_t> x(33), w(33);
    for (auto& v : x)
      v = Cast(static_cast<int64_t>(rng()), T("uint<64>"),
               FixedType::Create(tx.width, tx.width, tx.is_signed).value());
    for (auto& v : w)
      v = Cast(static_cast<int64_t>(rng()), T("uint<64>"),
               FixedType::Create(tw.width, tw.width, tw.is_signed).value());
    WideType pt = ProductType(WideType::Of(tx), WideType::Of(tw));
    WideType at = WideType::Of(acc);
    WideType sum = SumType(at, at).value();
    int64_t expected = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      int64_t p = Cast(Mul(x[i], tx, w[i], tw), pt, acc);
      expected = Cast(Add(Widen(expected, acc), at, Widen(p, acc), at), sum, acc);
    }
    ASSERT_EQ(MultiplyAccumulate(x.data(), tx, w.data(), tw, 33, acc), expected)
        << tx.ToString() << " * " << tw.ToString() << " -> " << acc.ToString();
  }
}

}  // namespace
}  // namespace loom::fixed
