// Lowering decides each layer's strategy, ReuseFactor and cost before any backend prints: these
// tests build typed graphs by hand and check the decisions against counts made here.
#include "loom/lower/lower.h"

#include <gtest/gtest.h>

#include <string>

#include "loom/fixed/fixed_type.h"

namespace loom::lower {
namespace {

using fixed::FixedType;
using ir::OpKind;

FixedType T(const std::string& s) { return fixed::ParseFixedType(s).value(); }

// x [k] -> dense [k, n] with `weights` (row-major), every type fixed<16,6>.
struct DenseGraph {
  ir::Graph g;
  ir::Node* dense = nullptr;
  DenseGraph(int64_t k, int64_t n, std::vector<float> weights) {
    ir::Value* x = g.AddInput("x", {k});
    x->type = {true, T("fixed<16,6>")};
    dense = g.AddNode(OpKind::kDense, "fc", {x});
    dense->outputs[0]->shape = {n};
    dense->outputs[0]->type = {true, T("fixed<16,6>")};
    dense->params["weight"] = ir::Tensor({k, n}, std::move(weights));
    dense->types["weight"] = T("fixed<8,1>");
    dense->types["accum"] = T("fixed<24,10>");
    g.MarkOutput(dense->outputs[0]);
  }
};

TEST(Lower, DenseCountsNonzeroQuantizedWeightsAndLimitsEachReuseStep) {
  // 4 x 3 weights: two exact zeros and one (0.001) that quantizes to zero in fixed<8,1>.
  DenseGraph d(4, 3, {0.5f, 0, 0.25f, -0.75f, 0.001f, 0.125f, 0, 0.5f, 0.5f, -0.5f, 0.25f, 1});
  config::Config c;
  c.model.reuse_factor = 4;
  c.model.strategy = config::Strategy::kResource;
  auto l = Lower(d.g, c);
  ASSERT_TRUE(l.ok()) << l.error().message();
  const LayerDecision& fc = l.value().Of(*d.dense);
  EXPECT_EQ(fc.strategy, config::Strategy::kResource);
  EXPECT_EQ(fc.reuse_factor, 4);
  ASSERT_EQ(fc.nonzero.size(), 1u);
  EXPECT_EQ(fc.nonzero[0], 9);
  EXPECT_EQ(fc.multiplier_limit[0], 3);  // ceil(9 / 4)
  EXPECT_EQ(fc.multipliers, 3);          // Resource: the 3 lanes do all 9 products
  c.model.strategy = config::Strategy::kLatency;
  auto latency = Lower(d.g, c);
  ASSERT_TRUE(latency.ok()) << latency.error().message();
  EXPECT_EQ(latency.value().Of(*d.dense).multipliers, 3);  // the ALLOCATION limit
  c.model.reuse_factor = 1;
  latency = Lower(d.g, c);
  ASSERT_TRUE(latency.ok()) << latency.error().message();
  EXPECT_EQ(latency.value().Of(*d.dense).multipliers, 9);  // every product its own
  EXPECT_EQ(fc.dense_multipliers, 12);
  EXPECT_EQ(fc.dividers, 0);
}

TEST(Lower, EveryInvalidReuseFactorIsReportedAtOnce) {
  DenseGraph d(4, 3, std::vector<float>(12, 0.5f));
  ir::Node* second = d.g.AddNode(OpKind::kDense, "fc2", {d.dense->outputs[0]});
  second->outputs[0]->shape = {2};
  second->outputs[0]->type = {true, T("fixed<16,6>")};
  second->params["weight"] = ir::Tensor({3, 2}, std::vector<float>(6, 0.25f));
  second->types["weight"] = T("fixed<8,1>");
  second->types["accum"] = T("fixed<24,10>");
  config::Config c;
  c.model.reuse_factor = 5;
  auto l = Lower(d.g, c);
  ASSERT_FALSE(l.ok());
  const std::string& m = l.error().message();
  EXPECT_NE(m.find("'fc'"), std::string::npos) << m;
  EXPECT_NE(m.find("ReuseFactor 5 is not valid for 4x3 (12 multiplications); valid: 1, 2, 3, 4, "
                   "6, 12"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("'fc2'"), std::string::npos) << m;
  EXPECT_NE(m.find("not valid for 3x2 (6 multiplications); valid: 1, 2, 3, 6"), std::string::npos)
      << m;
}

// The top function's style: one pipeline at the largest ReuseFactor when every layer is Latency,
// DATAFLOW when one uses Resource; PipelineStyle overrides, but never puts a reuse loop under a
// pipelined top.
TEST(Lower, TopStyleFollowsTheStrategiesAndPipelineStyle) {
  DenseGraph d(4, 3, std::vector<float>(12, 0.5f));
  config::Config c;
  c.model.reuse_factor = 3;
  auto l = Lower(d.g, c);
  ASSERT_TRUE(l.ok()) << l.error().message();
  EXPECT_EQ(l.value().style, TopStyle::kPipeline);
  EXPECT_EQ(l.value().pipeline_ii, 3);
  EXPECT_NE(l.value().style_reason.find("Latency"), std::string::npos);
  c.model.pipeline_style = config::PipelineStyle::kDataflow;
  l = Lower(d.g, c);
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l.value().style, TopStyle::kDataflow);
  c.layer_name["fc"].strategy = config::Strategy::kResource;
  c.model.pipeline_style.reset();
  l = Lower(d.g, c);
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(l.value().style, TopStyle::kDataflow);
  EXPECT_NE(l.value().style_reason.find("layer 'fc' uses the Resource strategy"), std::string::npos)
      << l.value().style_reason;
  c.model.pipeline_style = config::PipelineStyle::kPipeline;
  l = Lower(d.g, c);
  ASSERT_FALSE(l.ok());
  EXPECT_NE(l.error().message().find("'fc'"), std::string::npos) << l.error().message();
  EXPECT_NE(l.error().message().find("PipelineStyle: pipeline"), std::string::npos);
}

// io_parallel partitions every array: one over 4096 elements is refused, naming the layer and
// io_stream; multipliers beyond the part's DSPs warn, beyond 8 times refuse.
TEST(Lower, SizeLimitsOfIoParallel) {
  EXPECT_EQ(PartDsps("xcvu13p-flga2577-2-e"), 12288);
  EXPECT_EQ(PartDsps("XC7Z020CLG400-1"), 220);
  EXPECT_EQ(PartDsps("xcvu13"), 0);
  EXPECT_EQ(PartDsps("xcvu13px-flga2577"), 0);
  EXPECT_EQ(PartDsps("xc7a100tcsg324-1"), 240);
  {
    DenseGraph big(2, 5000, std::vector<float>(10000, 0.5f));
    config::Config c;
    auto l = Lower(big.g, c);
    ASSERT_FALSE(l.ok());
    const std::string& m = l.error().message();
    EXPECT_NE(m.find("'fc'"), std::string::npos) << m;
    EXPECT_NE(m.find("output 'fc' has 5000 elements, over the 4096"), std::string::npos) << m;
    EXPECT_NE(m.find("io_stream"), std::string::npos) << m;
  }
  // 64 x 64 products: 4096 multipliers; over the 220 DSPs of a Zynq-7020 is a warning, over 8x
  // (1760) with RF 1 an error, and RF 4 (1024 multipliers) a warning again.
  DenseGraph d(64, 64, std::vector<float>(4096, 0.5f));
  config::Config c;
  c.part = "xc7z020clg400-1";
  auto l = Lower(d.g, c);
  ASSERT_FALSE(l.ok());
  EXPECT_NE(l.error().message().find("4096 multipliers, 220 DSP slices on part "
                                     "'xc7z020clg400-1'; the largest layer is 'fc'"),
            std::string::npos)
      << l.error().message();
  c.model.reuse_factor = 4;
  l = Lower(d.g, c);
  ASSERT_TRUE(l.ok()) << l.error().message();
  ASSERT_EQ(l.value().warnings.size(), 1u);
  EXPECT_NE(l.value().warnings[0].find("1024 multipliers, 220 DSP slices"), std::string::npos)
      << l.value().warnings[0];
  c.part = "xcvu13p-flga2577-2-e";
  l = Lower(d.g, c);
  ASSERT_TRUE(l.ok());
  EXPECT_TRUE(l.value().warnings.empty());
  c.part = "xcmystery-1";
  l = Lower(d.g, c);
  ASSERT_TRUE(l.ok());
  ASSERT_EQ(l.value().warnings.size(), 1u);
  EXPECT_NE(l.value().warnings[0].find("does not know its DSP count"), std::string::npos);
}

TEST(Lower, ValidReuseFactorsAreTheDivisors) {
  EXPECT_EQ(ValidReuseFactors(12), (std::vector<int64_t>{1, 2, 3, 4, 6, 12}));
  EXPECT_EQ(ValidReuseFactors(7), (std::vector<int64_t>{1, 7}));
}

// Elementwise costs: a product per output for mul, a divider per output for a division by 3, none
// for a division by 4 (an exact shift), two products per output for hard_swish.
TEST(Lower, ElementwiseMultipliersAndDividers) {
  ir::Graph g;
  ir::Value* x = g.AddInput("x", {5});
  x->type = {true, T("fixed<16,6>")};
  auto constant = [&](const std::string& name, float v) {
    ir::Node* c = g.AddNode(OpKind::kConstant, name, {});
    c->outputs[0]->shape = {};
    c->outputs[0]->type = {true, T("fixed<8,4>")};
    c->params["value"] = ir::Tensor({}, {v});
    return c->outputs[0];
  };
  auto node = [&](OpKind op, const std::string& name, std::vector<ir::Value*> in) {
    ir::Node* n = g.AddNode(op, name, std::move(in));
    n->outputs[0]->shape = {5};
    n->outputs[0]->type = {true, T("fixed<16,6>")};
    g.MarkOutput(n->outputs[0]);
    return n;
  };
  ir::Node* mul = node(OpKind::kMul, "mul", {x, x});
  ir::Node* div3 = node(OpKind::kDiv, "div3", {x, constant("three", 3)});
  ir::Node* div4 = node(OpKind::kDiv, "div4", {x, constant("four", 4)});
  ir::Node* swish = node(OpKind::kHardSwish, "swish", {x});
  ir::Node* relu = node(OpKind::kRelu, "relu", {x});
  auto l = Lower(g, config::Config{});
  ASSERT_TRUE(l.ok()) << l.error().message();
  EXPECT_EQ(l.value().Of(*mul).multipliers, 5);
  EXPECT_EQ(l.value().Of(*div3).dividers, 5);
  EXPECT_EQ(l.value().Of(*div3).multipliers, 0);
  EXPECT_EQ(l.value().Of(*div4).dividers, 0);
  EXPECT_EQ(l.value().Of(*swish).multipliers, 10);
  EXPECT_EQ(l.value().Of(*relu).multipliers + l.value().Of(*relu).dividers, 0);
}

// A table's entries: sigmoid of fixed<8,3> inputs has one entry per input in its window [-8, 8)
// (all 256 raws); with TableSize 64 the window is split into 64 buckets.
TEST(Lower, TableEntries) {
  for (int64_t size : {int64_t{1024}, int64_t{64}}) {
    ir::Graph g;
    ir::Value* x = g.AddInput("x", {4});
    x->type = {true, T("fixed<8,3>")};
    ir::Node* s = g.AddNode(OpKind::kSigmoid, "sig", {x});
    s->outputs[0]->shape = {4};
    s->outputs[0]->type = {true, T("ufixed<18,0>")};
    s->types["table"] = T("ufixed<18,0>");
    s->attrs.Set("table_size", size);
    g.MarkOutput(s->outputs[0]);
    auto l = Lower(g, config::Config{});
    ASSERT_TRUE(l.ok()) << l.error().message();
    EXPECT_EQ(l.value().Of(*s).table_entries, size == 1024 ? 256 : 64);
  }
}

}  // namespace
}  // namespace loom::lower
