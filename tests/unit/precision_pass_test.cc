// The precision-assignment pass run by the pass manager: every value and node type set, the
// decisions kept, and a configuration that cannot be met reported with the node and a fix.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "loom/config/config.h"
#include "loom/fixed/fixed_type.h"
#include "loom/frontends/onnx.h"
#include "loom/ir/graph.h"
#include "loom/pass/pass.h"
#include "loom/precision/assign_precision_pass.h"
#include "loom/precision/precision.h"
#include "plan/type_rules.h"

namespace loom::precision {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// The fixture's graph after the canonicalising passes, untyped.
ir::Graph CanonicalGraph(const std::string& name) {
  ErrorOr<ir::Graph> g =
      frontends::ImportOnnxFile(std::string(LOOM_SOURCE_DIR) + "/tests/fixtures/" + name);
  EXPECT_TRUE(g.ok()) << g.error().message();
  ir::Graph graph = std::move(g).value();
  pass::PassRegistry registry;
  pass::RegisterAllPasses(registry);
  pass::PassContext ctx;
  ErrorOr<bool> r = pass::RunPipeline(graph, pass::CanonicalizePipeline(), registry, ctx);
  EXPECT_TRUE(r.ok()) << r.error().message();
  return graph;
}

// Every value has a fixed type and every node every type its family's rules list.
void ExpectFullyTyped(const ir::Graph& graph) {
  for (const auto& node : graph.nodes()) {
    for (const ir::Value* v : node->outputs) {
      EXPECT_TRUE(v->type.is_fixed) << node->name << ": value '" << v->name << "' is untyped";
    }
    if (node->op == ir::OpKind::kInput) continue;
    for (const plan::TypeKey& key : plan::TypeRulesFor(*node).type_keys(*node)) {
      EXPECT_TRUE(node->types.count(key.key)) << node->name << ": no '" << key.key << "' type";
    }
  }
}

TEST(AssignPrecisionPass, RunsInAPipelineAndTypesEveryValue) {
  ir::Graph graph = CanonicalGraph("jet_mlp.onnx");
  PrecisionOptions options;
  pass::PassRegistry registry;
  registry.Register("assign-precision",
                    [&]() { return std::make_unique<AssignPrecisionPass>(options); });
  pass::PassContext ctx;
  ErrorOr<bool> r = pass::RunPipeline(graph, {"assign-precision"}, registry, ctx);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_TRUE(r.value());
  ASSERT_EQ(ctx.timings.size(), 1u);
  EXPECT_EQ(ctx.timings[0].first, "assign-precision");
  ExpectFullyTyped(graph);
}

TEST(AssignPrecisionPass, KeepsTheSameChoicesAsAssignPrecision) {
  ir::Graph direct = CanonicalGraph("small_cnn.onnx");
  ErrorOr<std::vector<PrecisionChoice>> want = AssignPrecision(direct, PrecisionOptions{});
  ASSERT_TRUE(want.ok()) << want.error().message();

  ir::Graph graph = CanonicalGraph("small_cnn.onnx");
  AssignPrecisionPass assign(PrecisionOptions{});
  EXPECT_EQ(assign.name(), "assign-precision");
  EXPECT_TRUE(assign.choices().empty());
  pass::PassContext ctx;
  ErrorOr<bool> r = pass::RunPass(graph, assign, ctx);
  ASSERT_TRUE(r.ok()) << r.error().message();
  ExpectFullyTyped(graph);
  ASSERT_EQ(assign.choices().size(), want.value().size());
  for (size_t i = 0; i < want.value().size(); ++i) {
    const PrecisionChoice& a = assign.choices()[i];
    const PrecisionChoice& b = want.value()[i];
    EXPECT_EQ(a.node + "." + a.key + " " + a.type.ToString() + " (" + a.source + ")",
              b.node + "." + b.key + " " + b.type.ToString() + " (" + b.source + ")");
  }
  ASSERT_EQ(ctx.timings.size(), 1u);
  EXPECT_EQ(ctx.timings[0].first, "assign-precision");
}

TEST(AssignPrecisionPass, ConfigurationThatCannotBeMetIsAnErrorNamingTheLayer) {
  ir::Graph graph = CanonicalGraph("jet_mlp.onnx");
  const ir::Node* dense = nullptr;
  for (const auto& node : graph.nodes()) {
    if (node->op == ir::OpKind::kDense && dense == nullptr) dense = node.get();
  }
  ASSERT_NE(dense, nullptr);
  // 60 fraction bits in the weights: no accumulator of at most 64 bits holds x * w exactly.
  config::Config config;
  config.layer_name[dense->name].precision["weight"] =
      fixed::Precision{false, fixed::FixedType::Signed(64, 4)};
  PrecisionOptions options;
  options.config = &config;
  pass::PassRegistry registry;
  registry.Register("assign-precision",
                    [&]() { return std::make_unique<AssignPrecisionPass>(options); });
  pass::PassContext ctx;
  ErrorOr<bool> r = pass::RunPipeline(graph, {"assign-precision"}, registry, ctx);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message(), StartsWith("pass 'assign-precision': "));
  EXPECT_THAT(r.error().message(),
              HasSubstr("node '" + dense->name +
                        "' (Gemm): error: the exact result needs 79 bits, more than loom's limit "
                        "of 64; give this layer a result precision in the configuration"));
}

}  // namespace
}  // namespace loom::precision
