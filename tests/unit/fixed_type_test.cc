// Parsing, printing and validation of fixed-point type spellings.
#include "loom/fixed/fixed_type.h"

#include <gtest/gtest.h>

#include <string>

namespace loom::fixed {
namespace {

FixedType Parse(const std::string& s) {
  auto r = ParseFixedType(s);
  EXPECT_TRUE(r.ok()) << s << ": " << (r.ok() ? "" : r.error().message());
  return r.ok() ? r.value() : FixedType{};
}

std::string ErrorOf(const std::string& s) {
  auto r = ParsePrecision(s);
  EXPECT_FALSE(r.ok()) << s << " parsed but should not";
  return r.ok() ? "" : r.error().message();
}

TEST(FixedTypeTest, ParsesUserSpellings) {
  EXPECT_EQ(Parse("fixed<16,6>"), FixedType::Signed(16, 6));
  EXPECT_EQ(Parse("ufixed<8,0>"), FixedType::Unsigned(8, 0));
  EXPECT_EQ(Parse(" ap_fixed< 16 , 6 > "), FixedType::Signed(16, 6));
  EXPECT_EQ(Parse("int<8>"), FixedType::Signed(8, 8));
  EXPECT_EQ(Parse("ap_uint<4>"), FixedType::Unsigned(4, 4));
  FixedType t = Parse("ap_fixed<16,6,AP_RND_CONV,AP_SAT>");
  EXPECT_EQ(t.quant, QuantMode::kRndConv);
  EXPECT_EQ(t.overflow, OverflowMode::kSat);
  FixedType n = Parse("fixed<10,-3,RND,WRAP,2>");
  EXPECT_EQ(n.int_bits, -3);
  EXPECT_EQ(n.sat_bits, 2);
  EXPECT_EQ(n.quant, QuantMode::kRnd);
}

TEST(FixedTypeTest, ParsesAuto) {
  auto p = ParsePrecision("auto");
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(p.value().is_auto);
  EXPECT_EQ(ParseFixedType("auto").error().message(),
            "invalid precision 'auto': 'auto' is not allowed here; give an explicit type such as "
            "fixed<16,6>");
}

TEST(FixedTypeTest, PrintsBothSpellings) {
  EXPECT_EQ(FixedType::Signed(16, 6).ToString(), "fixed<16,6>");
  EXPECT_EQ(FixedType::Signed(16, 6).ToApString(), "ap_fixed<16,6>");
  // An integer type is spelled ap_ufixed<4,4>: ap_uint's conversion would round toward zero.
  EXPECT_EQ(FixedType::Unsigned(4, 4).ToApString(), "ap_ufixed<4,4>");
  FixedType t = FixedType::Create(8, 3, false, QuantMode::kRndConv, OverflowMode::kSatSym).value();
  EXPECT_EQ(t.ToString(), "ufixed<8,3,RND_CONV,SAT_SYM>");
  EXPECT_EQ(t.ToApString(), "ap_ufixed<8,3,AP_RND_CONV,AP_SAT_SYM>");
}

TEST(FixedTypeTest, RoundTripsEveryWidthAndMode) {
  for (int64_t w = 1; w <= 64; ++w) {
    for (int64_t i : {-w, int64_t{0}, w / 2, w, w + 7}) {
      for (int q = 0; q < kNumQuantModes; ++q) {
        for (int o = 0; o < kNumOverflowModes; ++o) {
          for (bool s : {true, false}) {
            FixedType t =
                FixedType::Create(w, i, s, static_cast<QuantMode>(q), static_cast<OverflowMode>(o))
                    .value();
            EXPECT_EQ(Parse(t.ToString()), t);
            EXPECT_EQ(Parse(t.ToApString()), t);
          }
        }
      }
    }
  }
}

TEST(FixedTypeTest, BadStringsQuoteTheTextAndTheRule) {
  EXPECT_EQ(ErrorOf("fixed<0,3>"),
            "invalid precision 'fixed<0,3>': width must be between 1 and "
            "64 (got 0)");
  EXPECT_EQ(ErrorOf("ap_fixed<65,3>"),
            "invalid precision 'ap_fixed<65,3>': width must be between 1 and 64 (got 65)");
  EXPECT_EQ(ErrorOf("fixed<16,6"), "invalid precision 'fixed<16,6': missing closing '>'");
  EXPECT_EQ(ErrorOf("fixed16,6>"),
            "invalid precision 'fixed16,6>': missing '<'; expected fixed<W,I>, ufixed<W,I>, "
            "ap_fixed<W,I,Q,O,N>, int<W>, uint<W>, ap_int<W>, ap_uint<W> or auto");
  EXPECT_EQ(ErrorOf("fixed<16,6,AP_ROUND>"),
            "invalid precision 'fixed<16,6,AP_ROUND>': unknown quantization mode 'AP_ROUND'; "
            "valid: AP_TRN, AP_TRN_ZERO, AP_RND, AP_RND_ZERO, AP_RND_INF, AP_RND_MIN_INF, "
            "AP_RND_CONV");
  EXPECT_EQ(ErrorOf("fixed<16,6,RND,CLAMP>"),
            "invalid precision 'fixed<16,6,RND,CLAMP>': unknown overflow mode 'CLAMP'; valid: "
            "AP_WRAP, AP_SAT, AP_SAT_ZERO, AP_SAT_SYM");
  EXPECT_EQ(ErrorOf("fixed<16,6,RND,AP_WRAP_SM>"),
            "invalid precision 'fixed<16,6,RND,AP_WRAP_SM>': unknown overflow mode 'AP_WRAP_SM'; "
            "AP_WRAP_SM is not supported by loom; valid: AP_WRAP, AP_SAT, AP_SAT_ZERO, "
            "AP_SAT_SYM");
  EXPECT_EQ(ErrorOf("fixed<x,6>"), "invalid precision 'fixed<x,6>': width 'x' is not an integer");
  EXPECT_EQ(ErrorOf("fixed<16>"),
            "invalid precision 'fixed<16>': fixed types take 2 to 5 parameters <width, integer "
            "bits, quantization, overflow, saturation bits> (got 1)");
  EXPECT_EQ(ErrorOf("int<8,2>"),
            "invalid precision 'int<8,2>': integer types take one parameter <width> (got 2)");
  EXPECT_EQ(ErrorOf("float<8>"),
            "invalid precision 'float<8>': unknown type name 'float'; expected fixed<W,I>, "
            "ufixed<W,I>, ap_fixed<W,I,Q,O,N>, int<W>, uint<W>, ap_int<W>, ap_uint<W> or auto");
  EXPECT_EQ(ErrorOf("fixed<8,2,RND,SAT,3>"),
            "invalid precision 'fixed<8,2,RND,SAT,3>': saturation bits are only meaningful with "
            "AP_WRAP (got AP_SAT with 3)");
  EXPECT_EQ(ErrorOf("fixed<8,2,RND,WRAP,9>"),
            "invalid precision 'fixed<8,2,RND,WRAP,9>': saturation bits must be between 0 and the "
            "width 8 (got 9)");
  EXPECT_EQ(ErrorOf("fixed<8,2000>"),
            "invalid precision 'fixed<8,2000>': integer bits must be between -900 and 900 (got "
            "2000)");
  EXPECT_EQ(ErrorOf("fixed<<8,2>>"), "invalid precision 'fixed<<8,2>>': unbalanced '<' or '>'");
  EXPECT_EQ(ErrorOf(""),
            "invalid precision '': missing '<'; expected fixed<W,I>, ufixed<W,I>, "
            "ap_fixed<W,I,Q,O,N>, int<W>, uint<W>, ap_int<W>, ap_uint<W> or auto");
}

TEST(FixedTypeTest, RangesAndLsb) {
  FixedType t = FixedType::Signed(8, 3);
  EXPECT_EQ(t.max_raw(), 127);
  EXPECT_EQ(t.min_raw(), -128);
  EXPECT_DOUBLE_EQ(t.max_value(), 127.0 / 32);
  EXPECT_DOUBLE_EQ(t.min_value(), -4.0);
  EXPECT_DOUBLE_EQ(t.lsb(), 1.0 / 32);
  FixedType u = FixedType::Unsigned(64, 64);
  EXPECT_EQ(u.max_raw(), -1);
  EXPECT_DOUBLE_EQ(u.max_value(), 18446744073709551615.0);
}

}  // namespace
}  // namespace loom::fixed
