// The canonicalising passes keep what a graph computes (float tolerance) and do their rewrite.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <string>

#include "loom/frontends/onnx.h"
#include "loom/pass/pass.h"
#include "loom/ref/float_engine.h"
#include "loom/support/npy.h"

namespace loom {
namespace {

using ir::OpKind;

int CountOps(const ir::Graph& g, OpKind op) {
  int n = 0;
  for (const auto& node : g.nodes()) n += node->op == op;
  return n;
}

std::vector<ir::Tensor> RunAll(const ir::Graph& g, const std::vector<ir::Tensor>& samples) {
  std::vector<ir::Tensor> out;
  for (const ir::Tensor& s : samples) {
    auto r = ref::Run(g, {s});
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message());
    if (r.ok()) out.push_back(r.value()[0]);
  }
  return out;
}

void ExpectClose(const std::vector<ir::Tensor>& a, const std::vector<ir::Tensor>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].shape, b[i].shape);
    for (int64_t k = 0; k < a[i].size(); ++k) {
      EXPECT_NEAR(a[i].data[k], b[i].data[k], 1e-6 + 1e-5 * std::fabs(b[i].data[k]));
    }
  }
}

ir::Graph Canonical(ir::Graph g) {
  pass::PassRegistry registry;
  pass::RegisterAllPasses(registry);
  pass::PassContext ctx;
  auto r = pass::RunPipeline(g, pass::CanonicalizePipeline(), registry, ctx);
  EXPECT_TRUE(r.ok());
  return g;
}

class FixturePassTest : public ::testing::TestWithParam<std::string> {};

TEST_P(FixturePassTest, PipelineKeepsOutputs) {
  std::string base = std::string(LOOM_SOURCE_DIR) + "/tests/fixtures/" + GetParam();
  auto imported = frontends::ImportOnnxFile(base + ".onnx");
  ASSERT_TRUE(imported.ok()) << imported.error().message();
  auto x = ReadNpy(base + ".input.npy");
  ASSERT_TRUE(x.ok());
  const ir::Shape& shape = imported.value().inputs()[0]->shape;
  int64_t n = ir::NumElements(shape);
  std::vector<ir::Tensor> samples;
  for (int64_t b = 0; b < x.value().shape[0]; ++b) {
    samples.emplace_back(shape, std::vector<float>(x.value().data.begin() + b * n,
                                                   x.value().data.begin() + (b + 1) * n));
  }
  std::vector<ir::Tensor> before = RunAll(imported.value(), samples);
  size_t nodes_before = imported.value().nodes().size();
  ir::Graph after = Canonical(std::move(imported).value());
  ExpectClose(RunAll(after, samples), before);
  EXPECT_LE(after.nodes().size(), nodes_before);
  EXPECT_EQ(CountOps(after, OpKind::kBatchNorm), 0);
  EXPECT_EQ(CountOps(after, OpKind::kAdd) + CountOps(after, OpKind::kSub),
            GetParam() == "skip_model" ? 1 : 0)
      << ir::Print(after);
  // Convolutional layers run channels-last; only the input's transpose stays.
  for (const auto& node : after.nodes()) {
    if (node->op == OpKind::kConv || node->op == OpKind::kMaxPool) {
      EXPECT_EQ(node->attrs.GetInt("channels_last", 0), 1) << node->name;
    }
  }
  EXPECT_EQ(CountOps(after, OpKind::kTranspose), GetParam() == "small_cnn" ? 1 : 0)
      << ir::Print(after);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixturePassTest,
                         ::testing::Values("jet_mlp", "small_cnn", "skip_model",
                                           "brevitas_qonnx_mlp"));

// Random dense -> add(const) -> batch_norm -> relu chains: the pipeline fuses both into the dense
// layer and keeps the outputs.
TEST(PassesTest, RandomDenseChainsFuseAndKeepOutputs) {
  std::mt19937 rng(3);
  std::normal_distribution<float> dist(0.0f, 1.0f);
  for (int trial = 0; trial < 50; ++trial) {
    int64_t k = 1 + rng() % 9;
    int64_t m = 1 + rng() % 9;
    ir::Graph g;
    ir::Value* x = g.AddInput("x", {k});
    ir::Node* dense = g.AddNode(OpKind::kDense, "dense", {x});
    dense->outputs[0]->shape = {m};
    ir::Tensor w({k, m});
    for (float& v : w.data) v = dist(rng);
    dense->params["weight"] = w;
    ir::Node* c = g.AddNode(OpKind::kConstant, "c", {});
    c->outputs[0]->shape = {m};
    ir::Tensor cv({m});
    for (float& v : cv.data) v = dist(rng);
    c->params["value"] = cv;
    ir::Node* add = g.AddNode(trial % 2 ? OpKind::kAdd : OpKind::kSub, "add",
                              {dense->outputs[0], c->outputs[0]});
    add->outputs[0]->shape = {m};
    ir::Node* bn = g.AddNode(OpKind::kBatchNorm, "bn", {add->outputs[0]});
    bn->outputs[0]->shape = {m};
    ir::Tensor s({m}), b({m});
    for (float& v : s.data) v = dist(rng);
    for (float& v : b.data) v = dist(rng);
    bn->params["scale"] = s;
    bn->params["bias"] = b;
    ir::Node* relu = g.AddNode(OpKind::kRelu, "relu", {bn->outputs[0]});
    relu->outputs[0]->shape = {m};
    g.MarkOutput(relu->outputs[0]);
    std::vector<ir::Tensor> samples;
    for (int i = 0; i < 4; ++i) {
      ir::Tensor t({k});
      for (float& v : t.data) v = dist(rng);
      samples.push_back(t);
    }
    std::vector<ir::Tensor> before = RunAll(g, samples);
    ir::Graph after = Canonical(std::move(g));
    EXPECT_EQ(CountOps(after, OpKind::kBatchNorm), 0);
    EXPECT_EQ(CountOps(after, OpKind::kAdd) + CountOps(after, OpKind::kSub), 0);
    ExpectClose(RunAll(after, samples), before);
  }
}

// A batch_norm with random scale and shift over axis 0 of `x`.
ir::Value* AddBatchNorm(ir::Graph& g, ir::Value* x, std::mt19937& rng, const std::string& name) {
  std::normal_distribution<float> dist(0.0f, 1.0f);
  ir::Node* bn = g.AddNode(OpKind::kBatchNorm, name, {x});
  bn->outputs[0]->shape = x->shape;
  ir::Tensor s({x->shape[0]}), b({x->shape[0]});
  for (float& v : s.data) v = dist(rng);
  for (float& v : b.data) v = dist(rng);
  bn->params["scale"] = s;
  bn->params["bias"] = b;
  return bn->outputs[0];
}

ir::Value* AddDense(ir::Graph& g, ir::Value* x, int64_t m, std::mt19937& rng) {
  std::normal_distribution<float> dist(0.0f, 1.0f);
  ir::Node* dense = g.AddNode(OpKind::kDense, "dense", {x});
  dense->outputs[0]->shape = {m};
  ir::Tensor w({x->shape[0], m});
  for (float& v : w.data) v = dist(rng);
  dense->params["weight"] = w;
  return dense->outputs[0];
}

ir::Value* AddUnary(ir::Graph& g, OpKind op, ir::Value* x, const std::string& name) {
  ir::Node* n = g.AddNode(op, name, {x});
  n->outputs[0]->shape = x->shape;
  return n->outputs[0];
}

// A bias-free 1x1 convolution [C_in, H, W] -> [c_out, H, W] with random weights.
ir::Node* AddConv1x1(ir::Graph& g, ir::Value* x, int64_t c_out, std::mt19937& rng,
                     const std::string& name) {
  std::normal_distribution<float> dist(0.0f, 1.0f);
  ir::Node* conv = g.AddNode(OpKind::kConv, name, {x});
  conv->outputs[0]->shape = {c_out, x->shape[1], x->shape[2]};
  ir::Tensor w({c_out, x->shape[0], 1, 1});
  for (float& v : w.data) v = dist(rng);
  conv->params["weight"] = w;
  conv->attrs.Set("kernel_shape", std::vector<int64_t>{1, 1});
  conv->attrs.Set("strides", std::vector<int64_t>{1, 1});
  conv->attrs.Set("pads", std::vector<int64_t>{0, 0, 0, 0});
  conv->attrs.Set("dilations", std::vector<int64_t>{1, 1});
  conv->attrs.Set("group", int64_t{1});
  return conv;
}

// `count` samples of `shape` with normal values.
std::vector<ir::Tensor> RandomSamples(const ir::Shape& shape, int count, std::mt19937& rng) {
  std::normal_distribution<float> dist(0.0f, 1.0f);
  std::vector<ir::Tensor> samples;
  for (int i = 0; i < count; ++i) {
    ir::Tensor t(shape);
    for (float& v : t.data) v = dist(rng);
    samples.push_back(t);
  }
  return samples;
}

// BatchNorm wherever real models put it: only the one right after a dense layer that feeds
// nothing else may fuse; every other one stays a layer, and the graph stays valid and equal.
TEST(PassesTest, BatchNormAnywhereStaysValid) {
  struct Case {
    std::string name;
    int expect_bn;  // batch_norm nodes left after the pipeline
    std::function<void(ir::Graph&, std::mt19937&)> build;
  };
  std::vector<Case> cases = {
      {"after the input", 1,
       [](ir::Graph& g, std::mt19937& rng) {
         ir::Value* x = g.AddInput("x", {5});
         g.MarkOutput(AddDense(g, AddBatchNorm(g, x, rng, "bn"), 3, rng));
       }},
      {"after selu", 1,
       [](ir::Graph& g, std::mt19937& rng) {
         ir::Value* x = g.AddInput("x", {5});
         ir::Value* h = AddUnary(g, OpKind::kSelu, AddDense(g, x, 4, rng), "selu");
         g.MarkOutput(AddBatchNorm(g, h, rng, "bn"));
       }},
      {"after a dense with a second user", 1,
       [](ir::Graph& g, std::mt19937& rng) {
         ir::Value* x = g.AddInput("x", {5});
         ir::Value* h = AddDense(g, x, 4, rng);
         g.MarkOutput(AddBatchNorm(g, h, rng, "bn"));
         g.MarkOutput(AddUnary(g, OpKind::kRelu, h, "relu"));
       }},
      {"after a dense that is a graph output", 1,
       [](ir::Graph& g, std::mt19937& rng) {
         ir::Value* x = g.AddInput("x", {5});
         ir::Value* h = AddDense(g, x, 4, rng);
         g.MarkOutput(h);
         g.MarkOutput(AddBatchNorm(g, h, rng, "bn"));
       }},
      {"two in a row after a dense", 1,
       [](ir::Graph& g, std::mt19937& rng) {
         ir::Value* x = g.AddInput("x", {5});
         ir::Value* h = AddBatchNorm(g, AddDense(g, x, 4, rng), rng, "bn1");
         g.MarkOutput(AddBatchNorm(g, h, rng, "bn2"));
       }},
      {"after a dense (fused)", 0,
       [](ir::Graph& g, std::mt19937& rng) {
         ir::Value* x = g.AddInput("x", {5});
         g.MarkOutput(AddUnary(g, OpKind::kRelu, AddBatchNorm(g, AddDense(g, x, 4, rng), rng, "bn"),
                               "relu"));
       }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::mt19937 rng(11);
    ir::Graph g;
    c.build(g, rng);
    std::vector<ir::Tensor> samples;
    std::normal_distribution<float> dist(0.0f, 1.0f);
    for (int i = 0; i < 4; ++i) {
      ir::Tensor t({5});
      for (float& v : t.data) v = dist(rng);
      samples.push_back(t);
    }
    std::vector<ir::Tensor> before = RunAll(g, samples);
    ir::Graph after = Canonical(std::move(g));
    EXPECT_TRUE(ir::Verify(after).empty());
    EXPECT_EQ(CountOps(after, OpKind::kBatchNorm), c.expect_bn) << ir::Print(after);
    for (const auto& n : after.nodes()) {
      if (n->op != OpKind::kDense && n->op != OpKind::kConv && n->op != OpKind::kBatchNorm) {
        EXPECT_EQ(n->param("weight"), nullptr) << n->Describe() << " gained a weight";
      }
    }
    ExpectClose(RunAll(after, samples), before);
  }
}

// Many transposes sinking through unary ops in one round: the rewrite adds nodes while it works
// (this once read a freed node list; the ASan build turns such a read into a failure).
TEST(PassesTest, ChannelsLastSinksThroughLongActivationChains) {
  std::mt19937 rng(5);
  std::normal_distribution<float> dist(0.0f, 1.0f);
  ir::Graph g;
  ir::Value* x = g.AddInput("x", {2, 4, 4});
  ir::Value* h = x;
  for (int layer = 0; layer < 6; ++layer) {
    h = AddConv1x1(g, h, 2, rng, "conv" + std::to_string(layer))->outputs[0];
    for (OpKind op : {OpKind::kRelu, OpKind::kSigmoid, OpKind::kTanh, OpKind::kSoftsign}) {
      h = AddUnary(g, op, h, "act" + std::to_string(layer) + std::string(ir::OpName(op)));
    }
  }
  g.MarkOutput(h);
  std::vector<ir::Tensor> samples = RandomSamples({2, 4, 4}, 3, rng);
  std::vector<ir::Tensor> before = RunAll(g, samples);
  ir::Graph after = Canonical(std::move(g));
  EXPECT_TRUE(ir::Verify(after).empty());
  EXPECT_LE(CountOps(after, OpKind::kTranspose), 2) << ir::Print(after);
  ExpectClose(RunAll(after, samples), before);
}

// A bias-free conv followed by an add (or sub) of a per-channel [C, 1, 1] constant or a scalar
// (CNTK's MNIST export writes this) becomes one conv with a bias, and then the whole region is
// channels-last with no transpose left inside it. A constant that varies along a spatial axis is
// not a bias and stays an add.
TEST(PassesTest, ConvPlusPerChannelConstantBecomesItsBias) {
  std::mt19937 rng(9);
  std::normal_distribution<float> dist(0.0f, 1.0f);
  for (const ir::Shape& cshape : {ir::Shape{3, 1, 1}, ir::Shape{1}, ir::Shape{3, 1, 4}}) {
    for (OpKind op : {OpKind::kAdd, OpKind::kSub}) {
      ir::Graph g;
      ir::Value* x = g.AddInput("x", {2, 4, 4});
      ir::Node* conv = AddConv1x1(g, x, 3, rng, "conv");
      ir::Node* c = g.AddNode(OpKind::kConstant, "c", {});
      c->outputs[0]->shape = cshape;
      ir::Tensor value(cshape);
      for (float& v : value.data) v = dist(rng);
      c->params["value"] = value;
      ir::Node* add = g.AddNode(op, "add", {conv->outputs[0], c->outputs[0]});
      add->outputs[0]->shape = {3, 4, 4};
      ir::Value* y = AddUnary(g, OpKind::kRelu, add->outputs[0], "relu");
      g.MarkOutput(y);
      std::vector<ir::Tensor> samples = RandomSamples({2, 4, 4}, 3, rng);
      std::vector<ir::Tensor> before = RunAll(g, samples);
      ir::Graph after = Canonical(std::move(g));
      EXPECT_TRUE(ir::Verify(after).empty());
      const bool bias = cshape != ir::Shape{3, 1, 4};
      EXPECT_EQ(CountOps(after, op), bias ? 0 : 1) << ir::Print(after);
      if (bias) {
        EXPECT_EQ(CountOps(after, OpKind::kTranspose), 2) << ir::Print(after);
      }
      ExpectClose(RunAll(after, samples), before);
    }
  }
}

TEST(PassesTest, UnknownPassNamesTheKnownOnes) {
  pass::PassRegistry registry;
  pass::RegisterAllPasses(registry);
  auto p = registry.Create("fuse-everything");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().message(),
            "unknown pass 'fuse-everything'; known passes: channels-last, fold-constants, "
            "fuse-batchnorm, fuse-dense-bias, remove-dead, remove-identity");
}

}  // namespace
}  // namespace loom
