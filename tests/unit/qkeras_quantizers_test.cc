// QKeras quantizers as the Keras reader reads them: both serialized forms, defaults, refusals,
// and the forward values folded into weights, checked against QKeras 0.9's formulas worked by hand
// (ties round half to even, as tf.round does).
#include "frontends/keras/qkeras_quantizers.h"

#include <gtest/gtest.h>

#include <cmath>

namespace loom::frontends::keras_import {
namespace {

Quantizer Parse(const std::string& text) {
  ErrorOr<Quantizer> q = ParseQuantizerCall(text);
  EXPECT_TRUE(q.ok()) << text << ": " << (q.ok() ? "" : q.error().message());
  return q.ok() ? q.value() : Quantizer{};
}

std::vector<float> Fold(const std::string& text, std::vector<float> v) {
  ErrorOr<std::vector<float>> f = FoldWeights(Parse(text), v);
  EXPECT_TRUE(f.ok()) << text << ": " << (f.ok() ? "" : f.error().message());
  return f.ok() ? f.value() : std::vector<float>{};
}

TEST(QKerasQuantizers, CallStringsTakeQKerasPositionalOrderAndDefaults) {
  Quantizer q = Parse("quantized_bits(6,0,alpha=1)");
  EXPECT_EQ(q.cls, "quantized_bits");
  EXPECT_EQ(q.Num("bits"), 6);
  EXPECT_EQ(q.Num("integer"), 0);
  EXPECT_EQ(q.Num("keep_negative"), 1);  // the default
  EXPECT_EQ(q.Num("alpha"), 1);
  Quantizer r = Parse(" quantized_relu( 4 , 2 ) ");
  EXPECT_EQ(r.Num("bits"), 4);
  EXPECT_EQ(r.Num("integer"), 2);
  EXPECT_TRUE(r.IsNone("relu_upper_bound"));
  Quantizer t = Parse("ternary(threshold=0.5, alpha=None)");
  EXPECT_EQ(t.Num("threshold"), 0.5);
  EXPECT_TRUE(t.IsNone("alpha"));
  Quantizer s = Parse("quantized_bits(4, 0, alpha='auto_po2')");
  EXPECT_EQ(s.args.at("alpha").text, "auto_po2");
  EXPECT_EQ(Parse("binary").cls, "binary");  // a bare name: every default
}

TEST(QKerasQuantizers, BadCallsAreErrorsThatSayWhy) {
  auto error = [](const std::string& text) {
    ErrorOr<Quantizer> q = ParseQuantizerCall(text);
    return q.ok() ? std::string("(parsed)") : q.error().message();
  };
  EXPECT_NE(error("quantized_bits(6,0").find("missing ')'"), std::string::npos);
  EXPECT_NE(error("quantized_ulaw(5)").find("unsupported quantizer quantized_ulaw"),
            std::string::npos);
  EXPECT_NE(error("quantized_bits(6, foo=1)").find("unknown argument(s) foo"), std::string::npos);
  EXPECT_NE(error("quantized_bits(6, qnoise_factor=0.5)").find("qnoise_factor"), std::string::npos);
  EXPECT_NE(error("quantized_bits(0)").find("bits must be"), std::string::npos);
  EXPECT_NE(error("quantized_bits(6, x)").find("is not a number"), std::string::npos);
  EXPECT_NE(error("quantized_bits(1,2,3,4,5,6,7)").find("too many arguments"), std::string::npos);
  EXPECT_NE(error("quantized_bits(6, bits=6)").find("given twice"), std::string::npos);
}

TEST(QKerasQuantizers, QuantizedBitsRoundsHalfToEvenAndClips) {
  // quantized_bits(3,0): m = 4, levels -4..3 of 1/4.
  EXPECT_EQ(Fold("quantized_bits(3,0)", {0.125f, 0.375f, 0.9f, -1.2f, -0.625f}),
            (std::vector<float>{0.0f, 0.5f, 0.75f, -1.0f, -0.5f}));
  EXPECT_EQ(Fold("quantized_bits(3,0,1)", {-1.2f}), (std::vector<float>{-0.75f}));  // symmetric
  // keep_negative=False: m = 8 levels 0..7 of 1/8.
  EXPECT_EQ(Fold("quantized_bits(3,0,keep_negative=False)", {-0.3f, 0.3f, 2.0f}),
            (std::vector<float>{0.0f, 0.25f, 0.875f}));
  // integer bits and a numeric alpha scale the grid: m = 8, m_i = 4, levels -8..7 of 1/2, then
  // times alpha (-9 clips to -8 / 2 = -4, times 0.5).
  EXPECT_EQ(Fold("quantized_bits(4,2,alpha=0.5)", {1.3f, -9.0f}),
            (std::vector<float>{0.75f, -2.0f}));
}

TEST(QKerasQuantizers, BinaryTernaryAndPowerOfTwo) {
  EXPECT_EQ(Fold("binary(alpha=1)", {0.0f, -0.1f, 3.0f}), (std::vector<float>{1, -1, 1}));
  EXPECT_EQ(Fold("binary(use_01=True)", {-0.1f, 0.2f}), (std::vector<float>{0, 1}));
  EXPECT_EQ(Fold("ternary()", {0.33f, 0.32f, -0.5f, 0.0f}), (std::vector<float>{1, 0, -1, 0}));
  EXPECT_EQ(Fold("ternary(alpha=2, threshold=0.1)", {0.2f, -0.05f}), (std::vector<float>{2, 0}));
  // quantized_po2(4): exponents -4..3; 0 becomes +2^-4.
  EXPECT_EQ(Fold("quantized_po2(4)", {0.3f, 100.0f, 0.0f, -0.7f}),
            (std::vector<float>{0.25f, 8.0f, 0.0625f, -0.5f}));
  // quantized_relu_po2(4, 1): no exponent sign bit, exponents -16..15, clipped at max_value 1.
  EXPECT_EQ(Fold("quantized_relu_po2(4, 1)", {-3.0f, 5.0f, 0.3f}),
            (std::vector<float>{std::ldexp(1.0f, -16), 1.0f, 0.25f}));
  ErrorOr<std::vector<float>> a = FoldWeights(Parse("quantized_bits(4,0,alpha='other')"), {1.0f});
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().message().find("alpha='other'"), std::string::npos);
}

// Per-channel scales: a [4, 3] kernel (3 output channels, Keras's last axis). The expected values
// are QKeras 0.9's own outputs for this array (quantized_bits(4, 0, alpha=...)(x), TensorFlow
// 2.15).
TEST(QKerasQuantizers, AutoAlphaScalesEachOutputChannel) {
  const std::vector<float> x = {0.31f,  -0.7f,  0.05f, 0.12f, 0.4f,   -0.9f,
                                -0.22f, 0.018f, 0.6f,  0.5f,  -0.05f, 0.3f};
  ErrorOr<std::vector<float>> po2 =
      FoldWeights(Parse("quantized_bits(4,0,alpha='auto_po2')"), x, 3);
  ASSERT_TRUE(po2.ok()) << po2.error().message();
  EXPECT_EQ(po2.value(), (std::vector<float>{0.3125f, -0.75f, 0.0f, 0.125f, 0.375f, -0.875f, -0.25f,
                                             0.0f, 0.625f, 0.4375f, 0.0f, 0.25f}));
  ErrorOr<std::vector<float>> lin = FoldWeights(Parse("quantized_bits(4,0,alpha='auto')"), x, 3);
  ASSERT_TRUE(lin.ok()) << lin.error().message();
  const std::vector<float> want = {
      0.2857142984867096f,   -0.699999988079071f,  0.0f, 0.1428571492433548f, 0.4000000059604645f,
      -0.8999999761581421f,  -0.2142857313156128f, 0.0f, 0.6428570747375488f, 0.5f,
      -0.10000000149011612f, 0.2571428418159485f};
  for (size_t i = 0; i < want.size(); ++i) EXPECT_NEAR(lin.value()[i], want[i], 1e-6) << i;
  EXPECT_FALSE(FoldWeights(Parse("quantized_bits(4,0,alpha='auto')"), x, 5).ok());
}

TEST(QKerasQuantizers, ExactGridIsTheSmallestHoldingEveryValue) {
  std::optional<Grid> g = ExactGrid({0.75f, -0.5f, 0.125f});
  ASSERT_TRUE(g);
  EXPECT_EQ(g->exponent, -3);  // 0.125 = 1 * 2^-3
  EXPECT_EQ(g->bits, 4);       // 0.75 = 6 * 2^-3, and 6 < 2^3
  std::optional<Grid> one = ExactGrid({-8.0f});
  ASSERT_TRUE(one);
  EXPECT_EQ(one->exponent, 3);
  EXPECT_EQ(one->bits, 2);
  EXPECT_TRUE(ExactGrid({0.0f, 0.0f}));
  EXPECT_FALSE(ExactGrid({1.0f, std::ldexp(1.0f, -40)}));  // would need 42 bits
  EXPECT_FALSE(ExactGrid({std::nanf("")}));
}

}  // namespace
}  // namespace loom::frontends::keras_import
