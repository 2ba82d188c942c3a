// The elementwise emulator kernels against scalar references built from loom::fixed's exact
// operations, against the float engine, and their type rules and errors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "loom/fixed/fixed_value.h"
#include "loom/precision/precision.h"
#include "loom/ref/float_engine.h"
#include "sim/kernel.h"

namespace loom::sim {
namespace {

using fixed::CastFlags;
using fixed::WideType;
using ir::OpKind;
using ir::Shape;

FixedType T(const std::string& s) { return fixed::ParseFixedType(s).value(); }

// Random raw values of `t`, with its extremes, zero and +-1 LSB mixed in.
std::vector<int64_t> RandomRaw(const FixedType& t, int64_t n, std::mt19937_64& rng) {
  std::vector<int64_t> v(n);
  std::uniform_int_distribution<int64_t> any(t.min_raw(), t.max_raw());
  std::uniform_int_distribution<int> pick(0, 9);
  for (int64_t i = 0; i < n; ++i) {
    switch (pick(rng)) {
      case 0:
        v[i] = t.min_raw();
        break;
      case 1:
        v[i] = t.max_raw();
        break;
      case 2:
        v[i] = 0;
        break;
      case 3:
        v[i] = t.is_signed ? -1 : 1;
        break;
      default:
        v[i] = any(rng);
    }
  }
  return v;
}

struct RunOut {
  std::vector<int64_t> y;
  Counters counters;
};

// Builds the kernel for `node` and runs it on `n` samples.
RunOut RunNode(const ir::Node& node, const std::vector<FixedType>& in_types,
               const FixedType& out_type, const std::vector<std::vector<int64_t>>& inputs,
               int64_t n) {
  KernelContext ctx{node, in_types, {out_type}, 1024};
  auto k = kElementwiseFamily.make(ctx);
  EXPECT_TRUE(k.ok()) << (k.ok() ? "" : k.error().message());
  RunOut r;
  r.y.assign(n * ir::NumElements(node.outputs[0]->shape), 12345);
  if (!k.ok()) return r;
  std::vector<const int64_t*> ins;
  for (const auto& v : inputs) ins.push_back(v.data());
  int64_t* outs[1] = {r.y.data()};
  k.value()->Run(ins.data(), outs, n, r.counters);
  return r;
}

std::string MakeError(const ir::Node& node, const std::vector<FixedType>& in_types,
                      const FixedType& out_type) {
  KernelContext ctx{node, in_types, {out_type}, 1024};
  auto k = kElementwiseFamily.make(ctx);
  return k.ok() ? "no error" : k.error().message();
}

// Offset into `in` of output element `e` under numpy broadcasting (independent of the kernel's
// map: multi-index arithmetic per element).
int64_t BroadcastIndex(const Shape& in, const Shape& out, int64_t e) {
  std::vector<int64_t> idx(out.size());
  for (size_t d = out.size(); d-- > 0;) {
    idx[d] = e % out[d];
    e /= out[d];
  }
  int64_t off = 0;
  size_t shift = out.size() - in.size();
  for (size_t d = 0; d < in.size(); ++d) off = off * in[d] + (in[d] == 1 ? 0 : idx[shift + d]);
  return off;
}

// Reference cast with its overflow flag counted.
int64_t RefCast(const fixed::Wide& v, const WideType& t, const FixedType& to, int64_t& over) {
  CastFlags f;
  int64_t r = fixed::Cast(v, t, to, &f);
  over += (f.overflow || f.underflow) ? 1 : 0;
  return r;
}
int64_t RefCast(int64_t raw, const FixedType& t, const FixedType& to, int64_t& over) {
  return RefCast(fixed::Widen(raw, t), WideType::Of(t), to, over);
}

// ---------------------------------------------------------------------------------------------
// (a) Bit-exact against scalar references.

struct BinaryCase {
  std::string a, b, res;
};

const std::vector<BinaryCase> kBinaryCases = {
    {"fixed<8,3>", "fixed<6,2>", "fixed<6,2>"},                      // wrap
    {"fixed<8,3>", "ufixed<7,1>", "fixed<5,2,RND,SAT>"},             // saturate + round
    {"ufixed<6,6>", "fixed<10,-1>", "fixed<8,4,RND_CONV,SAT_SYM>"},  // integers with fractions
    {"fixed<16,6>", "fixed<16,6>", "fixed<18,8>"},
    {"fixed<4,2,TRN,WRAP,1>", "ufixed<3,0>", "fixed<4,1,TRN_ZERO,WRAP,1>"},
    {"fixed<64,20>", "fixed<40,30>", "fixed<64,30,RND,SAT>"},  // wide: 128-bit intermediates
};

void CheckBinary(OpKind op) {
  std::mt19937_64 rng(static_cast<uint64_t>(op) * 7919 + 1);
  const Shape sa{2, 3, 4};
  const Shape sb{3, 1};
  const Shape so{2, 3, 4};
  const int64_t n = 7;
  for (const BinaryCase& c : kBinaryCases) {
    SCOPED_TRACE(c.a + " " + c.b + " -> " + c.res);
    FixedType ta = T(c.a), tb = T(c.b), tr = T(c.res);
    ir::Graph g;
    ir::Value* a = g.AddInput("a", sa);
    ir::Value* b = g.AddInput("b", sb);
    ir::Node* node = g.AddNode(op, "node", {a, b});
    node->outputs[0]->shape = so;
    auto xa = RandomRaw(ta, n * 24, rng);
    auto xb = RandomRaw(tb, n * 3, rng);
    RunOut r = RunNode(*node, {ta, tb}, tr, {xa, xb}, n);
    int64_t over = 0;
    int64_t mismatches = 0;
    for (int64_t s = 0; s < n; ++s) {
      for (int64_t e = 0; e < 24; ++e) {
        int64_t va = xa[s * 24 + BroadcastIndex(sa, so, e)];
        int64_t vb = xb[s * 3 + BroadcastIndex(sb, so, e)];
        WideType wa = WideType::Of(ta), wb = WideType::Of(tb);
        int64_t want = 0;
        if (op == OpKind::kMul) {
          want = RefCast(fixed::Mul(va, ta, vb, tb), fixed::ProductType(wa, wb), tr, over);
        } else if (op == OpKind::kAdd) {
          want = RefCast(fixed::Add(fixed::Widen(va, ta), wa, fixed::Widen(vb, tb), wb),
                         fixed::SumType(wa, wb).value(), tr, over);
        } else {
          want = RefCast(fixed::Sub(fixed::Widen(va, ta), wa, fixed::Widen(vb, tb), wb),
                         fixed::DifferenceType(wa, wb).value(), tr, over);
        }
        mismatches += r.y[s * 24 + e] != want ? 1 : 0;
      }
    }
    EXPECT_EQ(mismatches, 0);
    EXPECT_EQ(r.counters.values, n * 24);
    EXPECT_EQ(r.counters.result_overflow, over);
  }
}

TEST(SimElementwiseTest, AddBitExact) { CheckBinary(OpKind::kAdd); }
TEST(SimElementwiseTest, SubBitExact) { CheckBinary(OpKind::kSub); }
TEST(SimElementwiseTest, MulBitExact) { CheckBinary(OpKind::kMul); }

TEST(SimElementwiseTest, NarrowCasesOverflow) {
  // The narrow cases above must actually overflow, or they test nothing about the counters.
  ir::Graph g;
  ir::Value* a = g.AddInput("a", {4});
  ir::Value* b = g.AddInput("b", {4});
  ir::Node* node = g.AddNode(OpKind::kAdd, "add", {a, b});
  node->outputs[0]->shape = {4};
  FixedType t = T("fixed<4,2>");
  // 1.75 + 1.75 = 3.5 wraps in fixed<4,2> to -0.5; saturates to 1.75.
  RunOut wrap = RunNode(*node, {t, t}, t, {{7, 7, 1, -8}, {7, 0, 1, -8}}, 1);
  EXPECT_EQ(wrap.y, (std::vector<int64_t>{-2, 7, 2, 0}));
  EXPECT_EQ(wrap.counters.result_overflow, 2);
  RunOut sat = RunNode(*node, {t, t}, T("fixed<4,2,TRN,SAT>"), {{7, 7, 1, -8}, {7, 0, 1, -8}}, 1);
  EXPECT_EQ(sat.y, (std::vector<int64_t>{7, 7, 2, -8}));
  EXPECT_EQ(sat.counters.result_overflow, 2);
}

void CheckVariadic(OpKind op) {
  std::mt19937_64 rng(static_cast<uint64_t>(op) * 31 + 5);
  const std::vector<Shape> shapes = {{2, 3}, {3}, {2, 1}};
  const Shape so{2, 3};
  const std::vector<std::vector<std::string>> type_sets = {
      {"fixed<8,3>", "ufixed<5,2>", "fixed<6,-1>", "fixed<6,3>"},
      {"fixed<8,3>", "fixed<8,3>", "fixed<8,3>", "fixed<5,3,RND,SAT>"},
      {"ufixed<8,4>", "ufixed<4,4>", "ufixed<6,1>", "ufixed<5,3,RND_INF,SAT_ZERO>"},
      {"fixed<60,10>", "fixed<64,40>", "ufixed<63,12>", "fixed<64,30,RND,SAT>"},
  };
  const int64_t n = 9;
  for (const auto& ts : type_sets) {
    SCOPED_TRACE(ts[0] + " " + ts[1] + " " + ts[2] + " -> " + ts[3]);
    std::vector<FixedType> types{T(ts[0]), T(ts[1]), T(ts[2])};
    FixedType tr = T(ts[3]);
    ir::Graph g;
    std::vector<ir::Value*> ins;
    std::vector<std::vector<int64_t>> data;
    for (int i = 0; i < 3; ++i) {
      ins.push_back(g.AddInput("x" + std::to_string(i), shapes[i]));
      data.push_back(RandomRaw(types[i], n * ir::NumElements(shapes[i]), rng));
    }
    ir::Node* node = g.AddNode(op, "node", ins);
    node->outputs[0]->shape = so;
    RunOut r = RunNode(*node, types, tr, data, n);
    int64_t over = 0;
    int64_t mismatches = 0;
    for (int64_t s = 0; s < n; ++s) {
      for (int64_t e = 0; e < 6; ++e) {
        std::vector<int64_t> v;
        for (int i = 0; i < 3; ++i) {
          int64_t numel = ir::NumElements(shapes[i]);
          v.push_back(data[i][s * numel + BroadcastIndex(shapes[i], so, e)]);
        }
        int64_t want = 0;
        if (op == OpKind::kSum) {
          // Left fold of exact sums: a different (wider) intermediate than the kernel's.
          fixed::Wide acc = fixed::Widen(v[0], types[0]);
          WideType wt = WideType::Of(types[0]);
          for (int i = 1; i < 3; ++i) {
            WideType wi = WideType::Of(types[i]);
            WideType next = fixed::SumType(wt, wi).value();
            acc = fixed::Add(acc, wt, fixed::Widen(v[i], types[i]), wi);
            wt = next;
          }
          want = RefCast(acc, wt, tr, over);
        } else {
          int best = 0;
          for (int i = 1; i < 3; ++i) {
            int c = fixed::Compare(v[i], types[i], v[best], types[best]);
            if (op == OpKind::kMax ? c > 0 : c < 0) best = i;
          }
          want = RefCast(v[best], types[best], tr, over);
        }
        mismatches += r.y[s * 6 + e] != want ? 1 : 0;
      }
    }
    EXPECT_EQ(mismatches, 0);
    EXPECT_EQ(r.counters.values, n * 6);
    EXPECT_EQ(r.counters.result_overflow, over);
  }
}

TEST(SimElementwiseTest, SumBitExact) { CheckVariadic(OpKind::kSum); }
TEST(SimElementwiseTest, MaxBitExact) { CheckVariadic(OpKind::kMax); }
TEST(SimElementwiseTest, MinBitExact) { CheckVariadic(OpKind::kMin); }

// compare: each relation between operands of different types (signed/unsigned, different grids,
// 64-bit), with broadcasting; the truth value 1/0 cast to the result type, including result types
// that cannot hold 1 (overflow counted for each 1).
TEST(SimElementwiseTest, CompareBitExact) {
  const Shape sa{2, 3};
  const Shape sb{3};
  const std::vector<std::vector<std::string>> type_sets = {
      {"fixed<8,3>", "ufixed<5,2>", "ufixed<1,1>"},
      {"fixed<6,-1>", "fixed<8,3>", "fixed<8,3>"},
      {"ufixed<4,4>", "ufixed<6,1>", "fixed<4,0,TRN,SAT>"},
      {"fixed<4,1>", "fixed<4,1>", "fixed<3,0>"},
      {"fixed<64,40>", "ufixed<63,12>", "ufixed<2,1>"},
  };
  const char* const kinds[] = {"greater", "greater_or_equal", "less", "less_or_equal", "equal"};
  std::mt19937_64 rng(11);
  const int64_t n = 40;
  for (const char* kind : kinds) {
    for (const auto& ts : type_sets) {
      SCOPED_TRACE(std::string(kind) + " " + ts[0] + " " + ts[1] + " -> " + ts[2]);
      std::vector<FixedType> types{T(ts[0]), T(ts[1])};
      FixedType tr = T(ts[2]);
      ir::Graph g;
      ir::Node* node =
          g.AddNode(OpKind::kCompare, "cmp", {g.AddInput("a", sa), g.AddInput("b", sb)});
      node->attrs.Set("kind", std::string(kind));
      node->outputs[0]->shape = sa;
      std::vector<std::vector<int64_t>> data = {RandomRaw(types[0], n * 6, rng),
                                                RandomRaw(types[1], n * 3, rng)};
      // Equal values on both sides often enough to test the ties: b's element copies a's when
      // a's value is on b's grid and in its range.
      for (int64_t s = 0; s < n; s += 2) {
        double v = fixed::ToDouble(data[0][s * 6], types[0]);
        CastFlags f;
        int64_t raw = fixed::FromDouble(v, types[1], &f);
        if (!f.overflow && fixed::ToDouble(raw, types[1]) == v) data[1][s * 3] = raw;
      }
      RunOut r = RunNode(*node, types, tr, data, n);
      int64_t over = 0;
      int64_t mismatches = 0;
      int64_t ties = 0;
      for (int64_t s = 0; s < n; ++s) {
        for (int64_t e = 0; e < 6; ++e) {
          int c = fixed::Compare(data[0][s * 6 + e], types[0], data[1][s * 3 + e % 3], types[1]);
          ties += c == 0 ? 1 : 0;
          std::string k = kind;
          bool truth = k == "greater"            ? c > 0
                       : k == "greater_or_equal" ? c >= 0
                       : k == "less"             ? c < 0
                       : k == "less_or_equal"    ? c <= 0
                                                 : c == 0;
          int64_t want = RefCast(truth ? 1 : 0, FixedType::Unsigned(1, 1), tr, over);
          mismatches += r.y[s * 6 + e] != want ? 1 : 0;
        }
      }
      EXPECT_GT(ties, 0);
      EXPECT_EQ(mismatches, 0);
      EXPECT_EQ(r.counters.result_overflow, over);
    }
  }
  // The exact (auto) result is ufixed<1,1>.
  ir::Graph g;
  ir::Node* node = g.AddNode(OpKind::kCompare, "cmp", {g.AddInput("a", sa), g.AddInput("b", sb)});
  node->outputs[0]->shape = sa;
  auto r = kElementwiseTypeRules.auto_result(*node, {T("fixed<8,3>"), T("fixed<3,3>")});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value()[0], T("ufixed<1,1>"));
}

// A div node whose divisor is a constant node with `values`.
ir::Node* DivByConstant(ir::Graph& g, const Shape& xs, const Shape& ds,
                        const std::vector<float>& values) {
  ir::Value* x = g.AddInput("x", xs);
  ir::Node* c = g.AddNode(OpKind::kConstant, "divisor", {});
  c->params["value"] = ir::Tensor(ds, values);
  c->outputs[0]->shape = ds;
  ir::Node* node = g.AddNode(OpKind::kDiv, "div", {x, c->outputs[0]});
  node->outputs[0]->shape = xs;
  return node;
}

TEST(SimElementwiseTest, DivByPowerOfTwoConstantBitExact) {
  std::mt19937_64 rng(77);
  ir::Graph g;
  const std::vector<float> divisors{4.0f, -0.5f, 1.0f};
  ir::Node* node = DivByConstant(g, {2, 3}, {3}, divisors);
  FixedType tx = T("fixed<10,4>");
  FixedType td = T("fixed<8,4>");
  for (const char* res : {"fixed<16,8>", "fixed<6,2,RND,SAT>", "fixed<5,1>"}) {
    SCOPED_TRACE(res);
    FixedType tr = T(res);
    auto x = RandomRaw(tx, 6 * 5, rng);
    RunOut r = RunNode(*node, {tx, td}, tr, {x, {}}, 5);
    int64_t over = 0;
    int64_t mismatches = 0;
    for (int64_t i = 0; i < 30; ++i) {
      // x / d is exact in double for these widths; FromDouble quantizes like a cast.
      double q = fixed::ToDouble(x[i], tx) / divisors[i % 3];
      CastFlags f;
      int64_t want = fixed::FromDouble(q, tr, &f);
      over += (f.overflow || f.underflow) ? 1 : 0;
      mismatches += r.y[i] != want ? 1 : 0;
    }
    EXPECT_EQ(mismatches, 0);
    EXPECT_EQ(r.counters.result_overflow, over);
  }
  // The exact result type: x * (1/d) with 1/d in {1/4, -2, 1}, held by fixed<4,2>.
  auto auto_res = kElementwiseTypeRules.auto_result(*node, {tx, td});
  ASSERT_TRUE(auto_res.ok()) << auto_res.error().message();
  EXPECT_EQ(auto_res.value()[0], T("fixed<14,6>"));
}

// A div node of two graph inputs.
ir::Node* DivNode(ir::Graph& g, const Shape& sa, const Shape& sb, const Shape& so) {
  ir::Node* node = g.AddNode(OpKind::kDiv, "div", {g.AddInput("a", sa), g.AddInput("b", sb)});
  node->outputs[0]->shape = so;
  return node;
}

// General division, against raws computed by hand from the definition (docs/numerics.md,
// "Division"): num_t has Fn = max(Fa, Fr + 1) fraction bits, q = trunc((num << max(Fb, 0)) / b)
// with Fn + max(Fb, 0) - Fb fraction bits, then q is cast to the result type.
struct DivCase {
  std::string a, b, res;
  std::vector<int64_t> xa, xb, want;
  int64_t overflows;
};

TEST(SimElementwiseTest, DivGeneralHandComputed) {
  const std::vector<DivCase> cases = {
      // Fn = 5, q = trunc(a * 16 / b) at 5 fraction bits, then floor to 4: 1.5 / 0.5 = 3;
      // 1 / 0.375 = 85/32 -> 42/16; -1 / 0.375 = -85/32 (toward zero) -> floor -43/16;
      // 7.9375 / 0.125 = 63.5 wraps to -0.5; -3 / -0.5 = 6.
      {"fixed<8,4>",
       "fixed<6,3>",
       "fixed<8,4>",
       {24, 16, -16, 127, -48},
       {4, 3, 3, 1, -4},
       {48, 42, -43, -8, 96},
       1},
      // The same quotients rounded (AP_RND: half up): 85/32 -> 43/16, -85/32 -> -42/16.
      {"fixed<8,4>",
       "fixed<6,3>",
       "fixed<8,4,RND>",
       {24, 16, -16, 127, -48},
       {4, 3, 3, 1, -4},
       {48, 43, -42, -8, 96},
       1},
      {"fixed<8,4>",
       "fixed<6,3>",
       "fixed<8,4,RND,SAT>",
       {24, 16, -16, 127, -48},
       {4, 3, 3, 1, -4},
       {48, 43, -42, 127, 96},
       1},
      // Unsigned dividend, signed divisor: Fn = 4, q = trunc(a * 8 / b) at 4 fraction bits.
      // 7.875 / -1 = -126/16 -> -63/8 wraps to 1/8; 2.5 / 1.5 = 26/16 -> 13/8;
      // 2.5 / -0.75 = -53/16 (toward zero) -> floor -27/8.
      {"ufixed<6,3>", "fixed<4,2>", "fixed<6,3>", {63, 20, 20}, {-4, 6, -3}, {1, 13, -27}, 1},
      // Signed dividend, unsigned integer divisor (Fb = 0), unsigned rounding saturating result:
      // Fn = 5, q = trunc(a * 2 / b). 5 / 3 = 53/32 -> 27/16; -2 / 3 = -21/32 -> -10/16 -> 0
      // (underflow); 7.9375 saturates to 3.9375; 1 / 0 and 0 / 0 give the maximum and 0.
      {"fixed<8,4>",
       "ufixed<4,4>",
       "ufixed<6,2,RND,SAT>",
       {80, -32, 127, 16, 0},
       {3, 3, 1, 0, 0},
       {27, 0, 63, 63, 0},
       4},
      // Divisor with negative fraction bits (Fb = -2, raw * 4): Fn = 9, no shift, q at 11
      // fraction bits = trunc(a * 32 / b), then floor to 8. 1 / 12 = 170/2048 -> 21/256;
      // -7.5 / -4 = 1.875; 7.5 / 4 = 1.875; 1 / -20 = -102/2048 -> floor -13/256.
      {"fixed<8,4>",
       "fixed<4,6>",
       "fixed<10,2>",
       {16, -120, 120, 16},
       {3, -1, 1, -5},
       {21, 480, 480, -13},
       0},
      // Division by zero: the result type's maximum, minimum or 0, each an overflow (and
      // 0.3125 / 0.125 = 2.5 beside them).
      {"fixed<8,4>",
       "fixed<6,3>",
       "fixed<8,4>",
       {5, -5, 0, 5},
       {0, 0, 0, 1},
       {127, -128, 0, 40},
       3},
      {"fixed<8,4>", "fixed<6,3>", "ufixed<5,2,RND,SAT>", {5, -5, 0}, {0, 0, 0}, {31, 0, 0}, 3},
      // The conformance tests' fixed<48,24>: a 74-bit quotient (__int128). 1 / 3 and -1 / 3 =
      // -/+ 11184810/2^25 -> -/+5592405/2^24; -2^-24 / 3 -> 0; 7 / -0.5 = -14.
      {"fixed<48,24>",
       "fixed<48,24>",
       "fixed<48,24>",
       {int64_t{1} << 24, -(int64_t{1} << 24), -1, int64_t{7} << 24},
       {int64_t{3} << 24, int64_t{3} << 24, int64_t{3} << 24, -(int64_t{1} << 23)},
       {5592405, -5592405, 0, -(int64_t{14} << 24)},
       0},
  };
  for (const DivCase& c : cases) {
    SCOPED_TRACE(c.a + " / " + c.b + " -> " + c.res);
    ir::Graph g;
    const Shape shape{static_cast<int64_t>(c.xa.size())};
    ir::Node* node = DivNode(g, shape, shape, shape);
    RunOut r = RunNode(*node, {T(c.a), T(c.b)}, T(c.res), {c.xa, c.xb}, 1);
    EXPECT_EQ(r.y, c.want);
    EXPECT_EQ(r.counters.values, static_cast<int64_t>(c.xa.size()));
    EXPECT_EQ(r.counters.result_overflow, c.overflows);
  }
}

TEST(SimElementwiseTest, DivGeneralBroadcasts) {
  // Integers (Fn = 1): q = trunc(2a / b) at one fraction bit, then floor: 7 / 2 = 3.5 -> 3,
  // -7 / 3 = -4/2 -> -2, 9 / -4 = -4/2 -> -2, -7 / -2 = 3.5 -> 3, -1 / -2 = 1/2 -> 0.
  const FixedType t = T("fixed<8,8>");
  {
    ir::Graph g;
    ir::Node* node = DivNode(g, {2, 3}, {3}, {2, 3});
    RunOut r = RunNode(*node, {t, t}, t,
                       {{7, -7, 9, 10, 0, -1, -7, 7, -9, -10, 0, 1}, {2, 3, -4, -2, 3, 4}}, 2);
    EXPECT_EQ(r.y, (std::vector<int64_t>{3, -2, -2, 5, 0, 0, 3, 2, -2, 5, 0, 0}));
  }
  {
    ir::Graph g;
    ir::Node* node = DivNode(g, {2, 3}, {2, 1}, {2, 3});
    RunOut r = RunNode(*node, {t, t}, t, {{7, -7, 9, 10, 0, -1}, {3, -2}}, 1);
    EXPECT_EQ(r.y, (std::vector<int64_t>{2, -2, 3, -5, 0, 0}));
  }
  {
    ir::Graph g;
    ir::Node* node = DivNode(g, {3}, {2, 3}, {2, 3});
    RunOut r = RunNode(*node, {t, t}, t, {{7, -7, 9}, {2, 3, -4, 1, -1, 5}}, 1);
    EXPECT_EQ(r.y, (std::vector<int64_t>{3, -2, -2, 7, 7, 1}));
    EXPECT_EQ(r.counters.result_overflow, 0);
  }
}

// An independent scalar reference of the definition on random values (both signs of zero-free
// and zero divisors, every width class: the kernel's int64 and __int128 paths).
TEST(SimElementwiseTest, DivGeneralMatchesReference) {
  std::mt19937_64 rng(4242);
  const std::vector<BinaryCase> cases = {
      {"fixed<8,3>", "fixed<6,2>", "fixed<6,2>"},
      {"fixed<8,3>", "ufixed<7,1>", "fixed<5,2,RND,SAT>"},
      {"ufixed<6,6>", "fixed<10,-1>", "fixed<8,4,RND_CONV,SAT_SYM>"},
      {"ufixed<9,2>", "ufixed<5,5>", "ufixed<12,6,RND_INF,SAT>"},
      {"fixed<16,6>", "fixed<12,14>", "fixed<16,6,TRN_ZERO,WRAP,2>"},
      {"fixed<40,10>", "fixed<30,2>", "fixed<32,20,RND,SAT>"},
      {"fixed<48,24>", "fixed<48,24>", "fixed<48,24>"},
  };
  const int64_t n = 50;
  for (const BinaryCase& c : cases) {
    SCOPED_TRACE(c.a + " / " + c.b + " -> " + c.res);
    FixedType ta = T(c.a), tb = T(c.b), tr = T(c.res);
    ir::Graph g;
    ir::Node* node = DivNode(g, {4}, {4}, {4});
    auto xa = RandomRaw(ta, n * 4, rng);
    auto xb = RandomRaw(tb, n * 4, rng);
    RunOut r = RunNode(*node, {ta, tb}, tr, {xa, xb}, n);
    int64_t fn = std::max(ta.frac_bits(), tr.frac_bits() + 1);
    int64_t fb = tb.frac_bits();
    WideType q_type{(tb.is_signed ? 1 : 0) + ta.int_bits + fn + std::max<int64_t>(fb, 0),
                    (tb.is_signed ? 1 : 0) + ta.int_bits + fb, ta.is_signed || tb.is_signed};
    int64_t over = 0;
    int64_t mismatches = 0;
    int64_t zeros = 0;
    for (int64_t i = 0; i < n * 4; ++i) {
      auto a = static_cast<fixed::int128>(fixed::Widen(xa[i], ta).bits);
      auto b = static_cast<fixed::int128>(fixed::Widen(xb[i], tb).bits);
      int64_t want = 0;
      if (b == 0) {
        ++zeros;
        ++over;
        want = a > 0 ? tr.max_raw() : a < 0 ? tr.min_raw() : 0;
      } else {
        fixed::int128 num = a;
        for (int64_t k = 0; k < fn - ta.frac_bits() + std::max<int64_t>(fb, 0); ++k) num *= 2;
        fixed::int128 q = num / b;
        want = RefCast(fixed::Wide{static_cast<fixed::uint128>(q)}, q_type, tr, over);
      }
      mismatches += r.y[i] != want ? 1 : 0;
    }
    EXPECT_EQ(mismatches, 0);
    EXPECT_GT(zeros, 0);
    EXPECT_EQ(r.counters.result_overflow, over);
  }
}

TEST(SimElementwiseTest, DivByNonPowerOfTwoConstant) {
  // Constants 3 and 0.3 held by fixed<14,3> (Fb = 11): 6144 and 0.3f -> 614. Fn = 5, q =
  // trunc(a * 4096 / b) at 5 fraction bits, rounded to 4: 1 / 3 = 10/32 -> 5/16;
  // 1 / 0.2998 = 106/32 -> 53/16; -5 / 3 = -53/32 -> -26/16 (half up); -5 / 0.2998 = -533/32 ->
  // -266/16, which wraps to -10/16.
  ir::Graph g;
  ir::Node* node = DivByConstant(g, {2, 2}, {2}, {3.0f, 0.3f});
  FixedType td = T("fixed<14,3>");
  std::vector<int64_t> divisor{fixed::FromDouble(3.0f, td), fixed::FromDouble(0.3f, td)};
  EXPECT_EQ(divisor, (std::vector<int64_t>{6144, 614}));
  RunOut r =
      RunNode(*node, {T("fixed<8,4>"), td}, T("fixed<8,4,RND>"), {{16, 16, -80, -80}, divisor}, 1);
  EXPECT_EQ(r.y, (std::vector<int64_t>{5, 53, -26, -10}));
  EXPECT_EQ(r.counters.result_overflow, 1);
}

TEST(SimElementwiseTest, DivByPowerOfTwoKeepsTheExactPath) {
  {
    // -1/16 / 4 = -1/64 exactly, floored to 2 fraction bits: -1/4. (The general path would give
    // trunc(-1 / 4) = 0.) The divisor's values are not read: the reciprocal is a constant.
    ir::Graph g;
    ir::Node* node = DivByConstant(g, {1}, {1}, {4.0f});
    RunOut r = RunNode(*node, {T("fixed<8,4>"), T("fixed<4,4>")}, T("fixed<8,6>"), {{-1}, {}}, 1);
    EXPECT_EQ(r.y, (std::vector<int64_t>{-1}));
  }
  {
    // 0.25 is not held by fixed<4,4>: the general path divides by the value the type holds
    // (here raw 1 = 1.0): 1 / 1 = 1, not 1 / 0.25 = 4.
    ir::Graph g;
    ir::Node* node = DivByConstant(g, {1}, {1}, {0.25f});
    RunOut r = RunNode(*node, {T("fixed<8,4>"), T("fixed<4,4>")}, T("fixed<8,4>"), {{16}, {1}}, 1);
    EXPECT_EQ(r.y, (std::vector<int64_t>{16}));
  }
}

// One-input activations: reference per element.
using UnaryRef =
    std::function<int64_t(int64_t x, const FixedType& tx, const FixedType& tr, int64_t& over)>;

// `edges` are values put first in the input (where comparisons flip).
void CheckUnary(ir::Node* node, const std::vector<std::pair<std::string, std::string>>& cases,
                const UnaryRef& ref, const std::vector<double>& edges = {}) {
  std::mt19937_64 rng(static_cast<uint64_t>(node->op) + 99);
  const int64_t n = 4;
  for (const auto& [in, res] : cases) {
    SCOPED_TRACE(in + " -> " + res);
    FixedType tx = T(in), tr = T(res);
    int64_t numel = ir::NumElements(node->inputs[0]->shape);
    auto x = RandomRaw(tx, n * numel, rng);
    for (size_t i = 0; i < edges.size(); ++i) {
      int64_t v = fixed::FromDouble(edges[i], tx);
      x[3 * i] = v;
      x[3 * i + 1] = v + 1 <= tx.max_raw() ? v + 1 : v;
      x[3 * i + 2] = v - 1 >= tx.min_raw() ? v - 1 : v;
    }
    RunOut r = RunNode(*node, {tx}, tr, {x}, n);
    int64_t over = 0;
    int64_t mismatches = 0;
    for (size_t i = 0; i < x.size(); ++i) mismatches += r.y[i] != ref(x[i], tx, tr, over) ? 1 : 0;
    EXPECT_EQ(mismatches, 0);
    EXPECT_EQ(r.counters.values, n * numel);
    EXPECT_EQ(r.counters.result_overflow, over);
  }
}

ir::Node* UnaryNode(ir::Graph& g, OpKind op, const Shape& shape = {3, 5}) {
  ir::Value* x = g.AddInput("x", shape);
  ir::Node* node = g.AddNode(op, "act", {x});
  node->outputs[0]->shape = shape;
  return node;
}

const std::vector<std::pair<std::string, std::string>> kUnaryCases = {
    {"fixed<8,3>", "fixed<8,3>"},
    {"fixed<8,3>", "ufixed<4,1,RND,SAT>"},
    {"fixed<10,2>", "fixed<5,0,RND_CONV,SAT_SYM>"},
    {"ufixed<6,3>", "ufixed<3,1>"},
    {"fixed<64,30>", "fixed<40,12,RND,SAT>"},
    {"fixed<6,4>", "fixed<8,4>"},
};

TEST(SimElementwiseTest, ReluBitExact) {
  ir::Graph g;
  ir::Node* node = UnaryNode(g, OpKind::kRelu);
  CheckUnary(node, kUnaryCases,
             [](int64_t x, const FixedType& tx, const FixedType& tr, int64_t& over) -> int64_t {
               return fixed::Compare(x, tx, 0, tx) > 0 ? RefCast(x, tx, tr, over) : 0;
             });
}

// abs and neg: the exact -x (one more integer bit) cast once, so the minimum of a signed input
// negates without wrapping and a narrow result rounds and saturates by its own modes.
TEST(SimElementwiseTest, AbsAndNegBitExact) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"fixed<8,3>", "fixed<9,4>"},          {"fixed<8,3>", "ufixed<8,3>"},
      {"fixed<8,3>", "fixed<8,3>"},          {"fixed<10,2>", "fixed<5,0,RND_CONV,SAT_SYM>"},
      {"ufixed<6,3>", "fixed<4,2,RND,SAT>"}, {"fixed<63,30>", "fixed<40,12,RND,SAT>"},
      {"fixed<6,4>", "ufixed<3,1>"}};
  for (OpKind op : {OpKind::kAbs, OpKind::kNeg}) {
    SCOPED_TRACE(std::string(ir::OpName(op)));
    ir::Graph g;
    ir::Node* node = UnaryNode(g, op);
    CheckUnary(node, cases,
               [op](int64_t x, const FixedType& tx, const FixedType& tr, int64_t& over) -> int64_t {
                 FixedType wide = FixedType::Signed(tx.width + 1, tx.int_bits + 1);
                 int64_t v = fixed::Compare(x, tx, 0, tx) < 0 || op == OpKind::kNeg ? -x : x;
                 return RefCast(v, wide, tr, over);
               },
               {0.0});
  }
}

// sign: -1, 0 or 1 formed in fixed<2,2>, then one cast (wrapping, saturating, onto a grid that
// cannot hold 1, unsigned).
TEST(SimElementwiseTest, SignBitExact) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"fixed<8,3>", "fixed<2,2>"},           {"fixed<8,3>", "fixed<3,0,TRN,SAT>"},
      {"ufixed<6,3>", "ufixed<1,1>"},         {"fixed<10,-2>", "ufixed<3,1>"},
      {"fixed<63,30>", "fixed<4,1,RND,SAT>"}, {"fixed<5,5>", "fixed<6,3>"}};
  ir::Graph g;
  ir::Node* node = UnaryNode(g, OpKind::kSign);
  const FixedType signum = FixedType::Signed(2, 2);
  CheckUnary(node, cases,
             [&](int64_t x, const FixedType& tx, const FixedType& tr, int64_t& over) -> int64_t {
               int c = fixed::Compare(x, tx, 0, tx);
               return RefCast(c > 0 ? 1 : c < 0 ? -1 : 0, signum, tr, over);
             },
             {0.0});
  // The exact (auto) result: fixed<2,2>, or ufixed<1,1> for an unsigned input.
  auto r = kElementwiseTypeRules.auto_result(*node, {T("fixed<8,3>")});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value()[0], T("fixed<2,2>"));
  r = kElementwiseTypeRules.auto_result(*node, {T("ufixed<8,3>")});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value()[0], T("ufixed<1,1>"));
}

TEST(SimElementwiseTest, ThresholdedReluBitExact) {
  for (double alpha : {0.7, -0.3, 1.0}) {
    ir::Graph g;
    ir::Node* node = UnaryNode(g, OpKind::kThresholdedRelu);
    node->attrs.Set("alpha", alpha);
    FixedType tp = T("fixed<6,2,RND>");
    node->types["param"] = tp;
    int64_t theta = fixed::FromDouble(static_cast<float>(alpha), tp);
    CheckUnary(node, kUnaryCases,
               [&](int64_t x, const FixedType& tx, const FixedType& tr, int64_t& over) -> int64_t {
                 return fixed::Compare(x, tx, theta, tp) > 0 ? RefCast(x, tx, tr, over) : 0;
               },
               {fixed::ToDouble(theta, tp)});
  }
}

TEST(SimElementwiseTest, LeakyReluBitExact) {
  for (const char* pt : {"ufixed<16,-6,RND>", "fixed<4,0>", "ufixed<2,1>"}) {
    SCOPED_TRACE(pt);
    ir::Graph g;
    ir::Node* node = UnaryNode(g, OpKind::kLeakyRelu);
    node->attrs.Set("alpha", 0.3);
    FixedType tp = T(pt);
    node->types["param"] = tp;
    int64_t alpha = fixed::FromDouble(static_cast<float>(0.3), tp);
    CheckUnary(node, kUnaryCases,
               [&](int64_t x, const FixedType& tx, const FixedType& tr, int64_t& over) -> int64_t {
                 if (fixed::Compare(x, tx, 0, tx) > 0) return RefCast(x, tx, tr, over);
                 return RefCast(fixed::Mul(alpha, tp, x, tx),
                                fixed::ProductType(WideType::Of(tp), WideType::Of(tx)), tr, over);
               });
  }
}

TEST(SimElementwiseTest, PReluBitExactSlopeInputAndParam) {
  std::mt19937_64 rng(5);
  const Shape xs{3, 2, 2};
  const Shape ss{3, 1, 1};
  FixedType tx = T("fixed<8,3>"), ts = T("fixed<6,1>"), tr = T("fixed<7,3,RND,SAT>");
  const int64_t n = 6;
  auto x = RandomRaw(tx, n * 12, rng);
  auto slope = RandomRaw(ts, n * 3, rng);
  // Slope as a second input (per sample).
  {
    ir::Graph g;
    ir::Value* xv = g.AddInput("x", xs);
    ir::Value* sv = g.AddInput("slope", ss);
    ir::Node* node = g.AddNode(OpKind::kPRelu, "prelu", {xv, sv});
    node->outputs[0]->shape = xs;
    RunOut r = RunNode(*node, {tx, ts}, tr, {x, slope}, n);
    int64_t over = 0;
    int64_t mismatches = 0;
    for (int64_t s = 0; s < n; ++s) {
      for (int64_t e = 0; e < 12; ++e) {
        int64_t v = x[s * 12 + e];
        int64_t a = slope[s * 3 + BroadcastIndex(ss, xs, e)];
        int64_t want =
            fixed::Compare(v, tx, 0, tx) > 0
                ? RefCast(v, tx, tr, over)
                : RefCast(fixed::Mul(a, ts, v, tx),
                          fixed::ProductType(WideType::Of(ts), WideType::Of(tx)), tr, over);
        mismatches += r.y[s * 12 + e] != want ? 1 : 0;
      }
    }
    EXPECT_EQ(mismatches, 0);
    EXPECT_EQ(r.counters.result_overflow, over);
  }
  // Slope as a param quantized with the node's "param" type.
  {
    ir::Graph g;
    ir::Value* xv = g.AddInput("x", xs);
    ir::Node* node = g.AddNode(OpKind::kPRelu, "prelu", {xv});
    node->outputs[0]->shape = xs;
    node->params["slope"] = ir::Tensor({1, 3, 1, 1}, {0.25f, -0.6f, 1.3f});
    auto keys = kElementwiseTypeRules.type_keys(*node);
    ASSERT_EQ(keys.size(), 1u);
    EXPECT_EQ(keys[0].key, "param");
    EXPECT_EQ(keys[0].param, "slope");
    node->types["param"] = ts;
    RunOut r = RunNode(*node, {tx}, tr, {x}, n);
    int64_t over = 0;
    int64_t mismatches = 0;
    const float sv[3] = {0.25f, -0.6f, 1.3f};
    for (int64_t i = 0; i < n * 12; ++i) {
      int64_t v = x[i];
      int64_t a = fixed::FromDouble(sv[(i % 12) / 4], ts);
      int64_t want =
          fixed::Compare(v, tx, 0, tx) > 0
              ? RefCast(v, tx, tr, over)
              : RefCast(fixed::Mul(a, ts, v, tx),
                        fixed::ProductType(WideType::Of(ts), WideType::Of(tx)), tr, over);
      mismatches += r.y[i] != want ? 1 : 0;
    }
    EXPECT_EQ(mismatches, 0);
    EXPECT_EQ(r.counters.result_overflow, over);
  }
}

TEST(SimElementwiseTest, ClipBitExact) {
  struct Bounds {
    std::optional<double> lo, hi;
  };
  for (const Bounds& b : std::vector<Bounds>{
           {0.0, 6.0}, {-1.3, 0.9}, {std::nullopt, 0.5}, {-0.25, std::nullopt}, {2.0, -1.0}}) {
    ir::Graph g;
    ir::Node* node = UnaryNode(g, OpKind::kClip);
    FixedType tp = T("fixed<8,4,RND>");
    if (b.lo) node->attrs.Set("min", *b.lo);
    if (b.hi) node->attrs.Set("max", *b.hi);
    node->types["param"] = tp;
    int64_t lo = b.lo ? fixed::FromDouble(static_cast<float>(*b.lo), tp) : 0;
    int64_t hi = b.hi ? fixed::FromDouble(static_cast<float>(*b.hi), tp) : 0;
    CheckUnary(node, kUnaryCases,
               [&](int64_t x, const FixedType& tx, const FixedType& tr, int64_t& over) -> int64_t {
                 // min(max(x, lo), hi) by exact comparisons, then one cast of the chosen value.
                 int64_t v = x;
                 FixedType tv = tx;
                 if (b.lo && fixed::Compare(v, tv, lo, tp) < 0) {
                   v = lo;
                   tv = tp;
                 }
                 if (b.hi && fixed::Compare(v, tv, hi, tp) > 0) {
                   v = hi;
                   tv = tp;
                 }
                 return RefCast(v, tv, tr, over);
               },
               {fixed::ToDouble(lo, tp), fixed::ToDouble(hi, tp)});
  }
}

TEST(SimElementwiseTest, HardSigmoidBitExact) {
  // hls4ml's default slope_t/shift_t, and a shift finer than slope * x (aligned before adding).
  for (const auto& [slope_t, shift_t] : std::vector<std::pair<std::string, std::string>>{
           {"ufixed<16,0>", "ufixed<2,0>"}, {"ufixed<2,0>", "ufixed<12,0,RND>"}}) {
    SCOPED_TRACE(slope_t + " " + shift_t);
    ir::Graph g;
    ir::Node* node = UnaryNode(g, OpKind::kHardSigmoid);
    const double alpha = slope_t == "ufixed<2,0>" ? 0.75 : 0.2;
    node->attrs.Set("alpha", alpha);
    node->attrs.Set("beta", 0.3);
    FixedType ts = T(slope_t);
    FixedType tb = T(shift_t);
    node->types["slope"] = ts;
    node->types["shift"] = tb;
    int64_t slope = fixed::FromDouble(static_cast<float>(alpha), ts);
    int64_t shift = fixed::FromDouble(0.3f, tb);
    ASSERT_NE(slope, 0);
    FixedType one_t = T("ufixed<1,1>");
    CheckUnary(node, kUnaryCases,
               [&](int64_t x, const FixedType& tx, const FixedType& tr, int64_t& over) -> int64_t {
                 WideType pt = fixed::ProductType(WideType::Of(ts), WideType::Of(tx));
                 WideType st = fixed::SumType(pt, WideType::Of(tb)).value();
                 fixed::Wide d = fixed::Add(fixed::Mul(slope, ts, x, tx), pt,
                                            fixed::Widen(shift, tb), WideType::Of(tb));
                 fixed::Wide d_minus_1 =
                     fixed::Sub(d, st, fixed::Widen(1, one_t), WideType::Of(one_t));
                 if (static_cast<fixed::int128>(d_minus_1.bits) > 0) {
                   CastFlags f;
                   int64_t r = fixed::FromDouble(1.0, tr, &f);
                   over += (f.overflow || f.underflow) ? 1 : 0;
                   return r;
                 }
                 if (static_cast<fixed::int128>(d.bits) < 0) return 0;
                 return RefCast(d, st, tr, over);
               },
               {2.5, -2.5, 0.0, 3.5});
  }
}

TEST(SimElementwiseTest, HardSwishBitExact) {
  ir::Graph g;
  ir::Node* node = UnaryNode(g, OpKind::kHardSwish);
  // The auto constant types: 1/6 needs more than 16 bits, 1/2 is exact.
  auto st = kElementwiseTypeRules.auto_node_type(*node, "slope", {});
  auto bt = kElementwiseTypeRules.auto_node_type(*node, "shift", {});
  ASSERT_TRUE(st.ok() && bt.ok());
  EXPECT_EQ(st.value(), T("ufixed<16,-2,RND>"));
  EXPECT_EQ(bt.value(), T("ufixed<1,0>"));
  FixedType ts = st.value(), tb = bt.value();
  node->types["slope"] = ts;
  node->types["shift"] = tb;
  int64_t slope = fixed::FromDouble(1.0 / 6.0, ts);
  int64_t shift = fixed::FromDouble(0.5, tb);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"fixed<8,3>", "fixed<8,3>"},
      {"fixed<8,4>", "fixed<6,2,RND,SAT>"},
      {"ufixed<6,3>", "ufixed<4,2>"},
      {"fixed<12,5>", "fixed<10,4,RND_CONV,SAT_SYM>"}};
  CheckUnary(node, cases,
             [&](int64_t x, const FixedType& tx, const FixedType& tr, int64_t& over) -> int64_t {
               // h = clamp(slope * x + shift, 0, 1) computed with doubles (exact at these widths).
               double d =
                   fixed::ToDouble(slope, ts) * fixed::ToDouble(x, tx) + fixed::ToDouble(shift, tb);
               d = std::min(1.0, std::max(0.0, d));
               int64_t f = ts.frac_bits() + tx.frac_bits();
               FixedType ht = FixedType::Unsigned(f + 1, 1);
               int64_t h = fixed::FromDouble(d, ht);
               return RefCast(fixed::Mul(x, tx, h, ht),
                              fixed::ProductType(WideType::Of(tx), WideType::Of(ht)), tr, over);
             });
}

// ---------------------------------------------------------------------------------------------
// (b) Wide types agree with the float engine.

void CheckAgainstFloat(ir::Node* node, const std::vector<FixedType>& in_types,
                       const FixedType& out_type, double range) {
  std::mt19937_64 rng(static_cast<uint64_t>(node->op) + 1234);
  std::uniform_real_distribution<float> dist(static_cast<float>(-range), static_cast<float>(range));
  std::vector<ir::Tensor> tensors;
  std::vector<std::vector<int64_t>> raw;
  for (size_t i = 0; i < node->inputs.size(); ++i) {
    ir::Tensor t(node->inputs[i]->shape);
    std::vector<int64_t> r;
    bool is_constant = node->inputs[i]->producer->op == OpKind::kConstant;
    for (int64_t e = 0; e < t.size(); ++e) {
      float v = is_constant ? node->inputs[i]->producer->params["value"].data[e] : dist(rng);
      r.push_back(fixed::FromDouble(v, in_types[i]));
      t.data[e] = static_cast<float>(fixed::ToDouble(r.back(), in_types[i]));
    }
    tensors.push_back(std::move(t));
    raw.push_back(std::move(r));
  }
  std::vector<const ir::Tensor*> args;
  for (const auto& t : tensors) args.push_back(&t);
  auto want = ref::EvaluateNode(*node, args);
  ASSERT_TRUE(want.ok()) << want.error().message();
  RunOut r = RunNode(*node, in_types, out_type, raw, 1);
  ASSERT_EQ(r.y.size(), want.value()[0].data.size());
  double worst = 0;
  for (size_t e = 0; e < r.y.size(); ++e) {
    worst = std::max(worst, std::fabs(fixed::ToDouble(r.y[e], out_type) - want.value()[0].data[e]));
  }
  EXPECT_LT(worst, 1e-4) << ir::OpName(node->op);
  EXPECT_EQ(r.counters.result_overflow, 0);
}

TEST(SimElementwiseTest, WideTypesAgreeWithFloatEngine) {
  FixedType w = T("fixed<48,24>");
  FixedType res = T("fixed<64,30,RND,SAT>");
  for (OpKind op :
       {OpKind::kAdd, OpKind::kSub, OpKind::kMul, OpKind::kMax, OpKind::kMin, OpKind::kSum}) {
    ir::Graph g;
    ir::Value* a = g.AddInput("a", {4, 5});
    ir::Value* b = g.AddInput("b", {5});
    ir::Node* node = g.AddNode(op, "node", {a, b});
    node->outputs[0]->shape = {4, 5};
    CheckAgainstFloat(node, {w, w}, res, 8.0);
  }
  {
    ir::Graph g;
    ir::Node* node = DivByConstant(g, {4, 5}, {5}, {2.0f, 0.25f, -8.0f, 1.0f, 0.5f});
    CheckAgainstFloat(node, {w, T("fixed<16,8>")}, res, 8.0);
  }
  FixedType p = T("fixed<32,4,RND>");
  for (OpKind op : {OpKind::kRelu, OpKind::kLeakyRelu, OpKind::kThresholdedRelu, OpKind::kClip,
                    OpKind::kHardSigmoid, OpKind::kHardSwish}) {
    ir::Graph g;
    ir::Node* node = UnaryNode(g, op, {6, 7});
    node->attrs.Set("alpha", 0.15);
    if (op == OpKind::kClip) {
      node->attrs.Set("min", -1.5);
      node->attrs.Set("max", 2.25);
    }
    if (op == OpKind::kHardSigmoid) node->attrs.Set("beta", 0.4);
    node->types["param"] = p;
    node->types["slope"] = T("ufixed<32,0,RND>");
    node->types["shift"] = T("ufixed<32,0,RND>");
    CheckAgainstFloat(node, {w}, res, 8.0);
  }
  {
    ir::Graph g;
    ir::Value* x = g.AddInput("x", {3, 4});
    ir::Value* s = g.AddInput("s", {3, 1});
    ir::Node* node = g.AddNode(OpKind::kPRelu, "prelu", {x, s});
    node->outputs[0]->shape = {3, 4};
    CheckAgainstFloat(node, {w, w}, res, 4.0);
  }
}

// ---------------------------------------------------------------------------------------------
// (c) Auto types: exact results, no overflow at the extremes of the input types.

// Runs `node` with its auto types on every combination of extreme values of the inputs (one
// element each) and checks that nothing overflows and the result equals `exact` (a double).
void CheckAutoNeverOverflows(ir::Node* node, const std::vector<FixedType>& in_types,
                             const std::function<double(const std::vector<double>&)>& exact) {
  for (const TypeKey& k : kElementwiseTypeRules.type_keys(*node)) {
    if (!k.param.empty()) continue;
    auto t = kElementwiseTypeRules.auto_node_type(*node, k.key, in_types);
    ASSERT_TRUE(t.ok()) << t.error().message();
    node->types[k.key] = t.value();
  }
  auto res = kElementwiseTypeRules.auto_result(*node, in_types);
  ASSERT_TRUE(res.ok()) << res.error().message();
  FixedType tr = res.value()[0];
  SCOPED_TRACE(std::string(ir::OpName(node->op)) + " -> " + tr.ToString());
  size_t k = in_types.size();
  std::vector<std::vector<int64_t>> extremes;
  for (const FixedType& t : in_types) {
    extremes.push_back({t.min_raw(), t.max_raw(), 0, t.is_signed ? -1 : 1, 1});
  }
  std::vector<size_t> pick(k, 0);
  int64_t combos = 0;
  while (true) {
    std::vector<std::vector<int64_t>> data(k);
    std::vector<double> values;
    for (size_t i = 0; i < k; ++i) {
      data[i] = {extremes[i][pick[i]]};
      values.push_back(fixed::ToDouble(data[i][0], in_types[i]));
    }
    RunOut r = RunNode(*node, in_types, tr, data, 1);
    EXPECT_EQ(r.counters.result_overflow, 0);
    EXPECT_EQ(fixed::ToDouble(r.y[0], tr), exact(values));
    ++combos;
    size_t i = 0;
    while (i < k && ++pick[i] == extremes[i].size()) pick[i++] = 0;
    if (i == k) break;
  }
  EXPECT_EQ(combos, static_cast<int64_t>(std::pow(5, k)));
}

TEST(SimElementwiseTest, AutoResultIsExact) {
  const std::vector<FixedType> pair{T("fixed<8,3>"), T("ufixed<6,1>")};
  struct Op {
    OpKind op;
    std::function<double(const std::vector<double>&)> f;
  };
  for (const Op& o :
       std::vector<Op>{{OpKind::kAdd, [](auto& v) { return v[0] + v[1]; }},
                       {OpKind::kSub, [](auto& v) { return v[0] - v[1]; }},
                       {OpKind::kMul, [](auto& v) { return v[0] * v[1]; }},
                       {OpKind::kMax, [](auto& v) { return std::max(v[0], v[1]); }},
                       {OpKind::kMin, [](auto& v) { return std::min(v[0], v[1]); }}}) {
    ir::Graph g;
    ir::Node* node = g.AddNode(o.op, "node", {g.AddInput("a", {1}), g.AddInput("b", {1})});
    node->outputs[0]->shape = {1};
    CheckAutoNeverOverflows(node, pair, o.f);
  }
  {
    ir::Graph g;
    ir::Node* node = g.AddNode(OpKind::kSum, "sum",
                               {g.AddInput("a", {1}), g.AddInput("b", {1}), g.AddInput("c", {1})});
    node->outputs[0]->shape = {1};
    CheckAutoNeverOverflows(node, {T("fixed<8,3>"), T("fixed<8,3>"), T("ufixed<4,4>")},
                            [](auto& v) { return v[0] + v[1] + v[2]; });
  }
  for (const char* in : {"fixed<8,3>", "ufixed<7,2>", "fixed<12,-2>"}) {
    FixedType tx = T(in);
    auto unary = [&](OpKind op, auto setup, std::function<double(const std::vector<double>&)> f) {
      ir::Graph g;
      ir::Node* node = UnaryNode(g, op, {1});
      setup(node);
      CheckAutoNeverOverflows(node, {tx}, f);
    };
    auto none = [](ir::Node*) {};
    unary(OpKind::kRelu, none, [](auto& v) { return std::max(v[0], 0.0); });
    // alpha 0.25 has an exact 1-bit type; 0.01f has 24 significant bits, so 16 bits are used.
    for (double alpha : {0.25, 0.01, -1.5}) {
      unary(
          OpKind::kLeakyRelu, [&](ir::Node* n) { n->attrs.Set("alpha", alpha); },
          [&](auto& v) {
            FixedType pt = T(alpha == 0.25   ? "ufixed<1,-1>"
                             : alpha == 0.01 ? "ufixed<16,-6,RND>"
                                             : "fixed<3,2>");
            double a = fixed::ToDouble(fixed::FromDouble(static_cast<float>(alpha), pt), pt);
            return v[0] > 0 ? v[0] : a * v[0];
          });
    }
    unary(
        OpKind::kThresholdedRelu, [](ir::Node* n) { n->attrs.Set("alpha", -0.5); },
        [](auto& v) { return v[0] > -0.5 ? v[0] : 0.0; });
    unary(
        OpKind::kClip,
        [](ir::Node* n) {
          n->attrs.Set("min", -1.0);
          n->attrs.Set("max", 6.0);
        },
        [](auto& v) { return std::min(std::max(v[0], -1.0), 6.0); });
    unary(
        OpKind::kHardSigmoid,
        [](ir::Node* n) {
          n->attrs.Set("alpha", 0.25);
          n->attrs.Set("beta", 0.5);
        },
        [](auto& v) { return std::clamp(0.25 * v[0] + 0.5, 0.0, 1.0); });
  }
  // The leaky_relu param types named in the lambda above.
  ir::Graph g;
  ir::Node* node = UnaryNode(g, OpKind::kLeakyRelu, {1});
  for (auto [alpha, want] : std::vector<std::pair<double, std::string>>{
           {0.25, "ufixed<1,-1>"}, {0.01, "ufixed<16,-6,RND>"}, {-1.5, "fixed<3,2>"}}) {
    node->attrs.Set("alpha", alpha);
    auto t = kElementwiseTypeRules.auto_node_type(*node, "param", {});
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t.value(), T(want)) << alpha;
  }
}

TEST(SimElementwiseTest, AutoResultTypes) {
  ir::Graph g;
  ir::Node* add = g.AddNode(OpKind::kAdd, "add", {g.AddInput("a", {1}), g.AddInput("b", {1})});
  EXPECT_EQ(kElementwiseTypeRules.auto_result(*add, {T("fixed<8,3>"), T("fixed<6,2>")}).value()[0],
            T("fixed<9,4>"));
  ir::Node* mul = g.AddNode(OpKind::kMul, "mul", {add->inputs[0], add->inputs[1]});
  EXPECT_EQ(kElementwiseTypeRules.auto_result(*mul, {T("fixed<8,3>"), T("ufixed<6,2>")}).value()[0],
            T("fixed<14,5>"));
  ir::Node* relu = UnaryNode(g, OpKind::kRelu, {1});
  EXPECT_EQ(kElementwiseTypeRules.auto_result(*relu, {T("fixed<8,3>")}).value()[0],
            T("ufixed<7,2>"));
  // A general quotient is not exact: no auto type (precision assignment falls back).
  ir::Node* div = g.AddNode(OpKind::kDiv, "div", {add->inputs[0], add->inputs[1]});
  auto quotient = kElementwiseTypeRules.auto_result(*div, {T("fixed<8,3>"), T("fixed<6,2>")});
  ASSERT_FALSE(quotient.ok());
  EXPECT_EQ(quotient.error().message(),
            "node 'div' (div): error: a quotient has no exact type (the divisor is not a constant "
            "power of two); give this layer a result precision in the configuration");
  auto too_wide = kElementwiseTypeRules.auto_result(*mul, {T("fixed<40,3>"), T("fixed<30,2>")});
  ASSERT_FALSE(too_wide.ok());
  EXPECT_NE(too_wide.error().message().find("the exact result needs 70 bits"), std::string::npos)
      << too_wide.error().message();
}

TEST(SimElementwiseTest, DivPrecisionFallsBackWithoutAnError) {
  // "auto" for a general quotient: the default type (no exact type), not a problem.
  ir::Graph g;
  ir::Node* node = DivNode(g, {2}, {2}, {2});
  g.MarkOutput(node->outputs[0]);
  auto choices = precision::AssignPrecision(g, precision::PrecisionOptions{});
  ASSERT_TRUE(choices.ok()) << choices.error().message();
  EXPECT_EQ(node->outputs[0]->type.fixed, T("fixed<16,6>"));
  bool found = false;
  for (const precision::PrecisionChoice& c : choices.value()) {
    if (c.node != "div") continue;
    found = true;
    EXPECT_EQ(c.source, "default fixed<16,6> (no exact type)");
  }
  EXPECT_TRUE(found);
}

// ---------------------------------------------------------------------------------------------
// (d) Errors.

TEST(SimElementwiseTest, Errors) {
  FixedType t = T("fixed<8,3>");
  {
    ir::Graph g;
    ir::Node* node =
        g.AddNode(OpKind::kAdd, "add", {g.AddInput("a", {2, 3}), g.AddInput("b", {4})});
    node->outputs[0]->shape = {2, 3};
    EXPECT_EQ(MakeError(*node, {t, t}, t),
              "node 'add' (add): error: input shapes [2,3], [4] do not broadcast; fix the "
              "model's shapes");
  }
  {
    // A general division whose quotient is wider than the emulator's __int128 arithmetic allows:
    // 1 + (0 + 64) + 64 bits.
    ir::Graph g;
    ir::Node* node = g.AddNode(OpKind::kDiv, "div", {g.AddInput("a", {2}), g.AddInput("b", {2})});
    node->outputs[0]->shape = {2};
    EXPECT_EQ(MakeError(*node, {T("fixed<64,0>"), T("fixed<64,0>")}, t),
              "node 'div' (div): error: dividing fixed<64,0> by fixed<64,0> into fixed<8,3> needs "
              "a 129-bit quotient, more than the emulator's limit of 120; use a result type with "
              "fewer fraction bits or a divisor type with fewer fraction bits");
    // One bit narrower divisor: 1 + 64 + 55 = 120 bits is accepted.
    EXPECT_EQ(MakeError(*node, {T("fixed<64,0>"), T("fixed<56,1>")}, t), "no error");
  }
  {
    ir::Graph g;
    ir::Node* node = UnaryNode(g, OpKind::kLeakyRelu);
    EXPECT_EQ(MakeError(*node, {t}, t),
              "node 'act' (leaky_relu): error: has no 'param' type; run precision assignment "
              "first");
  }
  {
    ir::Graph g;
    ir::Value* x = g.AddInput("x", {3, 4});
    ir::Node* node = g.AddNode(OpKind::kPRelu, "prelu", {x, g.AddInput("s", {2})});
    node->outputs[0]->shape = {3, 4};
    EXPECT_EQ(MakeError(*node, {t, t}, t),
              "node 'prelu' (prelu): error: slope of shape [2] does not broadcast to the input "
              "shape [3,4]");
  }
  {
    ir::Graph g;
    ir::Node* node = UnaryNode(g, OpKind::kRelu);
    node->outputs[0]->shape = {5, 3};
    std::string e = MakeError(*node, {t}, t);
    EXPECT_NE(e.find("output shape [5,3] differs from the input shape [3,5]"), std::string::npos)
        << e;
  }
  {
    ir::Graph g;
    ir::Node* node = UnaryNode(g, OpKind::kHardSwish);
    node->types["slope"] = T("ufixed<40,0>");
    node->types["shift"] = T("ufixed<1,0>");
    std::string e = MakeError(*node, {T("fixed<64,10>")}, t);
    EXPECT_NE(e.find("more than loom's limit of 128"), std::string::npos) << e;
  }
  {
    ir::Graph g;
    ir::Node* node = UnaryNode(g, OpKind::kLeakyRelu);
    node->attrs.Set("alpha", std::nan(""));
    auto r = kElementwiseTypeRules.auto_node_type(*node, "param", {t});
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message().find("is not finite"), std::string::npos);
  }
}

}  // namespace
}  // namespace loom::sim
