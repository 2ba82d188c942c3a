// Tests of the emulator's lookup-table family (sigmoid, tanh, softsign, softplus, elu, selu,
// softmax) and its table builders.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "loom/fixed/fixed_value.h"
#include "loom/ref/float_engine.h"
#include "plan/lut_tables.h"
#include "sim/kernel.h"

namespace loom::sim {
namespace {

using fixed::FixedType;
using fixed::ParseFixedType;
using ir::OpKind;

FixedType T(const std::string& s) { return ParseFixedType(s).value(); }

// Every raw value of a type, lowest first.
std::vector<int64_t> AllRaws(const FixedType& t) {
  std::vector<int64_t> v;
  for (int64_t r = t.min_raw(); r <= t.max_raw(); ++r) v.push_back(r);
  return v;
}

// A one-node graph with input shape `shape`.
struct OneNode {
  ir::Graph g;
  ir::Node* n = nullptr;
  OneNode(OpKind op, const ir::Shape& shape) {
    ir::Value* x = g.AddInput("x", shape);
    n = g.AddNode(op, "node", {x});
    n->outputs[0]->shape = shape;
  }
};

struct RunResult {
  std::vector<int64_t> out;
  Counters counters;
};

RunResult RunKernel(const ir::Node& node, const FixedType& in, const FixedType& out,
                    const std::vector<int64_t>& x, int64_t samples, int64_t table_size = 1024) {
  KernelContext ctx{node, {in}, {out}, table_size};
  auto k = kLutFamily.make(ctx);
  EXPECT_TRUE(k.ok()) << (k.ok() ? "" : k.error().message());
  RunResult r;
  if (!k.ok()) return r;
  r.out.assign(x.size(), -12345);
  const int64_t* ins[] = {x.data()};
  int64_t* outs[] = {r.out.data()};
  k.value()->Run(ins, outs, samples, r.counters);
  return r;
}

std::string MakeError(const ir::Node& node, const FixedType& in, const FixedType& out,
                      int64_t table_size = 1024) {
  KernelContext ctx{node, {in}, {out}, table_size};
  auto k = kLutFamily.make(ctx);
  if (k.ok()) return "(no error)";
  return k.error().message();
}

// ---------------------------------------------------------------------------------------------
// The test's own statement of the design (written independently of lut_kernels.cc).

struct Design {
  OpKind op;
  double a;  // window [a, b)
  double b;
  enum Upper { kClamp, kIdentity, kScale } upper;
};

double Sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

// alpha/gamma as the float engine reads them (float attributes).
constexpr double kEluAlpha = 1.5;
const double kSeluAlpha = static_cast<float>(1.67326319217681884765625);
const double kSeluGamma = static_cast<float>(1.05070102214813232421875);

double F(OpKind op, double x) {
  switch (op) {
    case OpKind::kSigmoid:
      return Sigmoid(x);
    case OpKind::kTanh:
      return std::tanh(x);
    case OpKind::kSoftsign:
      return x / (1 + std::fabs(x));
    case OpKind::kSoftplus:
      return std::log(1 + std::exp(x));
    case OpKind::kElu:
      return x < 0 ? kEluAlpha * (std::exp(x) - 1) : x;
    case OpKind::kSelu:
      return kSeluGamma * (x <= 0 ? kSeluAlpha * (std::exp(x) - 1) : x);
    case OpKind::kExp:
      return std::exp(x);
    case OpKind::kErf:
      return std::erf(x);
    case OpKind::kGelu:
      return x * 0.5 * (1 + std::erf(x / std::sqrt(2.0)));
    default:
      ADD_FAILURE();
      return 0;
  }
}

const std::vector<Design> kDesigns = {
    {OpKind::kSigmoid, -8, 8, Design::kClamp},    {OpKind::kTanh, -4, 4, Design::kClamp},
    {OpKind::kSoftsign, -32, 32, Design::kClamp}, {OpKind::kSoftplus, -8, 8, Design::kIdentity},
    {OpKind::kElu, -8, 0, Design::kIdentity},     {OpKind::kSelu, -8, 0, Design::kScale},
    {OpKind::kExp, -8, 8, Design::kClamp},        {OpKind::kErf, -4, 4, Design::kClamp},
    {OpKind::kGelu, -8, 8, Design::kIdentity},
};

// The value the kernel must give for input value x of type `in`, computed in double: bucket of
// width w = (window length / table_size, at least one LSB), function at the centre of the
// bucket's representable inputs, rounded to nearest-even into the table type; a scale path uses
// gamma rounded to 16 fraction bits (the scale constant of an 18-bit table); outside values clamp.
double Expected(const Design& d, const FixedType& in, const FixedType& table, int64_t table_size,
                double x, bool* clipped) {
  double lsb = in.lsb();
  double lo = std::max(d.a, in.min_value());
  double hi = std::min(d.b, in.max_value() + lsb);  // exclusive
  *clipped = false;
  if (x >= hi && d.upper == Design::kIdentity) return x;
  if (x >= hi && d.upper == Design::kScale) return std::nearbyint(kSeluGamma * 65536) / 65536 * x;
  if (x < lo) {
    *clipped = true;
    x = lo;
  } else if (x >= hi) {
    *clipped = true;
    x = hi - lsb;
  }
  double raws = (hi - lo) / lsb;
  double w = std::max(1.0, raws / static_cast<double>(table_size)) * lsb;
  double bucket = std::floor((x - lo) / w);
  double centre = lo + bucket * w + (w - lsb) / 2;
  FixedType rnd = table;
  rnd.quant = fixed::QuantMode::kRndConv;
  rnd.overflow = fixed::OverflowMode::kSat;
  return fixed::ToDouble(fixed::FromDouble(F(d.op, centre), rnd), rnd);
}

void SetParams(ir::Node* n) {
  if (n->op == OpKind::kElu) n->attrs.Set("alpha", kEluAlpha);
}

FixedType TableTypeFor(OpKind op) {
  switch (op) {
    case OpKind::kSigmoid:
      return T("ufixed<18,0>");
    case OpKind::kSoftplus:
      return T("ufixed<18,4>");
    case OpKind::kSelu:
      return T("fixed<18,2>");
    case OpKind::kElu:
      return T("fixed<18,2>");
    case OpKind::kExp:
      return T("ufixed<18,12>");
    case OpKind::kGelu:
      return T("fixed<18,5>");
    default:
      return T("fixed<18,1>");
  }
}

// (a) Every input of several types, against the independent computation above.
TEST(LutElement, EveryInputMatchesIndependentComputation) {
  const FixedType out = T("fixed<44,14>");  // holds every entry, identity and product exactly
  int64_t cases = 0;
  for (const char* in_text : {"fixed<8,3>", "fixed<10,4>", "ufixed<6,2>", "fixed<16,6>", "int<5>",
                              "fixed<6,8>", "ufixed<12,1>"}) {
    FixedType in = T(in_text);
    for (int64_t table_size : {int64_t{1024}, int64_t{64}}) {
      for (const Design& d : kDesigns) {
        std::vector<int64_t> x = AllRaws(in);
        OneNode g(d.op, {static_cast<int64_t>(x.size())});
        SetParams(g.n);
        FixedType table = TableTypeFor(d.op);
        g.n->types["table"] = table;
        RunResult r = RunKernel(*g.n, in, out, x, 1, table_size);
        ASSERT_EQ(r.out.size(), x.size());
        int64_t clipped = 0;
        for (size_t i = 0; i < x.size(); ++i) {
          bool c;
          double v = fixed::ToDouble(x[i], in);
          double want = Expected(d, in, table, table_size, v, &c);
          clipped += c;
          ASSERT_EQ(fixed::ToDouble(r.out[i], out), want)
              << ir::OpName(d.op) << " " << in_text << " N=" << table_size << " x=" << v;
          ++cases;
        }
        EXPECT_EQ(r.counters.table_clipped, clipped) << ir::OpName(d.op) << " " << in_text;
        EXPECT_EQ(r.counters.values, static_cast<int64_t>(x.size()));
        EXPECT_EQ(r.counters.result_overflow, 0);
      }
    }
  }
  EXPECT_GT(cases, 100000);
}

// Narrow types get exact-per-input tables; wide ones a shift.
TEST(LutTables, WindowShiftAndExactness) {
  auto sig = BuildLut(LutFunction::kSigmoid, T("fixed<8,3>"), T("ufixed<18,0>"), 1024).value();
  EXPECT_TRUE(sig.exact());
  EXPECT_EQ(sig.lo_raw, -128);  // the whole type: [-4, 4)
  EXPECT_EQ(sig.hi_raw, 127);
  EXPECT_EQ(sig.size(), 256);
  auto wide = BuildLut(LutFunction::kSigmoid, T("fixed<16,6>"), T("ufixed<18,0>"), 1024).value();
  EXPECT_EQ(wide.lo_raw, -8 * 1024);
  EXPECT_EQ(wide.hi_raw, 8 * 1024 - 1);
  EXPECT_EQ(wide.shift, 4);
  EXPECT_EQ(wide.size(), 1024);
  EXPECT_FALSE(wide.exact());
  auto elu_u = BuildLut(LutFunction::kElu, T("ufixed<8,4>"), T("fixed<18,1>"), 1024).value();
  EXPECT_TRUE(elu_u.empty());  // unsigned: every input takes the identity path
  EXPECT_EQ(elu_u.upper, LutUpper::kIdentity);
  auto selu = BuildLut(LutFunction::kSelu, T("fixed<16,6>"), T("fixed<18,2>"), 1024,
                       {kSeluAlpha, kSeluGamma})
                  .value();
  EXPECT_EQ(selu.upper, LutUpper::kScale);
  EXPECT_EQ(selu.scale_type, T("fixed<18,2,RND_CONV,SAT>"));
  EXPECT_EQ(selu.scale_raw, std::llround(kSeluGamma * 65536));
  EXPECT_EQ(selu.hi_raw, -1);
  // A 64-bit input whose window is the whole type: 2^64 raw units.
  auto huge = BuildLut(LutFunction::kTanh, T("fixed<64,3>"), T("fixed<18,1>"), 1024).value();
  EXPECT_EQ(huge.lo_raw, std::numeric_limits<int64_t>::min());
  EXPECT_EQ(huge.hi_raw, std::numeric_limits<int64_t>::max());
  EXPECT_EQ(huge.shift, 54);
  bool c;
  EXPECT_EQ(LutIndex(huge, std::numeric_limits<int64_t>::max(), &c), 1023);
  EXPECT_EQ(LutIndex(huge, 0, &c), 512);
  EXPECT_FALSE(c);
  // Coarse input (LSB 16, wider than the window): entries for -16, 0, 16 only.
  auto coarse = BuildLut(LutFunction::kSigmoid, T("fixed<6,10>"), T("ufixed<18,0>"), 1024).value();
  EXPECT_EQ(coarse.size(), 3);
  EXPECT_EQ(coarse.entries[1], 1 << 17);  // sigmoid(0) = 0.5
}

// selu's x * gamma path when the product is wider than 63 bits (the exact 128-bit path).
TEST(LutElement, SeluWideProduct) {
  FixedType in = T("fixed<48,8>");  // 48 + 18 = 66-bit product
  FixedType out = T("fixed<44,14>");
  OneNode g(OpKind::kSelu, {3});
  g.n->types["table"] = T("fixed<18,2>");
  std::vector<double> xs = {3.5, 20.25, 127.0};
  std::vector<int64_t> x;
  for (double v : xs) x.push_back(fixed::FromDouble(v, in));
  RunResult r = RunKernel(*g.n, in, out, x, 1);
  double gamma_q = std::nearbyint(kSeluGamma * 65536) / 65536;
  for (size_t i = 0; i < xs.size(); ++i) {
    // Exact product truncated to 30 fraction bits (the result type's AP_TRN).
    double want = std::floor(xs[i] * gamma_q * 1073741824.0) / 1073741824.0;
    EXPECT_EQ(fixed::ToDouble(r.out[i], out), want) << xs[i];
  }
  EXPECT_EQ(r.counters.table_clipped, 0);
}

// The index is the input's top bits plus a constant: what the HLS kernel computes.
TEST(LutTables, IndexIsTopBitsPlusConstant) {
  for (const char* in_text : {"fixed<16,6>", "fixed<12,2>", "ufixed<14,5>", "int<12>"}) {
    FixedType in = T(in_text);
    for (LutFunction f :
         {LutFunction::kSigmoid, LutFunction::kTanh, LutFunction::kSoftsign, LutFunction::kElu}) {
      auto lut = BuildLut(f, in, T("fixed<18,2>"), 256).value();
      if (lut.empty()) continue;
      ASSERT_EQ(lut.lo_raw % (int64_t{1} << lut.shift), 0);
      for (int64_t raw = in.min_raw(); raw <= in.max_raw(); ++raw) {
        bool c;
        int64_t i = LutIndex(lut, raw, &c);
        int64_t top =
            (std::clamp(raw, lut.lo_raw, lut.hi_raw) >> lut.shift) - (lut.lo_raw >> lut.shift);
        ASSERT_EQ(i, top) << in_text << " raw " << raw;
        ASSERT_EQ(c, raw < lut.lo_raw || raw > lut.hi_raw);
        ASSERT_LT(i, lut.size());
      }
    }
  }
}

// (b) Accuracy against the float engine over every input of fixed<16,6>, 1024 entries, default
// (18-bit) tables and auto result types.
TEST(LutElement, AccuracyAgainstFloatEngine) {
  FixedType in = T("fixed<16,6>");
  struct Bound {
    OpKind op;
    double inside;   // max error for inputs in [-8, 8)
    double overall;  // max error over the whole type [-32, 32)
  };
  // Bounds: half a bucket times the largest slope, plus the tail beyond the window.
  const std::vector<Bound> bounds = {
      {OpKind::kSigmoid, 1.0 / 512, 1.0 / 512},   // 2^-9: slope 1/4, bucket 1/64
      {OpKind::kTanh, 1.0 / 256, 1.0 / 256},      // 2^-8: slope 1, bucket 1/128
      {OpKind::kSoftsign, 1.0 / 32, 1.0 / 32},    // 2^-5: slope 1, bucket 1/16; 1/33 tail
      {OpKind::kSoftplus, 1.0 / 128, 1.0 / 128},  // 2^-7: slope 1, bucket 1/64
      {OpKind::kElu, 1.0 / 128, 1.0 / 128},       // 2^-7: slope alpha=1.5, bucket 1/128
      {OpKind::kSelu, 1.0 / 128, 1.0 / 128},      // 2^-7: slope 1.76, bucket 1/128
      {OpKind::kErf, 1.0 / 200, 1.0 / 200},       // slope 1.13, bucket 1/128
      {OpKind::kGelu, 1.0 / 100, 1.0 / 100},      // slope 1.13, bucket 1/64
  };
  std::vector<int64_t> x = AllRaws(in);
  ir::Tensor xf({static_cast<int64_t>(x.size())});
  for (size_t i = 0; i < x.size(); ++i) xf.data[i] = static_cast<float>(fixed::ToDouble(x[i], in));
  for (const Bound& b : bounds) {
    OneNode g(b.op, {static_cast<int64_t>(x.size())});
    SetParams(g.n);
    auto table = kLutTypeRules.auto_node_type(*g.n, "table", {in});
    ASSERT_TRUE(table.ok());
    g.n->types["table"] = table.value();
    auto out = kLutTypeRules.auto_result(*g.n, {in});
    ASSERT_TRUE(out.ok()) << out.error().message();
    RunResult r = RunKernel(*g.n, in, out.value()[0], x, 1, 1024);
    auto ref = ref::EvaluateNode(*g.n, {&xf});
    ASSERT_TRUE(ref.ok());
    double max_inside = 0;
    double max_all = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      double err = std::fabs(fixed::ToDouble(r.out[i], out.value()[0]) - ref.value()[0].data[i]);
      max_all = std::max(max_all, err);
      if (std::fabs(xf.data[i]) < 8) max_inside = std::max(max_inside, err);
    }
    std::cout << ir::OpName(b.op) << ": table " << table.value().ToString() << ", result "
              << out.value()[0].ToString() << ", max |error| in [-8,8) " << max_inside
              << ", over [-32,32) " << max_all << "\n";
    EXPECT_LT(max_inside, b.inside) << ir::OpName(b.op);
    EXPECT_LT(max_all, b.overall) << ir::OpName(b.op);
    EXPECT_EQ(r.counters.result_overflow, 0) << ir::OpName(b.op);
  }
}

// exp(x) grows too fast for an absolute bound: inside its window [-8, 8) the error is relative
// (half a bucket of 1/64 at 1024 entries: e^(1/128) - 1) plus half the table LSB; beyond it the
// table clamps (counted as clipped) and the result saturates at the table's last entry.
TEST(LutElement, ExpRelativeAccuracyAndClipping) {
  FixedType in = T("fixed<16,6>");
  std::vector<int64_t> x = AllRaws(in);
  OneNode g(OpKind::kExp, {static_cast<int64_t>(x.size())});
  auto table = kLutTypeRules.auto_node_type(*g.n, "table", {in});
  ASSERT_TRUE(table.ok());
  g.n->types["table"] = table.value();
  auto out = kLutTypeRules.auto_result(*g.n, {in});
  ASSERT_TRUE(out.ok()) << out.error().message();
  RunResult r = RunKernel(*g.n, in, out.value()[0], x, 1, 1024);
  int64_t outside = 0;
  double worst = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    double v = fixed::ToDouble(x[i], in);
    double got = fixed::ToDouble(r.out[i], out.value()[0]);
    if (v < -8 || v >= 8) {
      ++outside;
      continue;
    }
    double bound = std::exp(v) * std::expm1(1.0 / 128) + table.value().lsb() / 2;
    worst = std::max(worst, std::fabs(got - std::exp(v)) / bound);
  }
  std::cout << "exp: table " << table.value().ToString() << ", worst error / bound " << worst
            << "\n";
  EXPECT_LE(worst, 1.0);
  EXPECT_GT(worst, 0.1);  // the bound is not vacuous
  EXPECT_EQ(r.counters.table_clipped, outside);
  EXPECT_GT(outside, 0);
}

TEST(LutElement, DefaultTypes) {
  EXPECT_EQ(DefaultLutTableType(LutFunction::kSigmoid), T("ufixed<18,0>"));
  EXPECT_EQ(DefaultLutTableType(LutFunction::kTanh), T("fixed<18,1>"));
  EXPECT_EQ(DefaultLutTableType(LutFunction::kSoftsign), T("fixed<18,1>"));
  EXPECT_EQ(DefaultLutTableType(LutFunction::kSoftplus), T("ufixed<18,4>"));
  EXPECT_EQ(DefaultLutTableType(LutFunction::kElu), T("fixed<18,1>"));
  EXPECT_EQ(DefaultLutTableType(LutFunction::kElu, {3.0, 1.0}), T("fixed<18,3>"));
  EXPECT_EQ(DefaultLutTableType(LutFunction::kSelu, {kSeluAlpha, kSeluGamma}), T("fixed<18,2>"));
  EXPECT_EQ(DefaultLutTableType(LutFunction::kExpNeg), T("ufixed<18,1>"));
  EXPECT_EQ(DefaultLutTableType(LutFunction::kExp), T("ufixed<18,12>"));
  EXPECT_EQ(DefaultLutTableType(LutFunction::kErf), T("fixed<18,1>"));
  EXPECT_EQ(DefaultLutTableType(LutFunction::kGelu), T("fixed<18,4>"));
  EXPECT_EQ(DefaultLutTableType(LutFunction::kGelu, {1.0, 1.0, true}), T("fixed<18,4>"));
  EXPECT_EQ(DefaultReciprocalTableType(), T("ufixed<18,0>"));

  FixedType in = T("fixed<16,6>");
  OneNode sig(OpKind::kSigmoid, {4});
  sig.n->types["table"] = T("ufixed<18,0>");
  EXPECT_EQ(kLutTypeRules.auto_result(*sig.n, {in}).value()[0], T("ufixed<18,0>"));
  ASSERT_EQ(kLutTypeRules.type_keys(*sig.n).size(), 1u);
  EXPECT_EQ(kLutTypeRules.type_keys(*sig.n)[0].key, "table");
  // elu: the table's values and the identity path's [0, 32).
  OneNode elu(OpKind::kElu, {4});
  elu.n->types["table"] = T("fixed<18,1>");
  EXPECT_EQ(kLutTypeRules.auto_result(*elu.n, {in}).value()[0], T("fixed<23,6>"));
  OneNode sp(OpKind::kSoftplus, {4});
  sp.n->types["table"] = T("ufixed<18,4>");
  EXPECT_EQ(kLutTypeRules.auto_result(*sp.n, {in}).value()[0], T("ufixed<19,5>"));
  OneNode selu(OpKind::kSelu, {4});
  selu.n->types["table"] = T("fixed<18,2>");
  EXPECT_EQ(kLutTypeRules.auto_result(*selu.n, {in}).value()[0], T("fixed<23,7>"));

  OneNode sm(OpKind::kSoftmax, {3, 4});
  sm.n->attrs.Set("axis", int64_t{1});
  auto keys = kLutTypeRules.type_keys(*sm.n);
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys[0].key, "exp_table");
  EXPECT_EQ(keys[1].key, "inv_table");
  EXPECT_EQ(keys[2].key, "accum");
  sm.n->types["exp_table"] = T("ufixed<18,1>");
  // 4 entries of at most 2 - 2^-17: ufixed<20,3>.
  EXPECT_EQ(kLutTypeRules.auto_node_type(*sm.n, "accum", {in}).value(), T("ufixed<20,3>"));
  EXPECT_EQ(kLutTypeRules.auto_result(*sm.n, {in}).value()[0], T("ufixed<18,1>"));
}

// ---------------------------------------------------------------------------------------------
// Softmax.

struct SoftmaxSetup {
  OneNode g;
  FixedType in = T("fixed<16,6>");
  FixedType out = T("ufixed<18,1>");
  SoftmaxSetup(const ir::Shape& shape, int64_t axis) : g(OpKind::kSoftmax, shape) {
    g.n->attrs.Set("axis", axis);
    for (const char* key : {"exp_table", "inv_table", "accum"}) {
      g.n->types[key] = kLutTypeRules.auto_node_type(*g.n, key, {in}).value();
    }
  }
};

std::vector<int64_t> RandomRaws(const FixedType& t, int64_t n, double lo, double hi,
                                uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> dist(lo, hi);
  std::vector<int64_t> v(n);
  for (auto& r : v) r = fixed::FromDouble(dist(rng), t);
  return v;
}

// (c) Rows sum to ~1 and follow the float engine, along each axis of 2-D and 3-D inputs.
TEST(LutSoftmax, SumsToOneAndMatchesFloatEngine) {
  struct Case {
    ir::Shape shape;
    int64_t axis;
  };
  const int64_t samples = 20;
  double worst_err = 0;
  double worst_sum = 0;
  for (const Case& c : std::vector<Case>{
           {{3, 4}, 0}, {{3, 4}, 1}, {{3, 4}, -1}, {{2, 3, 5}, 1}, {{10}, 0}, {{2, 3, 5}, 0}}) {
    SoftmaxSetup s(c.shape, c.axis);
    int64_t numel = ir::NumElements(c.shape);
    std::vector<int64_t> x = RandomRaws(s.in, numel * samples, -6, 6, 7);
    RunResult r = RunKernel(*s.g.n, s.in, s.out, x, samples);
    EXPECT_EQ(r.counters.values, numel * samples);
    EXPECT_EQ(r.counters.result_overflow, 0);
    EXPECT_EQ(r.counters.accum_overflow, 0);
    int64_t a = c.axis < 0 ? c.axis + static_cast<int64_t>(c.shape.size()) : c.axis;
    int64_t inner = 1;
    for (size_t d = a + 1; d < c.shape.size(); ++d) inner *= c.shape[d];
    int64_t n = c.shape[a];
    for (int64_t smp = 0; smp < samples; ++smp) {
      ir::Tensor xf(c.shape);
      for (int64_t e = 0; e < numel; ++e) {
        xf.data[e] = static_cast<float>(fixed::ToDouble(x[smp * numel + e], s.in));
      }
      auto ref = ref::EvaluateNode(*s.g.n, {&xf});
      ASSERT_TRUE(ref.ok());
      for (int64_t e = 0; e < numel; ++e) {
        double y = fixed::ToDouble(r.out[smp * numel + e], s.out);
        worst_err = std::max(worst_err, std::fabs(y - ref.value()[0].data[e]));
      }
      // Sum over the axis for each (outer, inner) position.
      for (int64_t e = 0; e < numel; ++e) {
        if ((e / inner) % n != 0) continue;  // first element of its row
        double sum = 0;
        for (int64_t k = 0; k < n; ++k)
          sum += fixed::ToDouble(r.out[smp * numel + e + k * inner], s.out);
        worst_sum = std::max(worst_sum, std::fabs(sum - 1));
      }
    }
  }
  std::cout << "softmax: max |error| vs float " << worst_err << ", max |sum - 1| " << worst_sum
            << "\n";
  EXPECT_LT(worst_err, 1.0 / 256);
  EXPECT_LT(worst_sum, 1.0 / 128);
}

TEST(LutSoftmax, EqualInputsGiveEqualOutputs) {
  for (int64_t axis : {0, 1}) {
    SoftmaxSetup s({4, 5}, axis);
    std::vector<int64_t> x(20);
    for (int64_t i = 0; i < 20; ++i) x[i] = (i / 5) * 300 - 500;  // rows differ, columns equal
    RunResult r = RunKernel(*s.g.n, s.in, s.out, x, 1);
    int64_t k = axis == 0 ? 4 : 5;
    for (int64_t i = 0; i < 20; ++i) {
      if (axis == 1) {
        EXPECT_EQ(r.out[i], r.out[0]) << i;
        EXPECT_NEAR(fixed::ToDouble(r.out[i], s.out), 1.0 / k, 1.0 / 1024);
      } else {
        EXPECT_EQ(r.out[i], r.out[i / 5 * 5]) << i;  // every column is the same softmax
      }
    }
  }
  // One element: exactly 1 up to the reciprocal table's rounding.
  SoftmaxSetup one({3, 1}, 1);
  RunResult r = RunKernel(*one.g.n, one.in, one.out, {5, -700, 3000}, 1);
  for (int64_t v : r.out) EXPECT_NEAR(fixed::ToDouble(v, one.out), 1.0, 1.0 / 1024);
}

// Softmax entries of a narrow input are exact per difference: check one row by hand.
TEST(LutSoftmax, NarrowInputRowByHand) {
  OneNode g(OpKind::kSoftmax, {3});
  g.n->attrs.Set("axis", int64_t{0});
  FixedType in = T("fixed<6,3>");  // LSB 1/8, d in [0, 8): 64 exact entries
  g.n->types["exp_table"] = T("ufixed<18,1>");
  g.n->types["inv_table"] = T("ufixed<18,0>");
  g.n->types["accum"] = T("ufixed<20,3>");
  FixedType out = T("ufixed<18,1>");
  // x = 1, 0, -1.5: d = 0, 1, 2.5.
  RunResult r = RunKernel(*g.n, in, out, {8, 0, -12}, 1);
  FixedType e_t = T("ufixed<18,1,RND_CONV,SAT>");
  double e0 = fixed::ToDouble(fixed::FromDouble(1.0, e_t), e_t);
  double e1 = fixed::ToDouble(fixed::FromDouble(std::exp(-1.0), e_t), e_t);
  double e2 = fixed::ToDouble(fixed::FromDouble(std::exp(-2.5), e_t), e_t);
  double sum = e0 + e1 + e2;  // exact in ufixed<20,3>
  // sum in [1, 2): mantissa = sum, index = floor((sum - 1) * 1024), entry 1/(1 + (i + .5)/1024).
  double i = std::floor((sum - 1) * 1024);
  FixedType r_t = T("ufixed<18,0,RND_CONV,SAT>");
  double inv = fixed::ToDouble(fixed::FromDouble(1 / (1 + (i + 0.5) / 1024), r_t), r_t);
  const double es[] = {e0, e1, e2};
  for (int k = 0; k < 3; ++k) {
    double want = std::floor(es[k] * inv * 131072) / 131072;  // truncated into ufixed<18,1>
    EXPECT_EQ(fixed::ToDouble(r.out[k], out), want) << k;
  }
}

// Softmax rows along the last axis (the classifier output; on AVX-512 CPUs eight rows per
// register) against the computation stated step by step: exp table at max - x, entries cast to
// the accumulator and summed as ap_fixed does, reciprocal of the sum's mantissa, product cast to
// the output at the sum's exponent. Row lengths 1..64, row counts that are not multiples of 8,
// every rounding mode, wrapping and saturating outputs narrow enough to overflow, accumulators
// narrow enough to wrap (to zero, too), and clipped differences.
TEST(LutSoftmax, ShortRowsEqualTheStatedComputationForManyTypes) {
  struct Case {
    const char* in;
    const char* exp_table;
    const char* inv_table;
    const char* accum;
    const char* out;
  };
  const std::vector<Case> cases = {
      {"fixed<16,6>", "ufixed<18,1>", "ufixed<18,0>", "ufixed<20,3>", "fixed<16,6>"},
      {"fixed<16,6>", "ufixed<18,1>", "ufixed<18,0>", "ufixed<20,3>", "ufixed<18,1,RND>"},
      {"fixed<16,6>", "ufixed<18,1>", "ufixed<18,0>", "ufixed<24,7>", "fixed<8,1,RND_CONV>"},
      {"fixed<16,6>", "ufixed<18,1>", "ufixed<18,0>", "ufixed<20,3>", "fixed<6,0,RND_INF,SAT>"},
      {"fixed<16,6>", "ufixed<16,1>", "ufixed<16,0>", "fixed<22,4>", "ufixed<5,0,RND_ZERO,SAT>"},
      {"fixed<8,3>", "ufixed<12,1>", "ufixed<10,0>", "ufixed<6,2>", "fixed<8,2,RND_MIN_INF>"},
      {"fixed<8,3>", "ufixed<18,1>", "ufixed<18,0>", "ufixed<2,1>", "fixed<10,1,TRN_ZERO>"},
      {"fixed<24,10>", "ufixed<18,1>", "ufixed<18,0>", "ufixed<20,3>", "fixed<6,1,RND,SAT_SYM>"},
      {"ufixed<10,4>", "ufixed<18,1>", "ufixed<18,0>", "ufixed<20,3>", "fixed<4,1,TRN,SAT_ZERO>"},
      {"fixed<16,6>", "ufixed<18,1>", "ufixed<14,0>", "ufixed<30,8>", "fixed<16,6,RND_CONV,SAT>"},
      {"fixed<16,6>", "ufixed<18,1>", "ufixed<18,0>", "ufixed<20,3>", "fixed<40,2>"},
      // Short products: casts that drop one or two bits, so exact ties are common.
      {"fixed<8,3>", "ufixed<6,1>", "ufixed<6,0>", "ufixed<8,3>", "fixed<12,4,RND_CONV>"},
      {"fixed<8,3>", "ufixed<6,1>", "ufixed<6,0>", "ufixed<8,3>", "fixed<12,4,RND_MIN_INF>"},
      // An accumulator LSB of 2: every entry casts to 0, every sum is 0, every output 0.
      {"fixed<16,6>", "ufixed<18,1>", "ufixed<18,0>", "ufixed<3,4>", "fixed<16,6>"},
  };
  std::mt19937 rng(99);
  int64_t compared = 0;
  int64_t overflowed_rows = 0;
  int64_t saturated = 0;
  for (const Case& tc : cases) {
    for (int64_t n : {1, 2, 3, 5, 8, 13, 64}) {
      const FixedType in = T(tc.in);
      const FixedType out = T(tc.out);
      OneNode g(OpKind::kSoftmax, {n});
      g.n->attrs.Set("axis", int64_t{0});
      g.n->types["exp_table"] = T(tc.exp_table);
      g.n->types["inv_table"] = T(tc.inv_table);
      g.n->types["accum"] = T(tc.accum);
      const int64_t rows = 37;
      std::vector<int64_t> x(static_cast<size_t>(rows * n));
      std::uniform_int_distribution<int64_t> any(in.min_raw(), in.max_raw());
      std::uniform_int_distribution<int64_t> small(-64, 64);
      for (int64_t r = 0; r < rows; ++r) {
        const int64_t base = any(rng);
        for (int64_t k = 0; k < n; ++k) {
          int64_t v = r % 3 == 0 ? any(rng) : base + small(rng);  // far apart, or close
          if (r % 7 == 1) v = base;                               // all equal
          x[r * n + k] = std::clamp(v, in.min_raw(), in.max_raw());
        }
      }
      const RunResult got = RunKernel(*g.n, in, out, x, rows);

      auto plan = SoftmaxPlanOf(*g.n, in, 1024);
      ASSERT_TRUE(plan.ok()) << plan.error().message();
      const SoftmaxPlan& sp = plan.value();
      const fixed::WideType product =
          fixed::ProductType(fixed::WideType::Of(sp.exp.table), fixed::WideType::Of(sp.inv.table));
      Counters want;
      std::vector<int64_t> want_out(x.size());
      for (int64_t r = 0; r < rows; ++r) {
        const int64_t* xr = x.data() + r * n;
        const int64_t max = *std::max_element(xr, xr + n);
        std::vector<int64_t> e(n);
        std::vector<int64_t> acc_values(n);
        bool acc_overflow = false;
        __int128 exact = 0;
        for (int64_t k = 0; k < n; ++k) {
          const uint64_t d = static_cast<uint64_t>(max - xr[k]);
          const bool clip = d > static_cast<uint64_t>(sp.exp.hi_raw);
          const int64_t idx = clip ? sp.exp.size() - 1 : static_cast<int64_t>(d >> sp.exp.shift);
          want.table_clipped += clip;
          e[k] = sp.exp.entries[idx];
          fixed::CastFlags f;
          acc_values[k] = fixed::Cast(e[k], sp.exp.table, sp.accum, &f);
          acc_overflow |= f.overflow || f.underflow;
          exact += acc_values[k];
        }
        acc_overflow |= exact > sp.accum.max_raw();
        want.accum_overflow += acc_overflow;
        const int64_t sum = fixed::Accumulate(acc_values.data(), n, sp.accum);
        for (int64_t k = 0; k < n; ++k) {
          int64_t& y = want_out[r * n + k];
          if (sum <= 0) {
            y = 0;
            continue;
          }
          const ReciprocalIndex ri = ReciprocalLutIndex(sp.inv, static_cast<uint64_t>(sum));
          fixed::WideType scaled = product;
          scaled.int_bits += sp.accum.frac_bits() - ri.exponent;
          fixed::CastFlags f;
          y = fixed::Cast(fixed::Mul(e[k], sp.exp.table, sp.inv.entries[ri.index], sp.inv.table),
                          scaled, out, &f);
          want.result_overflow += f.overflow || f.underflow;
          saturated += (f.overflow || f.underflow) && out.overflow != fixed::OverflowMode::kWrap;
        }
      }
      const std::string where =
          std::string(tc.in) + " " + tc.accum + " -> " + tc.out + ", n = " + std::to_string(n);
      ASSERT_EQ(got.out, want_out) << where;
      EXPECT_EQ(got.counters.values, rows * n) << where;
      EXPECT_EQ(got.counters.table_clipped, want.table_clipped) << where;
      EXPECT_EQ(got.counters.accum_overflow, want.accum_overflow) << where;
      EXPECT_EQ(got.counters.result_overflow, want.result_overflow) << where;
      compared += rows * n;
      overflowed_rows += want.accum_overflow;
    }
  }
  // The cases reach what they are there for.
  EXPECT_GT(overflowed_rows, 0);
  EXPECT_GT(saturated, 0);
  std::cout << "softmax rows: " << compared << " values compared, " << overflowed_rows
            << " rows with accumulator overflow, " << saturated << " saturated results\n";
}

// ---------------------------------------------------------------------------------------------
// (d) Counters.

TEST(LutCounters, ClippedAndOverflowCounts) {
  FixedType in = T("fixed<16,6>");
  std::vector<int64_t> x = AllRaws(in);
  int64_t n = static_cast<int64_t>(x.size());
  {
    OneNode g(OpKind::kSigmoid, {n});
    g.n->types["table"] = T("ufixed<18,0>");
    RunResult r = RunKernel(*g.n, in, T("ufixed<18,0>"), x, 1);
    EXPECT_EQ(r.counters.table_clipped, n - 16 * 1024);  // outside [-8, 8)
    EXPECT_EQ(r.counters.values, n);
  }
  {
    // elu: only inputs below -8 are clipped; x >= 4 overflows a fixed<8,3> result.
    OneNode g(OpKind::kElu, {n});
    g.n->types["table"] = T("fixed<18,1>");
    FixedType out = T("fixed<8,3,TRN,SAT>");
    RunResult r = RunKernel(*g.n, in, out, x, 1);
    EXPECT_EQ(r.counters.table_clipped, 24 * 1024);    // [-32, -8)
    EXPECT_EQ(r.counters.result_overflow, 28 * 1024);  // [4, 32)
    EXPECT_EQ(r.out.back(), out.max_raw());            // saturated
  }
  {
    // Two samples of a batch are counted together.
    OneNode g(OpKind::kTanh, {2});
    g.n->types["table"] = T("fixed<18,1>");
    RunResult r = RunKernel(*g.n, in, T("fixed<18,1>"), {0, 5 * 1024, -4 * 1024, -4 * 1024 - 1}, 2);
    EXPECT_EQ(r.counters.table_clipped, 2);  // 5 and -4 - 2^-10
    EXPECT_EQ(r.counters.values, 4);
    // Raw 0 is in bucket [0, 7] (shift 3): tanh at its centre 3.5 * 2^-10.
    EXPECT_EQ(r.out[0], std::llround(std::tanh(3.5 / 1024) * 131072));
  }
  {
    // softmax: differences of 8 or more are clipped.
    SoftmaxSetup s({4}, 0);
    RunResult r = RunKernel(*s.g.n, s.in, s.out, {0, -8 * 1024, -8 * 1024 + 1, -20 * 1024}, 1);
    EXPECT_EQ(r.counters.table_clipped, 2);
  }
  {
    // A too-narrow accumulator: 8 entries of ~1 in ufixed<18,1> overflow.
    SoftmaxSetup s({8}, 0);
    s.g.n->types["accum"] = T("ufixed<18,1>");
    RunResult r = RunKernel(*s.g.n, s.in, s.out, std::vector<int64_t>(8, 0), 1);
    EXPECT_EQ(r.counters.accum_overflow, 1);
  }
}

// ---------------------------------------------------------------------------------------------
// (e) Errors, by message.

TEST(LutErrors, Messages) {
  FixedType in = T("fixed<16,6>");
  OneNode g(OpKind::kSigmoid, {4});
  g.n->types["table"] = T("ufixed<18,0>");
  EXPECT_EQ(MakeError(*g.n, in, in, 1000),
            "node 'node' (sigmoid): error: table_size 1000 is not a power of two between 1 and "
            "16777216; use a power of two such as 1024");
  EXPECT_NE(MakeError(*g.n, in, in, 0).find("table_size 0 is not a power of two"),
            std::string::npos);
  EXPECT_EQ(MakeError(*g.n, T("ufixed<64,10>"), in),
            "node 'node' (sigmoid): error: the input type ufixed<64,10> is a 64-bit unsigned "
            "type, which table lookups do not support; use at most 63 bits");
  EXPECT_EQ(MakeError(*g.n, T("fixed<64,10>"), in), "(no error)");

  OneNode no_table(OpKind::kTanh, {4});
  EXPECT_EQ(MakeError(*no_table.n, in, in),
            "node 'node' (tanh): error: the 'table' type is not set; give it in the "
            "configuration's precision for this layer or leave it 'auto'");

  OneNode elu(OpKind::kElu, {4});
  elu.n->types["table"] = T("fixed<18,1>");
  elu.n->attrs.Set("alpha", std::numeric_limits<double>::infinity());
  EXPECT_NE(MakeError(*elu.n, in, in).find("alpha and gamma must be finite"), std::string::npos);

  auto bad_key = kLutTypeRules.auto_node_type(*g.n, "weight", {in});
  ASSERT_FALSE(bad_key.ok());
  EXPECT_EQ(bad_key.error().message(),
            "node 'node' (sigmoid): error: the LUT family has no type 'weight' for this op");

  SoftmaxSetup s({3, 4}, 1);
  s.g.n->attrs.Set("axis", int64_t{2});
  EXPECT_EQ(MakeError(*s.g.n, in, in),
            "node 'node' (softmax): error: softmax axis 2 is out of range for an input of shape "
            "[3,4]");
  s.g.n->attrs.Set("axis", int64_t{1});
  EXPECT_EQ(MakeError(*s.g.n, T("fixed<64,10>"), in),
            "node 'node' (softmax): error: softmax input type fixed<64,10> is 64 bits wide; "
            "softmax supports inputs of at most 63 bits");
  EXPECT_NE(MakeError(*s.g.n, in, in, 3).find("table_size 3 is not a power of two"),
            std::string::npos);
  s.g.n->types.erase("inv_table");
  EXPECT_NE(MakeError(*s.g.n, in, in).find("the 'inv_table' type is not set"), std::string::npos);

  OneNode scalar(OpKind::kSoftmax, {});
  EXPECT_EQ(MakeError(*scalar.n, in, in),
            "node 'node' (softmax): error: softmax needs an input of rank 1 or more");
}

// Log-domain tables (log, sqrt, pow): every raw of several input types against the design stated
// here, indexed independently (leading one found by a loop, bucket bounds by masking): entry 0 for
// x = 0, entry 1 for x < 0, else the function at the centre of the raws that share the leading one
// and the k bits after it, k the most that fit table_size. Counts: x < 0 always clipped, x = 0
// when the function is infinite there.
TEST(LutLogDomain, EveryInputMatchesIndependentComputation) {
  const FixedType out = T("fixed<48,20>");
  int64_t cases = 0;
  struct Fn {
    OpKind op;
    double exponent;
  };
  for (const Fn& fn :
       {Fn{OpKind::kLog, 0}, Fn{OpKind::kSqrt, 0}, Fn{OpKind::kPow, 1.5}, Fn{OpKind::kPow, -0.5}}) {
    auto f = [&](double x) {
      return fn.op == OpKind::kLog    ? std::log(x)
             : fn.op == OpKind::kSqrt ? std::sqrt(x)
                                      : std::pow(x, fn.exponent);
    };
    for (const char* in_text : {"fixed<10,4>", "ufixed<8,3>", "fixed<14,2>", "int<6>"}) {
      FixedType in = T(in_text);
      for (int64_t table_size : {int64_t{1024}, int64_t{32}}) {
        std::vector<int64_t> x = AllRaws(in);
        OneNode g(fn.op, {static_cast<int64_t>(x.size())});
        if (fn.op == OpKind::kPow) g.n->attrs.Set("exponent", fn.exponent);
        FixedType table = T("fixed<24,8>");
        g.n->types["table"] = table;
        RunResult r = RunKernel(*g.n, in, out, x, 1, table_size);
        ASSERT_EQ(r.out.size(), x.size());
        const int64_t positions = in.width - (in.is_signed ? 1 : 0);
        int64_t k = 0;
        while (k + 1 < positions && 2 + positions * (int64_t{1} << (k + 1)) <= table_size) ++k;
        FixedType entry = table;
        entry.quant = fixed::QuantMode::kRndConv;
        entry.overflow = fixed::OverflowMode::kSat;
        const bool zero_clips = fn.op == OpKind::kLog || fn.exponent < 0;
        int64_t clipped = 0;
        for (size_t i = 0; i < x.size(); ++i) {
          int64_t raw = x[i];
          int64_t want_raw;
          if (raw < 0) {
            want_raw = fn.op == OpKind::kLog ? table.min_raw() : 0;
            ++clipped;
          } else if (raw == 0) {
            want_raw = fn.op == OpKind::kLog ? table.min_raw()
                       : fn.exponent < 0     ? table.max_raw()
                                             : 0;
            clipped += zero_clips;
          } else {
            int64_t p = 0;
            while ((raw >> (p + 1)) != 0) ++p;
            int64_t first = raw;
            int64_t last = raw;
            if (p > k) {
              first = (raw >> (p - k)) << (p - k);
              last = first + (int64_t{1} << (p - k)) - 1;
            }
            double centre = (static_cast<double>(first) + static_cast<double>(last)) / 2 * in.lsb();
            want_raw = fixed::FromDouble(f(centre), entry);
          }
          ASSERT_EQ(r.out[i], want_raw * (int64_t{1} << (out.frac_bits() - table.frac_bits())))
              << ir::OpName(fn.op) << " " << fn.exponent << " " << in_text << " N=" << table_size
              << " raw=" << raw;
          ++cases;
        }
        EXPECT_EQ(r.counters.table_clipped, clipped) << ir::OpName(fn.op) << " " << in_text;
      }
    }
  }
  EXPECT_GT(cases, 10000);
}

// The default table type holds the function over the input's positive values; sqrt's relative
// error over fixed<16,6> is within the bucket's half-width (2^-(k+1), k = 6 at 1024 entries) plus
// half a table LSB.
TEST(LutLogDomain, DefaultTypesAndSqrtAccuracy) {
  FixedType in = T("fixed<16,6>");
  OneNode lg(OpKind::kLog, {1});
  EXPECT_EQ(kLutTypeRules.auto_node_type(*lg.n, "table", {in}).value(), T("fixed<18,4>"));
  std::vector<int64_t> x = AllRaws(in);
  OneNode g(OpKind::kSqrt, {static_cast<int64_t>(x.size())});
  FixedType table = kLutTypeRules.auto_node_type(*g.n, "table", {in}).value();
  EXPECT_EQ(table, T("ufixed<18,3>"));
  g.n->types["table"] = table;
  FixedType out = kLutTypeRules.auto_result(*g.n, {in}).value()[0];
  EXPECT_EQ(out, table);
  RunResult r = RunKernel(*g.n, in, out, x, 1, 1024);
  double worst = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    if (x[i] <= 0) continue;
    double v = fixed::ToDouble(x[i], in);
    double bound = std::sqrt(v) * (std::sqrt(1 + 1.0 / 64) - 1) + table.lsb() / 2;
    worst = std::max(worst, std::fabs(fixed::ToDouble(r.out[i], out) - std::sqrt(v)) / bound);
  }
  EXPECT_LE(worst, 1.0);
  EXPECT_GT(worst, 0.1);
}

}  // namespace
}  // namespace loom::sim
