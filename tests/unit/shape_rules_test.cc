// The IR's shape rules (ir::InferShapes) and the verifier that runs them: every op has a rule, and
// a node whose recorded output shape disagrees with its rule is reported, naming the node and both
// shapes. The importers build nodes through the rules, so these are the only place shapes are
// computed; the end-to-end suites (zoo, conformance) run every rule on real models.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "loom/ir/graph.h"

namespace loom {
namespace {

using ir::OpKind;
using ir::Shape;

// A graph of one node of `op` on inputs of the given shapes; its output takes the rule's shape.
struct OneNode {
  ir::Graph g;
  ir::Node* node = nullptr;
  OneNode(OpKind op, const std::vector<Shape>& inputs) {
    std::vector<ir::Value*> ins;
    for (size_t i = 0; i < inputs.size(); ++i) {
      ins.push_back(g.AddInput("x" + std::to_string(i), inputs[i]));
    }
    node = g.AddNode(op, "n", ins);
  }
  // The rule's shapes, or the rule's error text prefixed by "error: ".
  std::string Rule() const {
    ErrorOr<std::vector<Shape>> r = ir::InferShapes(*node);
    if (!r.ok()) return "error: " + r.error().message();
    std::string s;
    for (const Shape& sh : r.value()) s += ir::ShapeToString(sh);
    return s;
  }
};

TEST(ShapeRules, EveryOpHasARuleThatAnswersWithoutCrashing) {
  // Bare nodes (no attributes, no params) of every op: the rule gives a shape or an error, never
  // an internal error (an op added to ops.def without a rule aborts here).
  for (OpKind op : ir::AllOps()) {
    const ir::OpInfo& info = ir::Info(op);
    std::vector<Shape> inputs(static_cast<size_t>(std::max(info.min_inputs, 0)), Shape{4, 6, 6});
    OneNode n(op, inputs);
    if (op == OpKind::kSplit) continue;  // needs its outputs' count; covered below
    std::string rule = n.Rule();
    EXPECT_FALSE(rule.empty() && !inputs.empty()) << info.name;
  }
}

TEST(ShapeRules, PointwiseOpsBroadcast) {
  OneNode add(OpKind::kAdd, {{4, 1, 6}, {5, 1}});
  EXPECT_EQ(add.Rule(), "[4,5,6]");
  OneNode bad(OpKind::kMul, {{4, 3}, {5}});
  EXPECT_EQ(bad.Rule(), "error: shapes [4,3] and [5] do not broadcast");
  OneNode sum(OpKind::kSum, {{2, 3}, {3}, {1, 3}});
  EXPECT_EQ(sum.Rule(), "[2,3]");
}

TEST(ShapeRules, ConvolutionsAndPools) {
  OneNode conv(OpKind::kConv, {{3, 17, 16}});
  conv.node->params["weight"] = ir::Tensor(Shape{8, 3, 3, 3});
  conv.node->attrs.Set("strides", std::vector<int64_t>{2, 2});
  conv.node->attrs.Set("pads", std::vector<int64_t>{1, 1, 1, 0});
  EXPECT_EQ(conv.Rule(), "[8,9,8]");  // (17+2-3)/2+1, (16+1-3)/2+1
  conv.node->attrs.Set("channels_last", int64_t{1});
  EXPECT_EQ(conv.Rule(), "error: weight [8,3,3,3] does not match 16 input channels in 1 group(s)");

  OneNode depthwise(OpKind::kConv, {{6, 5, 5}});
  depthwise.node->params["weight"] = ir::Tensor(Shape{6, 1, 3, 3});
  depthwise.node->attrs.Set("group", int64_t{6});
  depthwise.node->attrs.Set("dilations", std::vector<int64_t>{2, 1});
  EXPECT_EQ(depthwise.Rule(), "[6,1,3]");

  OneNode up(OpKind::kConvTranspose, {{4, 3, 5}});
  up.node->params["weight"] = ir::Tensor(Shape{4, 2, 3, 3});
  up.node->attrs.Set("strides", std::vector<int64_t>{2, 2});
  up.node->attrs.Set("output_padding", std::vector<int64_t>{1, 0});
  up.node->attrs.Set("pads", std::vector<int64_t>{1, 1, 1, 1});
  EXPECT_EQ(up.Rule(), "[2,6,9]");  // 2*(3-1)+1+3-2, 2*(5-1)+0+3-2

  OneNode pool(OpKind::kMaxPool, {{5, 7, 7}});
  pool.node->attrs.Set("kernel_shape", std::vector<int64_t>{2, 3});
  pool.node->attrs.Set("strides", std::vector<int64_t>{2, 2});
  EXPECT_EQ(pool.Rule(), "[5,3,3]");
  pool.node->attrs.Set("ceil_mode", int64_t{1});
  EXPECT_EQ(pool.Rule(), "[5,4,3]");  // the last window starts inside the input
  pool.node->attrs.Set("channels_last", int64_t{1});
  EXPECT_EQ(pool.Rule(), "[3,3,7]");  // spatial axes 5 and 7, channels 7 last

  OneNode global(OpKind::kGlobalAveragePool, {{4, 4, 9}});
  global.node->attrs.Set("channels_last", int64_t{1});
  EXPECT_EQ(global.Rule(), "[1,1,9]");
}

TEST(ShapeRules, MovementOps) {
  OneNode t(OpKind::kTranspose, {{2, 3, 4}});
  t.node->attrs.Set("perm", std::vector<int64_t>{2, 0, 1});
  EXPECT_EQ(t.Rule(), "[4,2,3]");
  t.node->attrs.Set("perm", std::vector<int64_t>{2, 2, 1});
  EXPECT_EQ(t.Rule(), "error: perm is not a permutation of the axes of [2,3,4]");

  OneNode cat(OpKind::kConcat, {{2, 3}, {2, 5}});
  cat.node->attrs.Set("axis", int64_t{-1});
  EXPECT_EQ(cat.Rule(), "[2,8]");
  cat.node->attrs.Set("axis", int64_t{0});
  EXPECT_EQ(cat.Rule(), "error: inputs [2,3] and [2,5] differ");

  OneNode slice(OpKind::kSlice, {{10, 4}});
  slice.node->attrs.Set("starts", std::vector<int64_t>{-1});
  slice.node->attrs.Set("ends", std::vector<int64_t>{-100});
  slice.node->attrs.Set("axes", std::vector<int64_t>{0});
  slice.node->attrs.Set("steps", std::vector<int64_t>{-3});
  EXPECT_EQ(slice.Rule(), "[4,4]");  // 9, 6, 3, 0

  OneNode pad(OpKind::kPad, {{3, 4}});
  pad.node->attrs.Set("pads", std::vector<int64_t>{1, 0, 2, -1});
  EXPECT_EQ(pad.Rule(), "[6,3]");

  OneNode reduce(OpKind::kReduceMean, {{3, 4, 5}});
  reduce.node->attrs.Set("axes", std::vector<int64_t>{-1, 1});
  reduce.node->attrs.Set("keepdims", int64_t{0});
  EXPECT_EQ(reduce.Rule(), "[3]");

  OneNode d2s(OpKind::kDepthToSpace, {{8, 2, 3}});
  d2s.node->attrs.Set("blocksize", int64_t{2});
  EXPECT_EQ(d2s.Rule(), "[2,4,6]");
  OneNode s2d(OpKind::kSpaceToDepth, {{2, 4, 5}});
  s2d.node->attrs.Set("blocksize", int64_t{2});
  EXPECT_EQ(s2d.Rule(), "error: spatial size of [2,4,5] is not a multiple of 2");

  ir::Graph g;
  ir::Value* x = g.AddInput("x", {6});
  ir::Node* split = g.AddNode(OpKind::kSplit, "s", {x}, 2);
  split->attrs.Set("split", std::vector<int64_t>{2, 4});
  ErrorOr<std::vector<Shape>> pieces = ir::InferShapes(*split);
  ASSERT_TRUE(pieces.ok());
  EXPECT_EQ(pieces.value(), (std::vector<Shape>{{2}, {4}}));
}

TEST(ShapeRules, LinearOps) {
  OneNode dense(OpKind::kDense, {{7, 16}});
  dense.node->params["weight"] = ir::Tensor(Shape{16, 5});
  EXPECT_EQ(dense.Rule(), "[7,5]");
  dense.node->params["weight"] = ir::Tensor(Shape{15, 5});
  EXPECT_EQ(dense.Rule(), "error: weight [15,5] does not match input [7,16]");

  OneNode mm(OpKind::kMatMul, {{3, 1, 4, 5}, {2, 5, 6}});
  EXPECT_EQ(mm.Rule(), "[3,2,4,6]");

  OneNode bn(OpKind::kBatchNorm, {{4, 3}});
  bn.node->params["scale"] = ir::Tensor(Shape{3});
  EXPECT_EQ(bn.Rule(), "error: scale has 3 values for 4 channels");
  bn.node->attrs.Set("channels_last", int64_t{1});
  EXPECT_EQ(bn.Rule(), "[4,3]");
}

// Ops whose output shape is the node's own data: the rule checks it rather than computes it.
TEST(ShapeRules, ReshapeAndResizeCheckTheirRecordedShape) {
  OneNode reshape(OpKind::kReshape, {{4, 6}});
  reshape.node->outputs[0]->shape = {3, 8};
  EXPECT_EQ(reshape.Rule(), "[3,8]");
  reshape.node->outputs[0]->shape = {3, 7};
  EXPECT_EQ(reshape.Rule(), "error: reshape from [4,6] to [3,7] changes the number of elements");

  OneNode resize(OpKind::kResize, {{3, 5, 5}});
  resize.node->attrs.Set("scales", std::vector<double>{1.0, 1.5, 2.0});
  resize.node->outputs[0]->shape = {3, 7, 10};
  EXPECT_EQ(resize.Rule(), "[3,7,10]");
  resize.node->outputs[0]->shape = {3, 7, 12};
  EXPECT_EQ(resize.Rule(), "error: output [3,7,12] is not input [3,5,5] resized by the scales");
}

TEST(ShapeRules, VerifierReportsANodeWhoseShapeDisagreesWithItsRule) {
  ir::Graph g;
  ir::Value* x = g.AddInput("x", {3, 8, 8});
  ir::Node* pool = g.AddNode(OpKind::kMaxPool, "pool", {x});
  pool->attrs.Set("kernel_shape", std::vector<int64_t>{2, 2});
  pool->attrs.Set("strides", std::vector<int64_t>{2, 2});
  pool->outputs[0]->shape = {3, 4, 4};
  ir::Node* relu = g.AddNode(OpKind::kRelu, "relu", {pool->outputs[0]});
  relu->outputs[0]->shape = {3, 4, 4};
  g.MarkOutput(relu->outputs[0]);
  EXPECT_TRUE(ir::Verify(g).empty());

  // A pass that changed the stride but not the shape would now be caught where it happened.
  pool->attrs.Set("strides", std::vector<int64_t>{1, 1});
  std::vector<std::string> problems = ir::Verify(g);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0],
            "node 'pool' (max_pool): output 'pool' has shape [3,4,4]; the shape rule gives "
            "[3,7,7]");
}

}  // namespace
}  // namespace loom
