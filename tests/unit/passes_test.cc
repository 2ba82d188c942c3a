// The canonicalising passes keep what a graph computes (float tolerance) and do their rewrite.
#include <gtest/gtest.h>

#include <cmath>
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
