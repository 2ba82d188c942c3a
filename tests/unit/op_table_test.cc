// The op table (ops.def) is complete and consistent, and the verifier enforces it: every op has a
// family the emulator implements, its attributes are declared once with defaults of their kind,
// and a node with an undeclared attribute or param or a wrong input count is reported.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "loom/config/config.h"
#include "loom/ir/graph.h"
#include "plan/type_rules.h"
#include "sim/kernel.h"

namespace loom {
namespace {

using ir::OpKind;

TEST(OpTable, EveryRowIsItsOwnOpAndNamedUniquely) {
  std::set<std::string_view> names;
  for (OpKind op : ir::AllOps()) {
    const ir::OpInfo& info = ir::Info(op);
    EXPECT_EQ(info.op, op) << info.name;
    EXPECT_FALSE(info.name.empty());
    EXPECT_FALSE(info.doc.empty()) << info.name;
    EXPECT_TRUE(names.insert(info.name).second) << "duplicate spelling " << info.name;
    EXPECT_EQ(ir::OpFromName(info.name), op);
  }
}

TEST(OpTable, ArityAndTraitsAreConsistent) {
  for (OpKind op : ir::AllOps()) {
    const ir::OpInfo& info = ir::Info(op);
    EXPECT_GE(info.min_inputs, 0) << info.name;
    EXPECT_TRUE(info.max_inputs < 0 || info.max_inputs >= info.min_inputs) << info.name;
    if (info.traits & ir::kSinksTranspose) {
      // A transpose moves across it only if it is a one-input, position-independent op.
      EXPECT_TRUE(info.traits & ir::kPointwise) << info.name;
      EXPECT_EQ(info.min_inputs, 1) << info.name;
      EXPECT_EQ(info.max_inputs, 1) << info.name;
      EXPECT_EQ(ir::FindAttr(op, "channels_last"), nullptr) << info.name;
    }
    // An op with a channel axis says where it is.
    EXPECT_EQ((info.traits & ir::kChannelAxis) != 0, ir::FindAttr(op, "channels_last") != nullptr)
        << info.name;
  }
}

TEST(OpTable, AttributesAreDeclaredOnceWithDefaultsOfTheirKind) {
  for (OpKind op : ir::AllOps()) {
    std::set<std::string_view> seen;
    for (const ir::AttrSpec& a : ir::Info(op).attrs) {
      EXPECT_TRUE(seen.insert(a.name).second) << ir::OpName(op) << "." << a.name;
      if (a.kind == ir::AttrKind::kString) {
        EXPECT_TRUE(a.has_default) << a.name;
      }
      if (a.kind == ir::AttrKind::kInts || a.kind == ir::AttrKind::kFloats) {
        EXPECT_FALSE(a.has_default) << "list defaults depend on the rank: " << a.name;
      }
      EXPECT_EQ(ir::FindAttr(op, a.name), &a);
    }
    EXPECT_NE(ir::FindAttr(op, "table_size"), nullptr) << "every op may carry table_size";
  }
}

TEST(OpTable, EveryOpHasAnEmulatorFamily) {
  std::set<ir::OpFamily> families;
  for (OpKind op : ir::AllOps()) {
    ir::Node node;
    node.op = op;
    families.insert(ir::FamilyOf(node));
    EXPECT_NE(sim::FamilyFor(node), nullptr) << ir::OpName(op);
  }
  EXPECT_EQ(static_cast<int>(families.size()), ir::kNumOpFamilies) << "a family no op uses";
}

TEST(OpTable, LinearResizeIsALinearLayer) {
  ir::Node node;
  node.op = OpKind::kResize;
  EXPECT_EQ(ir::FamilyOf(node), ir::OpFamily::kMovement);
  node.attrs.Set("mode", std::string("linear"));
  EXPECT_EQ(ir::FamilyOf(node), ir::OpFamily::kLinear);
  EXPECT_EQ(sim::FamilyFor(node), &sim::kLinearFamily);
  EXPECT_EQ(&plan::TypeRulesFor(node), &plan::kLinearTypeRules);
}

TEST(OpTable, AttributeReadersUseTheTableDefaults) {
  ir::Node node;
  node.op = OpKind::kLeakyRelu;
  EXPECT_EQ(ir::FloatAttr(node, "alpha"), static_cast<double>(0.01f));  // ONNX's, as float32
  node.attrs.Set("alpha", 0.3);
  EXPECT_EQ(ir::FloatAttr(node, "alpha"), static_cast<double>(0.3f));
  node.op = OpKind::kSoftmax;
  EXPECT_EQ(ir::IntAttr(node, "axis"), -1);
  node.op = OpKind::kPad;
  EXPECT_EQ(ir::StringAttr(node, "mode"), "constant");
}

TEST(OpTableDeathTest, ReadingAnUndeclaredAttributeIsAnInternalError) {
  ir::Node node;
  node.op = OpKind::kRelu;
  EXPECT_DEATH(ir::FloatAttr(node, "alpha"), "ops.def");
  node.op = OpKind::kClip;  // declared, but without a default: present or an error
  EXPECT_DEATH(ir::FloatAttr(node, "min"), "ops.def");
  node.attrs.Set("min", -1.0);
  EXPECT_EQ(ir::FloatAttr(node, "min"), -1.0);
}

TEST(OpTable, ConfigurationTypeNamesComeFromTheTable) {
  ir::Graph g;
  ir::Value* x = g.AddInput("x", {4, 8, 8});
  ir::Node* conv = g.AddNode(OpKind::kMaxPool, "p", {x});
  std::vector<std::string> names = config::TypeNames(*conv);
  EXPECT_NE(std::find(names.begin(), names.end(), "MaxPooling2D"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "max_pool"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "MaxPooling1D"), names.end());
}

TEST(OpTable, VerifierReportsWhatTheTableDoesNotAllow) {
  ir::Graph g;
  ir::Value* x = g.AddInput("x", {4});
  ir::Node* relu = g.AddNode(OpKind::kRelu, "r", {x});
  relu->outputs[0]->shape = {4};
  g.MarkOutput(relu->outputs[0]);
  EXPECT_TRUE(ir::Verify(g).empty());

  relu->attrs.Set("alpah", 0.1);                      // a typo
  ir::Node* add = g.AddNode(OpKind::kAdd, "a", {x});  // one input of two
  add->outputs[0]->shape = {4};
  ir::Node* leaky = g.AddNode(OpKind::kLeakyRelu, "l", {x});
  leaky->outputs[0]->shape = {4};
  leaky->attrs.Set("alpha", int64_t{1});  // an int where a float belongs
  leaky->params["weight"] = ir::Tensor({1}, {1.0f});
  ir::Node* gelu = g.AddNode(OpKind::kGelu, "gl", {x});
  gelu->outputs[0]->shape = {4};
  gelu->attrs.Set("approximate", std::string("fast"));  // not one of the listed values
  std::vector<std::string> problems = ir::Verify(g);
  ASSERT_EQ(problems.size(), 5u);
  EXPECT_NE(problems[0].find("attribute 'alpah' is not one of op 'relu'"), std::string::npos);
  EXPECT_NE(problems[1].find("has 1 input(s); op 'add' takes 2"), std::string::npos);
  EXPECT_NE(problems[2].find("attribute 'alpha' has the wrong kind"), std::string::npos);
  EXPECT_NE(problems[3].find("param 'weight' is not one of op 'leaky_relu'"), std::string::npos);
  EXPECT_NE(problems[4].find("attribute 'approximate' is 'fast'; valid: none, tanh"),
            std::string::npos)
      << problems[4];
}

// The ONNX column names ops the importer maps one to one: one input, pointwise, attributes of
// scalar kinds (read by name from the ONNX node), each ONNX op named once; a string attribute's
// default is one of its listed values.
TEST(OpTable, OnnxOneToOneRowsAreUnaryWithScalarAttributes) {
  std::set<std::string_view> onnx;
  int rows = 0;
  for (OpKind op : ir::AllOps()) {
    const ir::OpInfo& info = ir::Info(op);
    for (const ir::AttrSpec& a : info.attrs) {
      if (a.kind == ir::AttrKind::kString) {
        EXPECT_TRUE(ir::IsValidChoice(a, a.text)) << info.name << "." << a.name;
      }
    }
    if (info.onnx_name.empty()) continue;
    ++rows;
    EXPECT_TRUE(onnx.insert(info.onnx_name).second) << info.onnx_name;
    EXPECT_EQ(info.min_inputs, 1) << info.name;
    EXPECT_EQ(info.max_inputs, 1) << info.name;
    EXPECT_TRUE(info.traits & ir::kPointwise) << info.name;
    EXPECT_TRUE(info.params.empty()) << info.name;
    for (const ir::AttrSpec& a : info.attrs) {
      EXPECT_TRUE(a.kind != ir::AttrKind::kInts && a.kind != ir::AttrKind::kFloats)
          << info.name << "." << a.name;
      EXPECT_TRUE(a.has_default) << info.name << "." << a.name;
    }
  }
  EXPECT_GE(rows, 17);
  ir::AttrSpec modes{"mode", ir::AttrKind::kString, true, 0, "a", "a bb c"};
  EXPECT_TRUE(ir::IsValidChoice(modes, "bb"));
  EXPECT_FALSE(ir::IsValidChoice(modes, "b"));
  EXPECT_EQ(ir::ChoicesText(modes), "a, bb, c");
}

}  // namespace
}  // namespace loom
