// The emulator's driver and its own families (linear, movement, quant, source) against
// independent step-by-step references built from loom::fixed's exact operations.
#include "loom/sim/emulator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "loom/fixed/fixed_value.h"
#include "loom/ref/float_engine.h"
#include "sim/kernel.h"

namespace loom::sim {
namespace {

using fixed::FixedType;
using fixed::OverflowMode;
using fixed::QuantMode;
using ir::OpKind;

FixedType T(int64_t w, int64_t i, bool s = true, QuantMode q = QuantMode::kTrn,
            OverflowMode o = OverflowMode::kWrap) {
  return FixedType::Create(w, i, s, q, o).value();
}

TEST(DoubleToFixed, EqualsFromDoubleForEveryMode) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> mag(-40, 40);
  std::uniform_int_distribution<int> coin(0, 9);
  int64_t checked = 0;
  for (int q = 0; q < fixed::kNumQuantModes; ++q) {
    for (int o = 0; o < fixed::kNumOverflowModes; ++o) {
      for (auto [w, i] : {std::pair{8, 3}, {16, 6}, {12, -2}, {20, 24}, {64, 30}, {5, 5}}) {
        for (bool s : {true, false}) {
          auto t =
              FixedType::Create(w, i, s, static_cast<QuantMode>(q), static_cast<OverflowMode>(o));
          if (!t.ok()) continue;
          DoubleToFixed conv(t.value());
          for (int k = 0; k < 3000; ++k) {
            double x = mag(rng);
            // Exact grid points and ties of the type, and float32 values, are the hard cases.
            if (coin(rng) < 3) x = std::ldexp(std::round(std::ldexp(x, 8)) + 0.5 * (k & 1), -8);
            if (coin(rng) < 2) x = static_cast<float>(x);
            fixed::CastFlags f;
            int64_t want = fixed::FromDouble(x, t.value(), &f);
            bool over = false;
            ASSERT_EQ(conv.Convert(x, &over), want) << x << " " << t.value().ToApString();
            ASSERT_EQ(over, f.overflow || f.underflow);
            ++checked;
          }
        }
      }
    }
  }
  EXPECT_GT(checked, 500000);
}

TEST(DoubleToFixed, ConvertNOfFloatsEqualsFromDouble) {
  std::mt19937 rng(8);
  std::uniform_real_distribution<float> mag(-70, 70);
  for (auto [w, i, s, q, o] : {std::tuple{16, 6, true, QuantMode::kTrn, OverflowMode::kWrap},
                               {8, 3, false, QuantMode::kTrn, OverflowMode::kWrap},
                               {12, 2, true, QuantMode::kRndConv, OverflowMode::kSat},
                               {64, 40, true, QuantMode::kTrn, OverflowMode::kWrap},
                               {10, 12, true, QuantMode::kTrn, OverflowMode::kWrap}}) {
    FixedType t = FixedType::Create(w, i, s, q, o).value();
    std::vector<float> in(20000);
    for (float& v : in) v = mag(rng);
    in[0] = 0.0f;
    in[1] = -0.0f;
    in[2] = 1e-40f;  // subnormal
    std::vector<int64_t> out(in.size());
    int64_t over =
        DoubleToFixed(t).ConvertN(in.data(), out.data(), static_cast<int64_t>(in.size()));
    int64_t want_over = 0;
    for (size_t k = 0; k < in.size(); ++k) {
      fixed::CastFlags f;
      ASSERT_EQ(out[k], fixed::FromDouble(in[k], t, &f)) << in[k] << " " << t.ToApString();
      want_over += f.overflow || f.underflow;
    }
    EXPECT_EQ(over, want_over) << t.ToApString();
  }
}

// A graph x -> node -> output with types set by hand.
struct Net {
  ir::Graph g;
  ir::Node* node = nullptr;
  Net(OpKind op, ir::Shape in, ir::Shape out, FixedType tin, FixedType tout) {
    ir::Value* x = g.AddInput("x", in);
    x->type = {true, tin};
    node = g.AddNode(op, "n", {x});
    node->outputs[0]->shape = out;
    node->outputs[0]->type = {true, tout};
    g.MarkOutput(node->outputs[0]);
  }
};

// ap_fixed's dense loop, written out with the exact operations.
int64_t DenseRef(const std::vector<int64_t>& x, const FixedType& tx, const std::vector<float>& w,
                 int64_t n, int64_t j, float bias, const FixedType& tw, const FixedType& tb,
                 const FixedType& acc, bool* acc_over) {
  fixed::WideType a = fixed::WideType::Of(acc);
  fixed::WideType pt = fixed::ProductType(fixed::WideType::Of(tx), fixed::WideType::Of(tw));
  // The same accumulation without any overflow, to tell whether the final sum left the range.
  FixedType wide = FixedType::Create(64, 64 - acc.frac_bits(), true, acc.quant).value();
  int64_t v = fixed::Cast(fixed::FromDouble(bias, tb), tb, acc);
  __int128 total = v;
  for (size_t i = 0; i < x.size(); ++i) {
    fixed::Wide p = fixed::Mul(x[i], tx, fixed::FromDouble(w[i * n + j], tw), tw);
    int64_t term = fixed::Cast(p, pt, acc);
    total += fixed::Cast(p, pt, wide);
    fixed::Wide s = fixed::Add(fixed::Widen(v, acc), a, fixed::Widen(term, acc), a);
    v = fixed::Cast(s, fixed::SumType(a, a).value(), acc);
  }
  *acc_over = total > acc.max_raw() || total < acc.min_raw();
  return v;
}

struct DenseCase {
  FixedType tx, tw, tb, acc, res;
};

TEST(Emulator, DenseMatchesApFixedLoopForManyTypeCombinations) {
  std::mt19937 rng(11);
  std::normal_distribution<float> normal(0, 1.5f);
  std::vector<DenseCase> cases = {
      // hls4ml's default everywhere: wrapping 16-bit accumulator (int32 fast path)
      {T(16, 6), T(16, 6), T(16, 6), T(16, 6), T(16, 6)},
      // narrow accumulator that overflows, saturating result
      {T(8, 3), T(6, 1), T(6, 1), T(10, 4), T(8, 3, true, QuantMode::kRnd, OverflowMode::kSat)},
      // wide operands (int64 path)
      {T(24, 8), T(20, 4), T(20, 4), T(48, 16), T(32, 12)},
      // rounding product cast (exact step-by-step path)
      {T(12, 4), T(10, 2), T(10, 2), T(14, 6, true, QuantMode::kRnd), T(12, 5)},
      // saturating accumulator (exact path, order matters)
      {T(10, 4), T(8, 2), T(8, 2), T(12, 5, true, QuantMode::kTrn, OverflowMode::kSat), T(12, 5)},
      // accumulator with more fraction bits than the product (left shift)
      {T(8, 4), T(8, 2), T(8, 2), T(24, 8), T(16, 6)},
      // unsigned input
      {T(8, 4, false), T(8, 1), T(8, 1), T(16, 7), T(16, 7)},
  };
  // With 150 inputs: the two-inputs-per-lane path (VNNI) at a shift of 10 with several chunks of
  // low-bit sums, at a shift of 15 (chunks of one pair) and at a shift of 0 with a wrapping
  // accumulator; the weights' bounds keep each of them on that path.
  std::vector<DenseCase> long_cases = {
      {T(8, 2), T(16, 2), T(16, 2), T(20, 10), T(16, 6)},
      {T(16, 6), T(8, 1), T(8, 1), T(16, 14), T(16, 14)},
      {T(8, 8), T(8, 8), T(8, 8), T(16, 16), T(16, 16)},
  };
  // n = 7: one partial block; n = 118: full blocks of 64, 32 and 16 outputs and a partial one.
  struct Run {
    DenseCase c;
    int64_t n, k;
  };
  for (const auto& [c, n, k] : [&] {
         std::vector<Run> runs;
         for (const DenseCase& dc : cases) {
           runs.push_back({dc, 7, 13});
           runs.push_back({dc, 118, 13});
         }
         for (const DenseCase& dc : long_cases) {
           runs.push_back({dc, 7, 150});
           runs.push_back({dc, 118, 150});
         }
         return runs;
       }()) {
    const int64_t samples = 51;  // odd: rows go two at a time, the last alone
    Net net(OpKind::kDense, {k}, {n}, c.tx, c.res);
    ir::Tensor w({k, n});
    ir::Tensor b({n});
    for (float& v : w.data) v = normal(rng);
    for (float& v : b.data) v = normal(rng);
    net.node->params["weight"] = w;
    net.node->params["bias"] = b;
    net.node->types = {{"weight", c.tw}, {"bias", c.tb}, {"accum", c.acc}};
    auto emu = Emulator::Build(net.g);
    ASSERT_TRUE(emu.ok()) << emu.error().message();
    std::vector<float> x(samples * k);
    for (float& v : x) v = 4 * normal(rng);
    std::vector<double> y(samples * n);
    auto run = emu.value().Run(samples, {x.data()}, {y.data()}, {});
    ASSERT_TRUE(run.ok()) << run.error().message();
    int64_t acc_over = 0;
    for (int64_t s = 0; s < samples; ++s) {
      std::vector<int64_t> xr(k);
      for (int64_t i = 0; i < k; ++i) xr[i] = fixed::FromDouble(x[s * k + i], c.tx);
      for (int64_t j = 0; j < n; ++j) {
        bool over = false;
        int64_t a = DenseRef(xr, c.tx, w.data, n, j, b.data[j], c.tw, c.tb, c.acc, &over);
        acc_over += over;
        int64_t want = fixed::Cast(a, c.acc, c.res);
        ASSERT_EQ(y[s * n + j], fixed::ToDouble(want, c.res))
            << "case acc " << c.acc.ToApString() << " sample " << s << " output " << j;
      }
    }
    // Counts agree when the accumulator wraps and its cast truncates: both count outputs whose
    // exact sum left the accumulator's range.
    if (c.acc.overflow == OverflowMode::kWrap && c.acc.quant == QuantMode::kTrn) {
      EXPECT_EQ(run.value().counts[1].accum_overflow, acc_over) << c.acc.ToApString();
    }
    EXPECT_EQ(run.value().counts[1].values, samples * n);
  }
}

// Four terms of 32767 * 32767 >> 10 sum to 2^22 - 256: wrapped to ap_fixed<16,6> that is -256,
// which fits, yet the exact sum does not, so every output overflowed. A sum known only modulo
// 2^22 (the two-inputs-per-lane path at a shift of 10 past its bound) would count none.
TEST(Emulator, DenseCountsOverflowOfSumsThatWrapToSmallValues) {
  const int64_t k = 4, n = 3, samples = 5;
  const FixedType t = T(16, 6);
  Net net(OpKind::kDense, {k}, {n}, t, t);
  const double top = fixed::ToDouble(t.max_raw(), t);
  ir::Tensor w({k, n});
  for (float& v : w.data) v = static_cast<float>(top);
  net.node->params["weight"] = w;
  net.node->types = {{"weight", t}, {"accum", t}};
  auto emu = Emulator::Build(net.g);
  ASSERT_TRUE(emu.ok()) << emu.error().message();
  std::vector<float> x(samples * k, static_cast<float>(top));
  std::vector<double> y(samples * n);
  auto run = emu.value().Run(samples, {x.data()}, {y.data()}, {});
  ASSERT_TRUE(run.ok()) << run.error().message();
  for (double v : y) EXPECT_EQ(v, -256.0 / 1024);
  EXPECT_EQ(run.value().counts[1].accum_overflow, samples * n);
}

TEST(Emulator, ResultsDoNotDependOnThreadCount) {
  std::mt19937 rng(3);
  std::normal_distribution<float> normal(0, 2);
  const int64_t k = 16, n = 8, samples = 3001;
  Net net(OpKind::kDense, {k}, {n}, T(10, 4), T(8, 3, true, QuantMode::kTrn, OverflowMode::kSat));
  ir::Tensor w({k, n});
  for (float& v : w.data) v = normal(rng);
  net.node->params["weight"] = w;
  net.node->types = {{"weight", T(8, 2)}, {"accum", T(12, 4)}};
  auto emu = Emulator::Build(net.g);
  ASSERT_TRUE(emu.ok()) << emu.error().message();
  std::vector<float> x(samples * k);
  for (float& v : x) v = normal(rng);
  std::vector<double> y1(samples * n), y2(samples * n);
  auto r1 = emu.value().Run(samples, {x.data()}, {y1.data()}, {.threads = 1});
  auto r2 = emu.value().Run(samples, {x.data()}, {y2.data()}, {.threads = 3});
  ASSERT_TRUE(r1.ok() && r2.ok());
  EXPECT_EQ(y1, y2);
  EXPECT_EQ(r1.value().counts[1].accum_overflow, r2.value().counts[1].accum_overflow);
  EXPECT_EQ(r1.value().counts[1].result_overflow, r2.value().counts[1].result_overflow);
  EXPECT_GT(r1.value().counts[1].result_overflow, 0);  // the narrow result does saturate
}

// dense -> relu -> dense: the ReLU runs inside the dense before it when no trace is asked for
// (Step::fused) and as its own step with one; outputs and every node's counts are the same. The
// first dense's 16-bit accumulator wraps for some outputs; the second ReLU also shifts (its
// result has two more fraction bits).
TEST(Emulator, ReluFusedIntoDenseEqualsItsOwnStep) {
  std::mt19937 rng(21);
  std::normal_distribution<float> normal(0, 1);
  for (FixedType relu_type : {T(16, 6), T(18, 6)}) {
    const int64_t k = 12, m = 37, n = 5, samples = 700;
    ir::Graph g;
    ir::Value* x = g.AddInput("x", {k});
    x->type = {true, T(16, 6)};
    auto dense = [&](ir::Value* in, int64_t kin, int64_t nout, float scale, const char* name) {
      ir::Node* d = g.AddNode(OpKind::kDense, name, {in});
      ir::Tensor w({kin, nout});
      ir::Tensor b({nout});
      for (float& v : w.data) v = scale * normal(rng);
      for (float& v : b.data) v = normal(rng);
      d->params["weight"] = w;
      d->params["bias"] = b;
      d->types = {{"weight", T(16, 6)}, {"bias", T(16, 6)}, {"accum", T(16, 6)}};
      d->outputs[0]->shape = {nout};
      d->outputs[0]->type = {true, T(16, 6)};
      return d->outputs[0];
    };
    ir::Value* h = dense(x, k, m, 6.0f, "d1");
    ir::Node* relu = g.AddNode(OpKind::kRelu, "r1", {h});
    relu->outputs[0]->shape = {m};
    relu->outputs[0]->type = {true, relu_type};
    ir::Value* y = dense(relu->outputs[0], m, n, 0.5f, "d2");
    g.MarkOutput(y);
    auto emu = Emulator::Build(g);
    ASSERT_TRUE(emu.ok()) << emu.error().message();
    std::vector<float> in(samples * k);
    for (float& v : in) v = 3 * normal(rng);
    std::vector<double> fused(samples * n), own(samples * n);
    auto r1 = emu.value().Run(samples, {in.data()}, {fused.data()}, {.threads = 2});
    auto r2 = emu.value().Run(samples, {in.data()}, {own.data()}, {.threads = 2, .trace = true});
    ASSERT_TRUE(r1.ok() && r2.ok());
    EXPECT_EQ(fused, own);
    ASSERT_EQ(r1.value().counts.size(), r2.value().counts.size());
    for (size_t i = 0; i < r1.value().counts.size(); ++i) {
      const NodeCounts& a = r1.value().counts[i];
      const NodeCounts& b = r2.value().counts[i];
      EXPECT_EQ(a.values, b.values) << a.node;
      EXPECT_EQ(a.accum_overflow, b.accum_overflow) << a.node;
      EXPECT_EQ(a.result_overflow, b.result_overflow) << a.node;
    }
    EXPECT_GT(r1.value().counts[1].accum_overflow, 0);  // the wrap is exercised
  }
}

// Conv, conv_transpose and batch_norm with wide exact types agree with the float engine.
TEST(Emulator, ConvFamilyAgreesWithFloatEngineAtWideTypes) {
  std::mt19937 rng(5);
  std::normal_distribution<float> normal(0, 1);
  struct Case {
    OpKind op;
    ir::Shape in, out, w;
    std::vector<int64_t> strides, pads, dil;
    int64_t group;
    bool last;
  };
  std::vector<Case> cases = {
      {OpKind::kConv, {3, 7, 6}, {4, 4, 3}, {4, 3, 3, 3}, {2, 2}, {1, 1, 1, 1}, {1, 1}, 1, false},
      {OpKind::kConv, {7, 6, 4}, {7, 6, 4}, {4, 2, 3, 1}, {1, 1}, {1, 0, 1, 0}, {1, 1}, 2, true},
      {OpKind::kConv, {2, 11}, {3, 7}, {3, 2, 3}, {1}, {0, 0}, {2}, 1, false},
      // Depthwise: channels-first with two outputs per channel, channels-last (unit stride,
      // then stride 2 with dilation), 1D channels-last with two outputs per channel.
      {OpKind::kConv, {3, 7, 6}, {6, 4, 3}, {6, 1, 3, 3}, {2, 2}, {1, 1, 1, 1}, {1, 1}, 3, false},
      {OpKind::kConv, {6, 5, 5}, {6, 5, 5}, {5, 1, 3, 3}, {1, 1}, {1, 1, 1, 1}, {1, 1}, 5, true},
      {OpKind::kConv, {9, 8, 4}, {4, 2, 4}, {4, 1, 3, 3}, {2, 2}, {1, 0, 1, 0}, {2, 2}, 4, true},
      {OpKind::kConv, {11, 2}, {8, 4}, {4, 1, 3}, {1}, {1, 0}, {2}, 2, true},
      {OpKind::kConvTranspose,
       {2, 4, 3},
       {3, 8, 6},
       {2, 3, 2, 2},
       {2, 2},
       {0, 0, 0, 0},
       {1, 1},
       1,
       false},
      {OpKind::kConvTranspose, {2, 5}, {2, 9}, {2, 1, 3}, {2}, {1, 1}, {1}, 2, false},
  };
  for (const Case& c : cases) {
    FixedType tx = T(16, 6);
    Net net(c.op, c.in, c.out, tx, T(48, 24));
    ir::Tensor w(c.w);
    int64_t out_ch = c.last ? c.out.back() : c.out[0];
    ir::Tensor b({out_ch});
    for (float& v : w.data) v = normal(rng);
    for (float& v : b.data) v = normal(rng);
    net.node->params["weight"] = w;
    net.node->params["bias"] = b;
    net.node->attrs.Set("strides", c.strides);
    net.node->attrs.Set("pads", c.pads);
    net.node->attrs.Set("dilations", c.dil);
    net.node->attrs.Set("group", c.group);
    if (c.last) net.node->attrs.Set("channels_last", int64_t{1});
    if (c.op == OpKind::kConvTranspose) {
      net.node->attrs.Set("output_padding", std::vector<int64_t>(c.strides.size(), 0));
    }
    net.node->types = {{"weight", T(24, 4)}, {"bias", T(24, 4)}, {"accum", T(60, 24)}};
    auto emu = Emulator::Build(net.g);
    ASSERT_TRUE(emu.ok()) << emu.error().message();
    int64_t in_n = ir::NumElements(c.in), out_n = ir::NumElements(c.out);
    std::vector<float> x(in_n);
    for (float& v : x)
      v = static_cast<float>(fixed::ToDouble(fixed::FromDouble(normal(rng), tx), tx));
    std::vector<double> y(out_n);
    ASSERT_TRUE(emu.value().Run(1, {x.data()}, {y.data()}, {}).ok());
    // The float engine on the same (already quantized) weights.
    ir::Node& node = *net.node;
    for (float& v : node.params["weight"].data)
      v = static_cast<float>(fixed::ToDouble(fixed::FromDouble(v, T(24, 4)), T(24, 4)));
    for (float& v : node.params["bias"].data)
      v = static_cast<float>(fixed::ToDouble(fixed::FromDouble(v, T(24, 4)), T(24, 4)));
    ir::Tensor xt(c.in, x);
    auto want = ref::EvaluateNode(node, {&xt});
    ASSERT_TRUE(want.ok()) << want.error().message();
    for (int64_t e = 0; e < out_n; ++e) {
      ASSERT_NEAR(y[e], want.value()[0].data[e], 1e-4) << ir::OpName(c.op) << " element " << e;
    }
  }
}

TEST(Emulator, AutoAccumulatorIsExactAndNeverOverflows) {
  std::mt19937 rng(9);
  std::normal_distribution<float> normal(0, 3);
  const int64_t k = 32, n = 5;
  Net net(OpKind::kDense, {k}, {n}, T(8, 4), T(8, 4));
  ir::Tensor w({k, n});
  for (float& v : w.data) v = normal(rng);
  net.node->params["weight"] = w;
  net.node->types = {{"weight", T(8, 3)}};
  auto acc = kLinearTypeRules.auto_node_type(*net.node, "accum", {T(8, 4)});
  ASSERT_TRUE(acc.ok()) << acc.error().message();
  net.node->types["accum"] = acc.value();
  net.node->outputs[0]->type = {true, acc.value()};
  auto emu = Emulator::Build(net.g);
  ASSERT_TRUE(emu.ok());
  // Extreme inputs: all at the type's minimum or maximum, and alternating.
  std::vector<float> x;
  for (float v : {-8.0f, 7.9375f}) x.insert(x.end(), k, v);
  for (int64_t i = 0; i < k; ++i) x.push_back(i % 2 ? -8.0f : 7.9375f);
  std::vector<double> y(3 * n);
  auto r = emu.value().Run(3, {x.data()}, {y.data()}, {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().counts[1].accum_overflow, 0);
  EXPECT_EQ(r.value().counts[1].result_overflow, 0);
  // The exact accumulator equals the double computation (all values are exact in double).
  for (int64_t s = 0; s < 3; ++s) {
    for (int64_t j = 0; j < n; ++j) {
      double sum = 0;
      for (int64_t i = 0; i < k; ++i) {
        sum +=
            x[s * k + i] * fixed::ToDouble(fixed::FromDouble(w.data[i * n + j], T(8, 3)), T(8, 3));
      }
      EXPECT_EQ(y[s * n + j], sum);
    }
  }
}

// A linear resize's automatic types: the interpolation weights' exact type and an accumulator
// that holds every output for the extreme inputs; the outputs equal the double computation.
TEST(Emulator, LinearResizeAutoTypesAreExact) {
  Net net(OpKind::kResize, {2, 3}, {4, 6}, T(6, 3), T(6, 3));
  net.node->attrs.Set("mode", std::string("linear"));
  net.node->attrs.Set("scales", std::vector<double>{2.0, 2.0});
  EXPECT_EQ(FamilyFor(*net.node), &kLinearFamily);
  auto w = kLinearTypeRules.auto_node_type(*net.node, "weight", {T(6, 3)});
  ASSERT_TRUE(w.ok()) << w.error().message();
  // Half-pixel weights of a 2x upsampling: products of {1, 3/4, 1/4}, down to 1/16.
  EXPECT_EQ(w.value(), T(5, 1, false));
  net.node->types = {{"weight", w.value()}};
  auto acc = kLinearTypeRules.auto_node_type(*net.node, "accum", {T(6, 3)});
  ASSERT_TRUE(acc.ok()) << acc.error().message();
  net.node->types["accum"] = acc.value();
  net.node->outputs[0]->type = {true, acc.value()};
  auto emu = Emulator::Build(net.g);
  ASSERT_TRUE(emu.ok()) << emu.error().message();
  std::vector<float> x = {-4.0f,  3.875f, -4.0f, 3.875f, -4.0f, 3.875f,
                          0.125f, -0.5f,  1.0f,  2.0f,   -3.0f, 0.25f};
  std::vector<double> y(2 * 24);
  auto r = emu.value().Run(2, {x.data()}, {y.data()}, {});
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r.value().counts[1].accum_overflow, 0);
  EXPECT_EQ(r.value().counts[1].result_overflow, 0);
  auto map = ref::ResizeLinearMap(*net.node, {2, 3}, {4, 6});
  ASSERT_TRUE(map.ok());
  for (int64_t s = 0; s < 2; ++s) {
    for (int64_t o = 0; o < 24; ++o) {
      double want = 0;
      for (int64_t t = map.value().start[o]; t < map.value().start[o + 1]; ++t) {
        want += map.value().weight[t] * x[s * 6 + map.value().index[t]];
      }
      EXPECT_EQ(y[s * 24 + o], want) << "sample " << s << " output " << o;
    }
  }
}

// Matmul with broadcast batch axes reads, for each output batch, the operands' broadcast batches.
TEST(Emulator, MatMulBroadcastsBatchAxes) {
  ir::Graph g;
  ir::Value* a = g.AddInput("a", {1, 2, 3});
  ir::Value* b = g.AddInput("b", {3, 1, 3, 2});
  a->type = {true, T(8, 4)};
  b->type = {true, T(8, 4)};
  ir::Node* mm = g.AddNode(OpKind::kMatMul, "mm", {a, b});
  mm->outputs[0]->shape = {3, 1, 2, 2};
  mm->types = {{"accum", T(20, 10)}};
  mm->outputs[0]->type = {true, T(20, 10)};
  g.MarkOutput(mm->outputs[0]);
  auto emu = Emulator::Build(g);
  ASSERT_TRUE(emu.ok()) << emu.error().message();
  std::vector<float> av(6), bv(18);
  for (size_t i = 0; i < av.size(); ++i) av[i] = 0.5f * static_cast<float>(i) - 1;
  for (size_t i = 0; i < bv.size(); ++i) bv[i] = 0.25f * static_cast<float>(i % 7) - 0.5f;
  std::vector<double> y(12);
  ASSERT_TRUE(emu.value().Run(1, {av.data(), bv.data()}, {y.data()}, {}).ok());
  for (int64_t t = 0; t < 3; ++t) {
    for (int64_t i = 0; i < 2; ++i) {
      for (int64_t j = 0; j < 2; ++j) {
        double want = 0;
        for (int64_t q = 0; q < 3; ++q) want += av[i * 3 + q] * bv[t * 6 + q * 2 + j];
        EXPECT_EQ(y[t * 4 + i * 2 + j], want) << t << " " << i << " " << j;
      }
    }
  }
}

TEST(Emulator, QuantWithPowerOfTwoScaleIsExactQonnxSemantics) {
  // Quant(x, scale 2^-3, zp 0, 4 bits, signed, narrow): clamp(round_half_even(x*8), -7, 7)/8.
  FixedType tx = T(12, 6);
  Net net(OpKind::kQuant, {64}, {64}, tx, T(4, 1));
  net.node->params["scale"] = ir::Tensor({}, {0.125f});
  net.node->params["zero_point"] = ir::Tensor({}, {0.0f});
  net.node->params["bitwidth"] = ir::Tensor({}, {4.0f});
  net.node->attrs.Set("signed", int64_t{1});
  net.node->attrs.Set("narrow", int64_t{1});
  net.node->attrs.Set("rounding_mode", std::string("ROUND"));
  auto exact = kQuantTypeRules.auto_result(*net.node, {tx});
  ASSERT_TRUE(exact.ok()) << exact.error().message();
  EXPECT_EQ(exact.value()[0].ToString(), "fixed<4,1>");
  auto emu = Emulator::Build(net.g);
  ASSERT_TRUE(emu.ok()) << emu.error().message();
  std::vector<float> x(64);
  for (int i = 0; i < 64; ++i) x[i] = (i - 32) / 32.0f * 1.25f + 1.0f / 64;  // ties included
  std::vector<double> y(64);
  ASSERT_TRUE(emu.value().Run(1, {x.data()}, {y.data()}, {}).ok());
  ir::Tensor xt({64}, std::vector<float>(x.begin(), x.end()));
  for (float& v : xt.data) v = static_cast<float>(fixed::ToDouble(fixed::FromDouble(v, tx), tx));
  auto want = ref::EvaluateNode(*net.node, {&xt});
  ASSERT_TRUE(want.ok());
  for (int i = 0; i < 64; ++i) EXPECT_EQ(y[i], want.value()[0].data[i]) << x[i];
}

TEST(Emulator, QuantWithOtherScalesIsAnExplicitScaleStep) {
  // Quant(x, scale 0.3, zp 1, 4 bits, unsigned): the integer clamp(round(x/0.3 + 1), 0, 15) - 1
  // is exact; multiplying by 0.3 uses the node's 'scale' type, so the value is within half an
  // LSB of that type times the integer.
  FixedType tx = T(14, 5);
  Net net(OpKind::kQuant, {200}, {200}, tx, T(4, 1));
  net.node->params["scale"] = ir::Tensor({}, {0.3f});
  net.node->params["zero_point"] = ir::Tensor({}, {1.0f});
  net.node->params["bitwidth"] = ir::Tensor({}, {4.0f});
  net.node->attrs.Set("signed", int64_t{0});
  net.node->attrs.Set("narrow", int64_t{0});
  net.node->attrs.Set("rounding_mode", std::string("ROUND"));
  auto keys = kQuantTypeRules.type_keys(*net.node);
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].key, "scale");
  FixedType ts = T(16, 0);
  net.node->types["scale"] = ts;
  auto exact = kQuantTypeRules.auto_result(*net.node, {tx});
  ASSERT_TRUE(exact.ok()) << exact.error().message();
  net.node->outputs[0]->type = {true, exact.value()[0]};
  auto emu = Emulator::Build(net.g);
  ASSERT_TRUE(emu.ok()) << emu.error().message();
  std::vector<float> x(200);
  for (int i = 0; i < 200; ++i) x[i] = static_cast<float>((i - 60) * 0.03125);  // on tx's grid
  std::vector<double> y(200);
  ASSERT_TRUE(emu.value().Run(1, {x.data()}, {y.data()}, {}).ok());
  double sq = fixed::ToDouble(fixed::FromDouble(0.3f, ts), ts);
  ir::Tensor xt({200}, x);
  auto want = ref::EvaluateNode(*net.node, {&xt});
  ASSERT_TRUE(want.ok());
  for (int i = 0; i < 200; ++i) {
    // The exact integer: x / float32(0.3) in double is exact enough to round correctly here.
    double v = x[i] / static_cast<double>(0.3f) + 1;
    double q = std::clamp(std::nearbyint(v), 0.0, 15.0) - 1;
    EXPECT_EQ(y[i], q * sq) << x[i];
    // The float engine divides in float32, which can turn a value just below a tie into the tie
    // (x = 0.75: 3.4999999 becomes 3.5); elsewhere it agrees within the scale's quantization.
    if (std::fabs(v - std::floor(v) - 0.5) > 1e-5) {
      EXPECT_NEAR(y[i], want.value()[0].data[i], 15 * std::fabs(sq - 0.3) + 1e-6) << x[i];
    }
  }
}

// ONNX QDQ: QuantizeLinear then DequantizeLinear with a power-of-two scale become exact types
// (int8, then fixed with the scale's fraction bits) and agree with the float engine exactly.
TEST(Emulator, QuantizeDequantizeLinearPairIsExact) {
  ir::Graph g;
  FixedType tx = T(16, 6);
  ir::Value* x = g.AddInput("x", {64});
  x->type = {true, tx};
  ir::Node* q = g.AddNode(OpKind::kQuantizeLinear, "q", {x});
  q->outputs[0]->shape = {64};
  q->params["scale"] = ir::Tensor({1}, {0.0625f});
  q->params["zero_point"] = ir::Tensor({1}, {3.0f});
  q->attrs.Set("axis", int64_t{-1});
  q->attrs.Set("qmin", -128.0);
  q->attrs.Set("qmax", 127.0);
  ir::Node* d = g.AddNode(OpKind::kDequantizeLinear, "d", {q->outputs[0]});
  d->outputs[0]->shape = {64};
  d->params["scale"] = ir::Tensor({1}, {0.0625f});
  d->params["zero_point"] = ir::Tensor({1}, {3.0f});
  d->attrs.Set("axis", int64_t{-1});
  g.MarkOutput(d->outputs[0]);
  auto tq = kQuantTypeRules.auto_result(*q, {tx});
  ASSERT_TRUE(tq.ok()) << tq.error().message();
  EXPECT_EQ(tq.value()[0].ToString(), "int<8>");
  q->outputs[0]->type = {true, tq.value()[0]};
  auto td = kQuantTypeRules.auto_result(*d, {tq.value()[0]});
  ASSERT_TRUE(td.ok()) << td.error().message();
  EXPECT_EQ(td.value()[0].ToString(), "fixed<9,5>");
  d->outputs[0]->type = {true, td.value()[0]};
  auto emu = Emulator::Build(g);
  ASSERT_TRUE(emu.ok()) << emu.error().message();
  std::vector<float> in(64);
  for (int i = 0; i < 64; ++i) in[i] = (i - 32) * 0.2578125f;  // ties of the 1/16 grid included
  std::vector<double> y(64);
  ASSERT_TRUE(emu.value().Run(1, {in.data()}, {y.data()}, {}).ok());
  ir::Tensor xt({64}, in);
  auto mid = ref::EvaluateNode(*q, {&xt});
  ASSERT_TRUE(mid.ok());
  auto want = ref::EvaluateNode(*d, {&mid.value()[0]});
  ASSERT_TRUE(want.ok());
  for (int i = 0; i < 64; ++i) EXPECT_EQ(y[i], want.value()[0].data[i]) << in[i];
}

TEST(Emulator, TruncMatchesFloatEngine) {
  FixedType tx = T(12, 6);
  Net net(OpKind::kTrunc, {64}, {64}, tx, tx);
  net.node->params["scale"] = ir::Tensor({}, {0.125f});
  net.node->params["zero_point"] = ir::Tensor({}, {0.0f});
  net.node->params["input_bit_width"] = ir::Tensor({}, {8.0f});
  net.node->params["output_bit_width"] = ir::Tensor({}, {5.0f});
  net.node->attrs.Set("rounding_mode", std::string("FLOOR"));
  auto t = kQuantTypeRules.auto_result(*net.node, {tx});
  ASSERT_TRUE(t.ok()) << t.error().message();
  net.node->outputs[0]->type = {true, t.value()[0]};
  auto emu = Emulator::Build(net.g);
  ASSERT_TRUE(emu.ok()) << emu.error().message();
  std::vector<float> in(64);
  for (int i = 0; i < 64; ++i) in[i] = (i - 32) * 0.5f;
  std::vector<double> y(64);
  ASSERT_TRUE(emu.value().Run(1, {in.data()}, {y.data()}, {}).ok());
  ir::Tensor xt({64}, in);
  auto want = ref::EvaluateNode(*net.node, {&xt});
  ASSERT_TRUE(want.ok());
  for (int i = 0; i < 64; ++i) EXPECT_EQ(y[i], want.value()[0].data[i]) << in[i];
}

// QONNX FloatQuant (FP8 E4M3 with max 448, E5M2, a 2-bit-mantissa format with subnormals, each
// under every rounding mode): for every value of a 16-bit input the emulator's integer rounding
// to the minifloat grid equals the float engine's (QONNX's float32 formula; every result here is
// exact in float32), so the power-of-two scales give identical values.
TEST(Emulator, FloatQuantMatchesFloatEngineOnEveryInput) {
  struct Format {
    float e_bits, m_bits, bias, max_val, scale;
  };
  const float inf = std::numeric_limits<float>::infinity();
  for (Format f : {Format{4, 3, 7, 448, 1.0f}, Format{5, 2, 15, inf, 0.5f},
                   Format{3, 2, 3, inf, 0.125f}, Format{4, 3, 7, 448, 4.0f}}) {
    for (const char* mode : {"ROUND", "CEIL", "FLOOR"}) {
      SCOPED_TRACE(std::string(mode) + " E" + std::to_string(f.e_bits) + "M" +
                   std::to_string(f.m_bits));
      FixedType tx = T(16, 8);
      Net net(OpKind::kFloatQuant, {256}, {256}, tx, tx);
      net.node->params["scale"] = ir::Tensor({}, {f.scale});
      net.node->params["exponent_bitwidth"] = ir::Tensor({}, {f.e_bits});
      net.node->params["mantissa_bitwidth"] = ir::Tensor({}, {f.m_bits});
      net.node->params["exponent_bias"] = ir::Tensor({}, {f.bias});
      net.node->params["max_val"] = ir::Tensor({}, {f.max_val});
      net.node->attrs.Set("rounding_mode", std::string(mode));
      auto t = kQuantTypeRules.auto_result(*net.node, {tx});
      ASSERT_TRUE(t.ok()) << t.error().message();
      net.node->outputs[0]->type = {true, t.value()[0]};
      auto emu = Emulator::Build(net.g);
      ASSERT_TRUE(emu.ok()) << emu.error().message();
      for (int block = 0; block < 256; ++block) {
        std::vector<float> in(256);
        for (int i = 0; i < 256; ++i) {
          in[i] = static_cast<float>(static_cast<int16_t>(block * 256 + i)) / 256.0f;
        }
        std::vector<double> y(256);
        ASSERT_TRUE(emu.value().Run(1, {in.data()}, {y.data()}, {}).ok());
        ir::Tensor xt({256}, in);
        auto want = ref::EvaluateNode(*net.node, {&xt});
        ASSERT_TRUE(want.ok()) << want.error().message();
        for (int i = 0; i < 256; ++i) {
          ASSERT_EQ(y[i], want.value()[0].data[i]) << "x = " << in[i];
        }
      }
    }
  }
}

TEST(Emulator, MovementOpsGatherExactly) {
  FixedType tx = T(10, 3);
  Net net(OpKind::kTranspose, {2, 3, 4}, {4, 2, 3}, tx, tx);
  net.node->attrs.Set("perm", std::vector<int64_t>{2, 0, 1});
  auto emu = Emulator::Build(net.g);
  ASSERT_TRUE(emu.ok()) << emu.error().message();
  std::vector<float> x(24);
  for (int i = 0; i < 24; ++i) x[i] = static_cast<float>(i) / 8;
  std::vector<double> y(24);
  ASSERT_TRUE(emu.value().Run(1, {x.data()}, {y.data()}, {}).ok());
  for (int a = 0; a < 4; ++a)
    for (int b = 0; b < 2; ++b)
      for (int c = 0; c < 3; ++c) EXPECT_EQ(y[(a * 2 + b) * 3 + c], x[(b * 3 + c) * 4 + a]);
}

TEST(Emulator, ReportsEveryUntypedValueAndMissingKernel) {
  ir::Graph g;
  ir::Value* x = g.AddInput("x", {4});
  ir::Node* a = g.AddNode(OpKind::kDense, "fc", {x});
  a->outputs[0]->shape = {2};
  g.MarkOutput(a->outputs[0]);
  auto emu = Emulator::Build(g);
  ASSERT_FALSE(emu.ok());
  EXPECT_NE(emu.error().message().find("output 'x' has no fixed-point type"), std::string::npos)
      << emu.error().message();
  EXPECT_NE(emu.error().message().find("node 'fc' (dense)"), std::string::npos)
      << emu.error().message();
}

// An output shape the node's op does not give (a graph edited by hand) is reported, every such
// node at once, instead of a kernel writing past the value: a conv whose weights give 4 output
// channels but whose output says 3, and a dense whose weights give 5 outputs but whose output
// says 7 (with its ReLU, whose shape follows it and is right).
TEST(Emulator, ReportsOutputShapesTheirOpDoesNotGive) {
  ir::Graph g;
  ir::Value* x = g.AddInput("x", {3, 7, 6});
  x->type = {true, T(16, 6)};
  ir::Node* conv = g.AddNode(OpKind::kConv, "conv", {x});
  conv->outputs[0]->shape = {3, 4, 3};
  conv->params["weight"] = ir::Tensor({4, 3, 3, 3});
  conv->attrs.Set("strides", std::vector<int64_t>{2, 2});
  conv->attrs.Set("pads", std::vector<int64_t>{1, 1, 1, 1});
  ir::Node* dense = g.AddNode(OpKind::kDense, "fc", {x});
  dense->outputs[0]->shape = {3, 7, 7};
  dense->params["weight"] = ir::Tensor({6, 5});
  ir::Node* relu = g.AddNode(OpKind::kRelu, "relu", {dense->outputs[0]});
  relu->outputs[0]->shape = {3, 7, 7};
  for (ir::Node* n : {conv, dense, relu}) {
    n->outputs[0]->type = {true, T(16, 6)};
    n->types = {{"weight", T(16, 6)}, {"bias", T(16, 6)}, {"accum", T(16, 6)}};
  }
  relu->types.clear();
  g.MarkOutput(conv->outputs[0]);
  g.MarkOutput(relu->outputs[0]);
  auto emu = Emulator::Build(g);
  ASSERT_FALSE(emu.ok());
  const std::string& m = emu.error().message();
  EXPECT_NE(m.find("node 'conv' (conv): error: output 'conv' has shape [3,4,3] but its inputs and "
                   "attributes give [4,4,3]"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("node 'fc' (dense): error: output 'fc' has shape [3,7,7] but its inputs and "
                   "attributes give [3,7,5]"),
            std::string::npos)
      << m;
  EXPECT_EQ(m.find("relu"), std::string::npos) << m;
  // With the shapes corrected the same graph builds.
  conv->outputs[0]->shape = {4, 4, 3};
  dense->outputs[0]->shape = {3, 7, 5};
  relu->outputs[0]->shape = {3, 7, 5};
  auto fixed_emu = Emulator::Build(g);
  EXPECT_TRUE(fixed_emu.ok()) << fixed_emu.error().message();
}

}  // namespace
}  // namespace loom::sim
