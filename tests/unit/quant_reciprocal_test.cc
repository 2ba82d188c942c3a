// plan::ReciprocalOf: floor(q / m) by a multiplication and a shift, checked against the integer
// floor division for every q of small ranges and for the edges and random q of wide ones.
#include <gtest/gtest.h>

#include <random>

#include "plan/quant_plan.h"

namespace loom::plan {
namespace {

using int128 = __int128;

int128 FloorDiv(int128 q, int128 m) {
  int128 d = q / m;
  if (q - d * m < 0) --d;
  return d;
}

// What the HLS kernel computes (loom_quant.h quant_round_div): unsigned product, shift, minus k.
int128 ByReciprocal(int128 q, int64_t m, const MantissaReciprocal& r) {
  const int128 biased = q + int128{r.k} * m;
  EXPECT_GE(biased, 0);
  EXPECT_LT(biased, int128{1} << r.n);
  // biased < 2^n and magic < 2^62 with n + 62 <= 123: the product fits 128 bits.
  const unsigned __int128 product =
      static_cast<unsigned __int128>(biased) * static_cast<unsigned __int128>(r.magic);
  return static_cast<int128>(product >> r.shift) - r.k;
}

TEST(QuantReciprocal, EveryDividendOfSmallRanges) {
  for (int64_t m = 3; m < 200; m += 2) {
    for (int64_t bits = 0; bits <= 11; ++bits) {
      auto r = ReciprocalOf(m, bits);
      ASSERT_TRUE(r.has_value()) << m << " " << bits;
      const int64_t span = int64_t{1} << bits;
      for (int64_t q = -span + 1; q < span; ++q) {
        ASSERT_TRUE(ByReciprocal(q, m, *r) == FloorDiv(q, m)) << "q " << q << " m " << m;
      }
    }
  }
}

TEST(QuantReciprocal, EdgesAndRandomDividendsOfWideRanges) {
  std::mt19937_64 rng(7);
  // 24-bit odd mantissas (a float32 scale such as 0.3) over dividends of up to 36 bits, the
  // shape of a 16-bit input shifted by the scale's exponent.
  for (int trial = 0; trial < 200; ++trial) {
    const int64_t m = static_cast<int64_t>((rng() & 0xffffff) | 0x800001);
    const int64_t bits = 20 + static_cast<int64_t>(rng() % 17);
    auto r = ReciprocalOf(m, bits);
    ASSERT_TRUE(r.has_value()) << m << " " << bits;
    EXPECT_LT(r->n, 62);
    const int64_t span = int64_t{1} << bits;
    std::vector<int64_t> qs = {-span + 1, -span + 2, -m, -m - 1, -m + 1,   -1,      0,
                               1,         m - 1,     m,  m + 1,  span - 2, span - 1};
    for (int k = 0; k < 2000; ++k)
      qs.push_back(static_cast<int64_t>(rng() % (2 * span - 1)) - span + 1);
    for (int64_t q : qs) {
      if (q <= -span || q >= span) continue;
      ASSERT_TRUE(ByReciprocal(q, m, *r) == FloorDiv(q, m)) << "q " << q << " m " << m;
    }
  }
}

TEST(QuantReciprocal, TooWideStaysADivider) {
  EXPECT_FALSE(ReciprocalOf(1, 10).has_value());  // nothing to divide
  EXPECT_FALSE(ReciprocalOf((int64_t{1} << 61) + 1, 40).has_value());
  auto big = ReciprocalOf((int64_t{1} << 40) + 1, 40);  // a mantissa wider than the dividend
  ASSERT_TRUE(big.has_value());
  for (int64_t q : {-(int64_t{1} << 40) + 1, int64_t{-1}, int64_t{0}, (int64_t{1} << 40) - 1}) {
    EXPECT_TRUE(ByReciprocal(q, (int64_t{1} << 40) + 1, *big) ==
                FloorDiv(q, (int64_t{1} << 40) + 1));
  }
  EXPECT_FALSE(ReciprocalOf(3, 61).has_value());
  EXPECT_FALSE(ReciprocalOf(3, 60).has_value());  // magic would need 63 bits
  EXPECT_TRUE(ReciprocalOf(3, 40).has_value());
}

}  // namespace
}  // namespace loom::plan
