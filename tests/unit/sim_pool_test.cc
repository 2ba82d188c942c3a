// The pooling emulator kernels against scalar references built from loom::fixed's exact
// operations, against the float engine, and their type rules and errors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "loom/fixed/fixed_value.h"
#include "loom/ref/float_engine.h"
#include "sim/kernel.h"

namespace loom::sim {
namespace {

using fixed::CastFlags;
using fixed::WideType;
using ir::OpKind;
using ir::Shape;

FixedType T(const std::string& s) { return fixed::ParseFixedType(s).value(); }

std::vector<int64_t> RandomRaw(const FixedType& t, int64_t n, std::mt19937_64& rng) {
  std::vector<int64_t> v(n);
  std::uniform_int_distribution<int64_t> any(t.min_raw(), t.max_raw());
  std::uniform_int_distribution<int> pick(0, 7);
  for (int64_t i = 0; i < n; ++i) {
    int p = pick(rng);
    v[i] = p == 0 ? t.min_raw() : p == 1 ? t.max_raw() : any(rng);
  }
  return v;
}

struct RunOut {
  std::vector<int64_t> y;
  Counters counters;
};

RunOut RunNode(const ir::Node& node, const FixedType& in_type, const FixedType& out_type,
               const std::vector<int64_t>& x, int64_t n) {
  KernelContext ctx{node, {in_type}, {out_type}, 1024};
  auto k = kPoolFamily.make(ctx);
  EXPECT_TRUE(k.ok()) << (k.ok() ? "" : k.error().message());
  RunOut r;
  r.y.assign(n * ir::NumElements(node.outputs[0]->shape), 12345);
  if (!k.ok()) return r;
  const int64_t* ins[1] = {x.data()};
  int64_t* outs[1] = {r.y.data()};
  k.value()->Run(ins, outs, n, r.counters);
  return r;
}

std::string MakeError(const ir::Node& node, const FixedType& t) {
  KernelContext ctx{node, {t}, {t}, 1024};
  auto k = kPoolFamily.make(ctx);
  return k.ok() ? "no error" : k.error().message();
}

int64_t RefCast(const fixed::Wide& v, const WideType& t, const FixedType& to, bool& over) {
  CastFlags f;
  int64_t r = fixed::Cast(v, t, to, &f);
  over |= f.overflow || f.underflow;
  return r;
}

// A pool's geometry, written out per dimension for the reference.
struct Pool {
  Shape in_sp, out_sp, kernel, strides, dilations, pads;  // pads: begins then ends
  int64_t channels = 0;
  bool channels_last = false;
  bool include_pad = false;
  bool ceil_mode = false;
};

ir::Node* PoolNode(ir::Graph& g, OpKind op, const Pool& p) {
  Shape in = p.in_sp;
  Shape out = p.out_sp;
  if (p.channels_last) {
    in.push_back(p.channels);
    out.push_back(p.channels);
  } else {
    in.insert(in.begin(), p.channels);
    out.insert(out.begin(), p.channels);
  }
  ir::Node* n = g.AddNode(op, "pool", {g.AddInput("x", in)});
  n->outputs[0]->shape = out;
  if (op == OpKind::kMaxPool || op == OpKind::kAveragePool) {
    n->attrs.Set("kernel_shape", p.kernel);
    n->attrs.Set("strides", p.strides);
    n->attrs.Set("dilations", p.dilations);
    n->attrs.Set("pads", p.pads);
    n->attrs.Set("ceil_mode", int64_t{p.ceil_mode});
    if (op == OpKind::kAveragePool) n->attrs.Set("count_include_pad", int64_t{p.include_pad});
  }
  if (p.channels_last) n->attrs.Set("channels_last", int64_t{1});
  return n;
}

// Offset of (channel c, spatial index s) in a [C, sp...] or [sp..., C] tensor.
int64_t At(const Pool& p, const Shape& sp, int64_t c, const std::vector<int64_t>& s) {
  int64_t flat = 0;
  for (size_t d = 0; d < sp.size(); ++d) flat = flat * sp[d] + s[d];
  return p.channels_last ? flat * p.channels + c : c * ir::NumElements(sp) + flat;
}

// The reference pool: window taps in row-major order; max by Compare; average by
// acc = (acc_t)(acc + x) per tap, then trunc(acc / count), then the result cast.
std::vector<int64_t> RefPool(const Pool& p, bool is_max, const std::vector<int64_t>& x,
                             const FixedType& tx, const FixedType& acc_t, const FixedType& tr,
                             int64_t& res_over, int64_t& acc_over) {
  size_t r = p.in_sp.size();
  std::vector<int64_t> y(p.channels * ir::NumElements(p.out_sp));
  for (int64_t c = 0; c < p.channels; ++c) {
    std::vector<int64_t> o(r, 0);
    for (int64_t oi = 0; oi < ir::NumElements(p.out_sp); ++oi) {
      int64_t rem = oi;
      for (size_t d = r; d-- > 0;) {
        o[d] = rem % p.out_sp[d];
        rem /= p.out_sp[d];
      }
      std::vector<int64_t> k(r, 0);
      bool have = false;
      int64_t best = 0;
      int64_t acc = 0;
      int64_t valid = 0;
      int64_t padded = 1;
      bool over = false;
      for (size_t d = 0; d < r; ++d) {
        int64_t taps = 0;
        for (int64_t j = 0; j < p.kernel[d]; ++j) {
          taps += o[d] * p.strides[d] + j * p.dilations[d] - p.pads[d] < p.in_sp[d] + p.pads[r + d];
        }
        padded *= taps;
      }
      for (int64_t ki = 0; ki < ir::NumElements(p.kernel); ++ki) {
        int64_t krem = ki;
        for (size_t d = r; d-- > 0;) {
          k[d] = krem % p.kernel[d];
          krem /= p.kernel[d];
        }
        std::vector<int64_t> s(r);
        bool inside = true;
        for (size_t d = 0; d < r; ++d) {
          s[d] = o[d] * p.strides[d] + k[d] * p.dilations[d] - p.pads[d];
          inside = inside && s[d] >= 0 && s[d] < p.in_sp[d];
        }
        if (!inside) continue;
        int64_t v = x[At(p, p.in_sp, c, s)];
        ++valid;
        if (is_max) {
          if (!have || fixed::Compare(v, tx, best, tx) > 0) best = v;
          have = true;
        } else {
          WideType wa = WideType::Of(acc_t), wx = WideType::Of(tx);
          acc = RefCast(fixed::Add(fixed::Widen(acc, acc_t), wa, fixed::Widen(v, tx), wx),
                        fixed::SumType(wa, wx).value(), acc_t, over);
        }
      }
      bool rover = false;
      int64_t out = 0;
      if (is_max) {
        out = RefCast(fixed::Widen(have ? best : tx.min_raw(), tx), WideType::Of(tx), tr, rover);
      } else {
        int64_t count = valid == 0 ? 0 : p.include_pad ? padded : valid;
        int64_t q =
            count == 0 ? 0 : static_cast<int64_t>(std::trunc(static_cast<double>(acc) / count));
        out = RefCast(fixed::Widen(q, acc_t), WideType::Of(acc_t), tr, rover);
      }
      std::vector<int64_t> os(o.begin(), o.end());
      y[At(p, p.out_sp, c, os)] = out;
      res_over += rover;
      acc_over += over;
    }
  }
  return y;
}

const std::vector<Pool> kPools = {
    // 2D, 2x2 stride 2, channels first and last.
    {{4, 6}, {2, 3}, {2, 2}, {2, 2}, {1, 1}, {0, 0, 0, 0}, 3, false},
    {{4, 6}, {2, 3}, {2, 2}, {2, 2}, {1, 1}, {0, 0, 0, 0}, 3, true},
    // 3x3 stride 1 with padding 1, both count_include_pad settings.
    {{5, 4}, {5, 4}, {3, 3}, {1, 1}, {1, 1}, {1, 1, 1, 1}, 2, false, false},
    {{5, 4}, {5, 4}, {3, 3}, {1, 1}, {1, 1}, {1, 1, 1, 1}, 2, true, true},
    // Asymmetric pads, dilation, ceil_mode (last window reaches past the end padding).
    {{7, 6}, {4, 3}, {2, 3}, {2, 2}, {2, 1}, {1, 0, 0, 1}, 2, false, true, true},
    // 1D.
    {{9}, {4}, {3}, {2}, {1}, {0, 0}, 4, true},
};

void CheckPools(OpKind op, const std::vector<std::vector<std::string>>& type_sets) {
  std::mt19937_64 rng(static_cast<uint64_t>(op) * 17 + 3);
  const int64_t n = 3;
  for (size_t pi = 0; pi < kPools.size(); ++pi) {
    const Pool& p = kPools[pi];
    for (const auto& ts : type_sets) {
      SCOPED_TRACE("pool " + std::to_string(pi) + ": " + ts[0] + " acc " + ts[1] + " -> " + ts[2]);
      FixedType tx = T(ts[0]), acc = T(ts[1]), tr = T(ts[2]);
      ir::Graph g;
      ir::Node* node = PoolNode(g, op, p);
      node->types["accum"] = acc;
      int64_t in_numel = ir::NumElements(node->inputs[0]->shape);
      int64_t out_numel = ir::NumElements(node->outputs[0]->shape);
      auto x = RandomRaw(tx, n * in_numel, rng);
      RunOut r = RunNode(*node, tx, tr, x, n);
      int64_t res_over = 0;
      int64_t acc_over = 0;
      int64_t mismatches = 0;
      for (int64_t s = 0; s < n; ++s) {
        std::vector<int64_t> xs(x.begin() + s * in_numel, x.begin() + (s + 1) * in_numel);
        auto want = RefPool(p, op == OpKind::kMaxPool, xs, tx, acc, tr, res_over, acc_over);
        for (int64_t e = 0; e < out_numel; ++e) mismatches += r.y[s * out_numel + e] != want[e];
      }
      EXPECT_EQ(mismatches, 0);
      EXPECT_EQ(r.counters.values, n * out_numel);
      EXPECT_EQ(r.counters.result_overflow, res_over);
      EXPECT_EQ(r.counters.accum_overflow, acc_over);
    }
  }
}

TEST(SimPoolTest, MaxPoolBitExact) {
  CheckPools(OpKind::kMaxPool, {{"fixed<8,3>", "fixed<8,3>", "fixed<8,3>"},
                                {"fixed<8,3>", "fixed<8,3>", "fixed<5,1,RND,SAT>"},
                                {"ufixed<6,2>", "fixed<8,3>", "ufixed<4,1>"},
                                {"fixed<64,20>", "fixed<8,3>", "fixed<40,10,RND_CONV,SAT>"}});
}

TEST(SimPoolTest, AveragePoolBitExact) {
  CheckPools(OpKind::kAveragePool,
             {{"fixed<8,3>", "fixed<12,7>", "fixed<8,3>"},                 // exact accumulator
              {"fixed<8,3>", "fixed<9,4,TRN,SAT>", "fixed<6,2,RND,SAT>"},  // saturating accum
              {"fixed<8,3>", "fixed<7,3>", "fixed<8,3>"},                  // wrapping accum
              {"fixed<10,3>", "fixed<10,5,RND>", "fixed<8,3>"},            // accum rounds each step
              {"ufixed<6,2>", "ufixed<9,5>", "ufixed<5,2,RND_INF,SAT>"},
              {"fixed<48,20>", "fixed<64,36>", "fixed<48,20>"}});
}

TEST(SimPoolTest, NarrowAccumulatorsOverflow) {
  // The saturating/wrapping cases above must overflow, or the counters are not tested.
  ir::Graph g;
  ir::Node* node = PoolNode(g, OpKind::kAveragePool, kPools[0]);
  node->types["accum"] = T("fixed<7,3>");
  std::vector<int64_t> x(72, 127);  // every value 3.96875: four of them wrap in fixed<7,3>
  RunOut r = RunNode(*node, T("fixed<8,3>"), T("fixed<8,3>"), x, 1);
  EXPECT_EQ(r.counters.accum_overflow, 18);
  node->types["accum"] = T("fixed<7,3,TRN,SAT>");
  RunOut s = RunNode(*node, T("fixed<8,3>"), T("fixed<8,3>"), x, 1);
  EXPECT_EQ(s.counters.accum_overflow, 18);
  // Saturated at 3.9375 (raw 63 of fixed<7,3>), then / 4 truncated: raw 15 -> 0.9375.
  EXPECT_EQ(s.y[0], 30);
}

// reduce_max and reduce_sum at their auto types equal the float engine exactly (the sum of up to
// 20 values of 9 bits is exact in double and in the grown accumulator), negative axes included.
TEST(SimPoolTest, ReduceMaxAndSumEqualTheFloatEngine) {
  std::mt19937_64 rng(5);
  FixedType tx = T("fixed<9,4>");
  for (OpKind op : {OpKind::kReduceMax, OpKind::kReduceSum}) {
    for (bool keepdims : {true, false}) {
      ir::Graph g;
      ir::Node* node = g.AddNode(op, "r", {g.AddInput("x", {3, 4, 5})});
      node->attrs.Set("axes", std::vector<int64_t>{0, -1});
      node->attrs.Set("keepdims", int64_t{keepdims});
      node->outputs[0]->shape = keepdims ? Shape{1, 4, 1} : Shape{4};
      std::vector<FixedType> types;
      if (op == OpKind::kReduceSum) {
        auto acc = kPoolTypeRules.auto_node_type(*node, "accum", {tx});
        ASSERT_TRUE(acc.ok());
        node->types["accum"] = acc.value();
      }
      auto res = kPoolTypeRules.auto_result(*node, {tx});
      ASSERT_TRUE(res.ok()) << res.error().message();
      auto x = RandomRaw(tx, 60, rng);
      RunOut r = RunNode(*node, tx, res.value()[0], x, 1);
      ir::Tensor xt({3, 4, 5});
      for (int64_t i = 0; i < 60; ++i) xt.data[i] = static_cast<float>(fixed::ToDouble(x[i], tx));
      auto want = ref::EvaluateNode(*node, {&xt});
      ASSERT_TRUE(want.ok());
      for (int64_t e = 0; e < 4; ++e) {
        EXPECT_EQ(fixed::ToDouble(r.y[e], res.value()[0]), want.value()[0].data[e])
            << ir::OpName(op) << " element " << e;
      }
      EXPECT_EQ(r.counters.result_overflow, 0);
    }
  }
}

// Global pools and reduce_mean over a [C, H, W] input (global pools also channels last).
TEST(SimPoolTest, GlobalPoolsAndReduceMeanBitExact) {
  std::mt19937_64 rng(11);
  FixedType tx = T("fixed<9,4>");
  FixedType acc = T("fixed<11,6,TRN,SAT>");
  FixedType tr = T("fixed<7,3,RND,SAT>");
  for (bool last : {false, true}) {
    for (OpKind op : {OpKind::kGlobalAveragePool, OpKind::kGlobalMaxPool}) {
      Pool p{{3, 4}, {1, 1}, {3, 4}, {1, 1}, {1, 1}, {0, 0, 0, 0}, 5, last};
      ir::Graph g;
      ir::Node* node = PoolNode(g, op, p);
      node->types["accum"] = acc;
      auto x = RandomRaw(tx, 2 * 60, rng);
      RunOut r = RunNode(*node, tx, tr, x, 2);
      int64_t res_over = 0, acc_over = 0, mismatches = 0;
      for (int64_t s = 0; s < 2; ++s) {
        std::vector<int64_t> xs(x.begin() + s * 60, x.begin() + (s + 1) * 60);
        auto want = RefPool(p, op == OpKind::kGlobalMaxPool, xs, tx, acc, tr, res_over, acc_over);
        for (int64_t e = 0; e < 5; ++e) mismatches += r.y[s * 5 + e] != want[e];
      }
      EXPECT_EQ(mismatches, 0) << ir::OpName(op) << " channels_last " << last;
      EXPECT_EQ(r.counters.result_overflow, res_over);
      EXPECT_EQ(r.counters.accum_overflow, acc_over);
    }
  }
  // reduce_mean over axes {0, 2} of [3, 4, 5] -> [1, 4, 1]; the reference sums in row-major
  // order of the reduced coordinates with the per-step accumulator cast.
  for (bool keepdims : {true, false}) {
    ir::Graph g;
    ir::Node* node = g.AddNode(OpKind::kReduceMean, "mean", {g.AddInput("x", {3, 4, 5})});
    node->attrs.Set("axes", std::vector<int64_t>{0, -1});
    node->attrs.Set("keepdims", int64_t{keepdims});
    node->outputs[0]->shape = keepdims ? Shape{1, 4, 1} : Shape{4};
    node->types["accum"] = acc;
    auto x = RandomRaw(tx, 2 * 60, rng);
    RunOut r = RunNode(*node, tx, tr, x, 2);
    int64_t res_over = 0, acc_over = 0, mismatches = 0;
    for (int64_t s = 0; s < 2; ++s) {
      for (int64_t h = 0; h < 4; ++h) {
        int64_t a = 0;
        bool over = false;
        for (int64_t c = 0; c < 3; ++c) {
          for (int64_t w = 0; w < 5; ++w) {
            int64_t v = x[s * 60 + c * 20 + h * 5 + w];
            WideType wa = WideType::Of(acc), wx = WideType::Of(tx);
            a = RefCast(fixed::Add(fixed::Widen(a, acc), wa, fixed::Widen(v, tx), wx),
                        fixed::SumType(wa, wx).value(), acc, over);
          }
        }
        bool rover = false;
        int64_t q = static_cast<int64_t>(std::trunc(a / 15.0));
        int64_t want = RefCast(fixed::Widen(q, acc), WideType::Of(acc), tr, rover);
        mismatches += r.y[s * 4 + h] != want;
        res_over += rover;
        acc_over += over;
      }
    }
    EXPECT_EQ(mismatches, 0);
    EXPECT_EQ(r.counters.values, 8);
    EXPECT_EQ(r.counters.result_overflow, res_over);
    EXPECT_EQ(r.counters.accum_overflow, acc_over);
  }
}

// With wide types the emulator agrees with the float engine.
TEST(SimPoolTest, WideTypesAgreeWithFloatEngine) {
  FixedType w = T("fixed<48,24>");
  FixedType acc = T("fixed<56,32>");
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<float> dist(-8.0f, 8.0f);
  auto check = [&](ir::Node* node) {
    node->types["accum"] = acc;
    ir::Tensor t(node->inputs[0]->shape);
    std::vector<int64_t> raw;
    for (float& v : t.data) {
      raw.push_back(fixed::FromDouble(dist(rng), w));
      v = static_cast<float>(fixed::ToDouble(raw.back(), w));
    }
    auto want = ref::EvaluateNode(*node, {&t});
    ASSERT_TRUE(want.ok()) << want.error().message();
    RunOut r = RunNode(*node, w, w, raw, 1);
    double worst = 0;
    for (size_t e = 0; e < r.y.size(); ++e) {
      worst = std::max(worst, std::fabs(fixed::ToDouble(r.y[e], w) - want.value()[0].data[e]));
    }
    EXPECT_LT(worst, 1e-4) << ir::OpName(node->op);
  };
  for (const Pool& p : kPools) {
    for (OpKind op : {OpKind::kMaxPool, OpKind::kAveragePool}) {
      ir::Graph g;
      check(PoolNode(g, op, p));
    }
  }
  for (OpKind op : {OpKind::kGlobalAveragePool, OpKind::kGlobalMaxPool}) {
    ir::Graph g;
    check(PoolNode(g, op, {{3, 4}, {1, 1}, {}, {}, {}, {}, 5, true}));
  }
  ir::Graph g;
  ir::Node* mean = g.AddNode(OpKind::kReduceMean, "mean", {g.AddInput("x", {3, 4, 5})});
  mean->attrs.Set("axes", std::vector<int64_t>{1});
  mean->outputs[0]->shape = {3, 1, 5};
  check(mean);
}

// Auto types: the accumulator and result never overflow, even on extreme inputs.
TEST(SimPoolTest, AutoTypesNeverOverflow) {
  for (const char* in : {"fixed<8,3>", "ufixed<6,2>", "fixed<10,-2>"}) {
    FixedType tx = T(in);
    for (OpKind op : {OpKind::kAveragePool, OpKind::kMaxPool}) {
      Pool p = kPools[3];  // 3x3 with padding, count_include_pad
      ir::Graph g;
      ir::Node* node = PoolNode(g, op, p);
      for (const TypeKey& k : kPoolTypeRules.type_keys(*node)) {
        auto t = kPoolTypeRules.auto_node_type(*node, k.key, {tx});
        ASSERT_TRUE(t.ok()) << t.error().message();
        node->types[k.key] = t.value();
      }
      if (op == OpKind::kAveragePool) {
        // 9 taps: 4 more integer bits.
        EXPECT_EQ(node->types.at("accum"),
                  FixedType::Create(tx.width + 4, tx.int_bits + 4, tx.is_signed).value());
      }
      auto res = kPoolTypeRules.auto_result(*node, {tx});
      ASSERT_TRUE(res.ok()) << res.error().message();
      EXPECT_EQ(res.value()[0].width, tx.width);
      EXPECT_EQ(res.value()[0].int_bits, tx.int_bits);
      for (int64_t raw : {tx.min_raw(), tx.max_raw()}) {
        std::vector<int64_t> x(ir::NumElements(node->inputs[0]->shape), raw);
        RunOut r = RunNode(*node, tx, res.value()[0], x, 1);
        EXPECT_EQ(r.counters.result_overflow, 0) << in;
        EXPECT_EQ(r.counters.accum_overflow, 0) << in;
        // All-equal inputs: the max is the value; an interior mean (9 taps) is exact too.
        // Output [5, 4, 2] (channels last): position (1, 1), channel 0.
        EXPECT_EQ(r.y[10], raw) << in;
      }
    }
  }
}

TEST(SimPoolTest, Errors) {
  FixedType t = T("fixed<8,3>");
  {
    ir::Graph g;
    Pool p = kPools[0];
    p.out_sp = {3, 3};
    ir::Node* node = PoolNode(g, OpKind::kMaxPool, p);
    EXPECT_EQ(MakeError(*node, t),
              "node 'pool' (max_pool): error: output shape [3,3,3] does not match pooling of "
              "[3,4,6] with the given kernel, strides, pads; fix the model's shapes");
  }
  {
    ir::Graph g;
    ir::Node* node = PoolNode(g, OpKind::kAveragePool, kPools[0]);
    EXPECT_EQ(MakeError(*node, t),
              "node 'pool' (average_pool): error: has no 'accum' type; run precision assignment "
              "first");
  }
  {
    ir::Graph g;
    ir::Node* node = PoolNode(g, OpKind::kMaxPool, kPools[0]);
    node->attrs.Set("kernel_shape", std::vector<int64_t>{2});
    std::string e = MakeError(*node, t);
    EXPECT_NE(e.find("kernel_shape, strides, dilations and pads must have 2, 2, 2 and 4 values"),
              std::string::npos)
        << e;
  }
  {
    ir::Graph g;
    ir::Node* node = g.AddNode(OpKind::kMaxPool, "pool", {g.AddInput("x", {3, 4, 4})}, 2);
    node->attrs.Set("kernel_shape", std::vector<int64_t>{2, 2});
    std::string e = MakeError(*node, t);
    EXPECT_NE(e.find("not MaxPool's indices"), std::string::npos) << e;
  }
  {
    ir::Graph g;
    ir::Node* node = g.AddNode(OpKind::kReduceMean, "mean", {g.AddInput("x", {3, 4})});
    node->attrs.Set("axes", std::vector<int64_t>{2});
    node->outputs[0]->shape = {3, 4};
    std::string e = MakeError(*node, t);
    EXPECT_NE(e.find("axis 2 is out of range for input [3,4]"), std::string::npos) << e;
  }
  {
    ir::Graph g;
    ir::Node* node =
        PoolNode(g, OpKind::kGlobalAveragePool, {{40, 40}, {1, 1}, {}, {}, {}, {}, 1, false});
    auto acc = kPoolTypeRules.auto_node_type(*node, "accum", {T("fixed<60,10>")});
    ASSERT_FALSE(acc.ok());
    EXPECT_NE(acc.error().message().find("needs 71 bits"), std::string::npos)
        << acc.error().message();
  }
}

}  // namespace
}  // namespace loom::sim
