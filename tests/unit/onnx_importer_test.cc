// The ONNX importer: exact error messages, folded constants and params, and the shared models.
#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "loom/frontends/onnx.h"
#include "loom/ref/float_engine.h"
#include "loom/support/npy.h"

namespace loom::frontends {
namespace {

using ir::OpKind;
using ir::Shape;

constexpr char kFile[] = "m.onnx";

// Builds a small ONNX model with the protobuf classes.
class ModelBuilder {
 public:
  explicit ModelBuilder(int64_t opset = 17) {
    model_.set_ir_version(8);
    model_.set_producer_name("onnx_importer_test");
    auto* o = model_.add_opset_import();
    o->set_domain("");
    o->set_version(opset);
    graph_ = model_.mutable_graph();
    graph_->set_name("g");
  }

  void AddOpset(const std::string& domain, int64_t version) {
    auto* o = model_.add_opset_import();
    o->set_domain(domain);
    o->set_version(version);
  }

  onnx::ValueInfoProto* Input(const std::string& name, const std::vector<int64_t>& dims) {
    auto* v = graph_->add_input();
    v->set_name(name);
    auto* tt = v->mutable_type()->mutable_tensor_type();
    tt->set_elem_type(onnx::TensorProto::FLOAT);
    auto* shape = tt->mutable_shape();
    for (int64_t d : dims) shape->add_dim()->set_dim_value(d);
    return v;
  }

  void Output(const std::string& name) {
    auto* v = graph_->add_output();
    v->set_name(name);
    v->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
  }

  void Initializer(const std::string& name, const std::vector<int64_t>& dims,
                   const std::vector<float>& values) {
    auto* t = graph_->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims) t->add_dims(d);
    for (float v : values) t->add_float_data(v);
  }

  void IntInitializer(const std::string& name, const std::vector<int64_t>& dims,
                      const std::vector<int64_t>& values) {
    auto* t = graph_->add_initializer();
    t->set_name(name);
    t->set_data_type(onnx::TensorProto::INT64);
    for (int64_t d : dims) t->add_dims(d);
    for (int64_t v : values) t->add_int64_data(v);
  }

  onnx::NodeProto* Node(const std::string& op, const std::string& name,
                        const std::vector<std::string>& inputs,
                        const std::vector<std::string>& outputs, const std::string& domain = "") {
    auto* n = graph_->add_node();
    n->set_op_type(op);
    n->set_name(name);
    if (!domain.empty()) n->set_domain(domain);
    for (const auto& i : inputs) n->add_input(i);
    for (const auto& o : outputs) n->add_output(o);
    return n;
  }

  std::string Bytes() const {
    std::string s;
    EXPECT_TRUE(model_.SerializeToString(&s));
    return s;
  }

  ErrorOr<ir::Graph> Import() const { return ImportOnnxBytes(Bytes(), kFile); }

 private:
  onnx::ModelProto model_;
  onnx::GraphProto* graph_ = nullptr;
};

void SetInt(onnx::NodeProto* n, const std::string& name, int64_t v) {
  auto* a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(v);
}

void SetFloat(onnx::NodeProto* n, const std::string& name, float v) {
  auto* a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::FLOAT);
  a->set_f(v);
}

void SetInts(onnx::NodeProto* n, const std::string& name, const std::vector<int64_t>& v) {
  auto* a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INTS);
  for (int64_t x : v) a->add_ints(x);
}

void SetString(onnx::NodeProto* n, const std::string& name, const std::string& v) {
  auto* a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::STRING);
  a->set_s(v);
}

std::string ErrorText(const ErrorOr<ir::Graph>& g) {
  return g.ok() ? "(no error)" : g.error().message();
}

std::string Lines(std::initializer_list<std::string> lines) {
  std::string s;
  for (const std::string& l : lines) s += (s.empty() ? "" : "\n") + l;
  return s;
}

std::vector<const ir::Node*> NodesOf(const ir::Graph& g, OpKind op) {
  std::vector<const ir::Node*> out;
  for (const auto& n : g.nodes()) {
    if (n->op == op) out.push_back(n.get());
  }
  return out;
}

void ExpectTensor(const ir::Tensor* t, const Shape& shape, const std::vector<float>& want,
                  double tol = 1e-6) {
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->shape, shape);
  ASSERT_EQ(t->data.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_NEAR(t->data[i], want[i], tol) << "element " << i;
  }
}

// A valid float model: X [1, 3] -> Gemm(W [3, 2], b [2]) -> Relu -> Y.
ModelBuilder SmallMlp() {
  ModelBuilder b;
  b.Input("X", {1, 3});
  b.Initializer("W", {3, 2}, {1, 2, 3, 4, 5, 6});
  b.Initializer("B", {2}, {0.5f, -0.5f});
  b.Node("Gemm", "fc", {"X", "W", "B"}, {"h"});
  b.Node("Relu", "act", {"h"}, {"Y"});
  b.Output("Y");
  return b;
}

TEST(OnnxImporterTest, SmallMlpImports) {
  auto g = SmallMlp().Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  ASSERT_EQ(g.value().inputs().size(), 1u);
  EXPECT_EQ(g.value().inputs()[0]->shape, (Shape{3}));
  ASSERT_EQ(g.value().outputs().size(), 1u);
  EXPECT_EQ(g.value().outputs()[0]->shape, (Shape{2}));
  EXPECT_EQ(NodesOf(g.value(), OpKind::kDense).size(), 1u);
  EXPECT_EQ(NodesOf(g.value(), OpKind::kRelu).size(), 1u);
}

TEST(OnnxImporterTest, EmptyBytes) {
  auto g = ImportOnnxBytes("", "empty.onnx");
  EXPECT_EQ(ErrorText(g), "empty.onnx: error: the file is empty");
}

TEST(OnnxImporterTest, RandomBytesAreNotAModel) {
  // 't' (0x74) starts field 14 with wire type 4 (end group) without a start: never parses.
  auto g = ImportOnnxBytes("this is not an ONNX model\n\xff\xfe", "junk.onnx");
  EXPECT_EQ(ErrorText(g),
            "junk.onnx: error: not a valid ONNX model (the protobuf does not parse: truncated, "
            "corrupt, or not ONNX)");
}

TEST(OnnxImporterTest, TruncatedModel) {
  std::string bytes = SmallMlp().Bytes();
  auto g = ImportOnnxBytes(bytes.substr(0, bytes.size() / 2), "cut.onnx");
  EXPECT_EQ(ErrorText(g),
            "cut.onnx: error: not a valid ONNX model (the protobuf does not parse: truncated, "
            "corrupt, or not ONNX)");
}

TEST(OnnxImporterTest, EveryTruncationGivesAnErrorNamingTheFile) {
  std::string bytes = SmallMlp().Bytes();
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    auto g = ImportOnnxBytes(bytes.substr(0, cut), "cut.onnx");
    if (g.ok()) continue;  // a cut at a field boundary can leave a smaller valid model
    EXPECT_EQ(g.error().message().rfind("cut.onnx: ", 0), 0u)
        << "cut " << cut << ": " << g.error().message();
  }
}

TEST(OnnxImporterTest, ProtobufWithoutGraphOrOpset) {
  onnx::ModelProto m;
  m.set_ir_version(8);
  std::string bytes;
  ASSERT_TRUE(m.SerializeToString(&bytes));
  EXPECT_EQ(ErrorText(ImportOnnxBytes(bytes, kFile)),
            "m.onnx: error: not an ONNX model (no graph and no opset)");
}

TEST(OnnxImporterTest, AllProblemsAreReportedAtOnce) {
  ModelBuilder b;
  b.Input("X", {1, 4});
  b.IntInitializer("idx", {1, 1}, {2});
  b.Node("Relu", "act", {"X"}, {"r"});
  b.Node("GatherND", "gnd", {"r", "idx"}, {"g"});
  auto* e = b.Node("Einsum", "ein", {"r"}, {"e"});
  SetString(e, "equation", "bi->b");
  b.Output("g");
  b.Output("e");
  EXPECT_EQ(ErrorText(b.Import()), Lines({
                                       "m.onnx: node 'gnd' (GatherND): unsupported op",
                                       "m.onnx: node 'ein' (Einsum): unsupported op",
                                       "m.onnx: 2 problems (2 unsupported)",
                                   }));
}

TEST(OnnxImporterTest, UnsupportedOpInACustomDomainNamesTheDomain) {
  ModelBuilder b;
  b.AddOpset("com.example", 1);
  b.Input("X", {1, 4});
  b.Node("Frobnicate", "f", {"X"}, {"Y"}, "com.example");
  b.Output("Y");
  EXPECT_EQ(ErrorText(b.Import()),
            Lines({"m.onnx: node 'f' (Frobnicate): unsupported op in domain 'com.example'",
                   "m.onnx: 1 problem (1 unsupported)"}));
}

TEST(OnnxImporterTest, DynamicNonBatchDimension) {
  ModelBuilder b;
  auto* in = b.Input("X", {1, 4});
  in->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim(1)->set_dim_param(
      "features");
  b.Node("Relu", "act", {"X"}, {"Y"});
  b.Output("Y");
  EXPECT_EQ(ErrorText(b.Import()),
            Lines({"m.onnx: input 'X': error: dimension 1 is dynamic ('features'); loom needs "
                   "static shapes: export with fixed sizes",
                   "m.onnx: 1 problem (0 unsupported)"}));
}

TEST(OnnxImporterTest, DynamicBatchDimensionIsFine) {
  ModelBuilder b;
  auto* in = b.Input("X", {1, 4});
  in->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim(0)->set_dim_param("N");
  b.Node("Relu", "act", {"X"}, {"Y"});
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  EXPECT_EQ(g.value().inputs()[0]->shape, (Shape{4}));
}

TEST(OnnxImporterTest, InputShapesOptionResolvesADynamicDimension) {
  ModelBuilder b;
  auto* in = b.Input("X", {1, 4});
  in->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim(1)->set_dim_param("F");
  b.Node("Relu", "act", {"X"}, {"Y"});
  b.Output("Y");
  OnnxImportOptions options;
  options.input_shapes["X"] = {1, 6};
  auto g = ImportOnnxBytes(b.Bytes(), kFile, options);
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  EXPECT_EQ(g.value().inputs()[0]->shape, (Shape{6}));
}

TEST(OnnxImporterTest, MissingInitializer) {
  ModelBuilder b;
  b.Input("X", {1, 3});
  b.Node("MatMul", "mm", {"X", "W"}, {"h"});
  b.Node("Relu", "act", {"h"}, {"Y"});
  b.Output("Y");
  EXPECT_EQ(ErrorText(b.Import()),
            Lines({"m.onnx: node 'mm' (MatMul): error: input 'W' is not produced by any node, "
                   "initializer or graph input",
                   "m.onnx: 1 problem (0 unsupported)"}));
}

TEST(OnnxImporterTest, OldOpsetIsRejected) {
  ModelBuilder b(5);
  b.Input("X", {1, 3});
  b.Node("Relu", "act", {"X"}, {"Y"});
  b.Output("Y");
  EXPECT_EQ(ErrorText(b.Import()),
            "m.onnx: error: ONNX opset 5 is not supported (loom reads opsets 6 to 25); convert "
            "the model with onnx.version_converter");
}

TEST(OnnxImporterTest, Opset17IsAccepted) {
  ModelBuilder b(17);
  b.Input("X", {1, 3});
  b.Node("Relu", "act", {"X"}, {"Y"});
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  EXPECT_EQ(NodesOf(g.value(), OpKind::kRelu).size(), 1u);
}

TEST(OnnxImporterTest, GemmFoldsAlphaTransposeAndBeta) {
  ModelBuilder b;
  b.Input("X", {1, 3});
  // B is [N=2, K=3] because transB=1.
  b.Initializer("B", {2, 3}, {1, 2, 3, 4, 5, 6});
  b.Initializer("C", {2}, {10, -20});
  auto* gemm = b.Node("Gemm", "fc", {"X", "B", "C"}, {"Y"});
  SetInt(gemm, "transB", 1);
  SetFloat(gemm, "alpha", 0.5f);
  SetFloat(gemm, "beta", 2.0f);
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  auto dense = NodesOf(g.value(), OpKind::kDense);
  ASSERT_EQ(dense.size(), 1u);
  ASSERT_EQ(g.value().nodes().size(), 2u);  // the input and the dense layer
  EXPECT_EQ(dense[0]->outputs[0]->shape, (Shape{2}));
  // weight[k][n] = alpha * B[n][k].
  ExpectTensor(dense[0]->param("weight"), {3, 2}, {0.5f, 2.0f, 1.0f, 2.5f, 1.5f, 3.0f});
  ExpectTensor(dense[0]->param("bias"), {2}, {20.0f, -40.0f});
}

TEST(OnnxImporterTest, GemmWithTransAIsUnsupported) {
  ModelBuilder b;
  b.Input("X", {3, 1});
  b.Initializer("B", {3, 2}, {1, 2, 3, 4, 5, 6});
  auto* gemm = b.Node("Gemm", "fc", {"X", "B"}, {"Y"});
  SetInt(gemm, "transA", 1);
  b.Output("Y");
  EXPECT_EQ(ErrorText(b.Import()),
            Lines({"m.onnx: node 'fc' (Gemm): unsupported: transA=1 (the batch is the first axis "
                   "of A)",
                   "m.onnx: 1 problem (1 unsupported)"}));
}

TEST(OnnxImporterTest, BatchNormalizationFoldsToScaleAndBias) {
  ModelBuilder b;
  b.Input("X", {1, 2, 2, 2});
  b.Initializer("gamma", {2}, {2.0f, 0.5f});
  b.Initializer("beta", {2}, {1.0f, -1.0f});
  b.Initializer("mean", {2}, {3.0f, -4.0f});
  b.Initializer("var", {2}, {4.0f, 0.25f});
  auto* bn = b.Node("BatchNormalization", "bn", {"X", "gamma", "beta", "mean", "var"}, {"Y"});
  SetFloat(bn, "epsilon", 0.0f);
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  auto nodes = NodesOf(g.value(), OpKind::kBatchNorm);
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0]->outputs[0]->shape, (Shape{2, 2, 2}));
  // scale = gamma / sqrt(var + eps) = {2 / 2, 0.5 / 0.5}; bias = beta - mean * scale.
  ExpectTensor(nodes[0]->param("scale"), {2}, {1.0f, 1.0f});
  ExpectTensor(nodes[0]->param("bias"), {2}, {-2.0f, 3.0f});
}

TEST(OnnxImporterTest, BatchNormalizationUsesEpsilon) {
  ModelBuilder b;
  b.Input("X", {1, 1, 3});
  b.Initializer("gamma", {1}, {3.0f});
  b.Initializer("beta", {1}, {0.5f});
  b.Initializer("mean", {1}, {2.0f});
  b.Initializer("var", {1}, {8.0f});
  auto* bn = b.Node("BatchNormalization", "bn", {"X", "gamma", "beta", "mean", "var"}, {"Y"});
  SetFloat(bn, "epsilon", 1.0f);
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  auto nodes = NodesOf(g.value(), OpKind::kBatchNorm);
  ASSERT_EQ(nodes.size(), 1u);
  // scale = 3 / sqrt(8 + 1) = 1; bias = 0.5 - 2 * 1.
  ExpectTensor(nodes[0]->param("scale"), {1}, {1.0f});
  ExpectTensor(nodes[0]->param("bias"), {1}, {-1.5f});
}

TEST(OnnxImporterTest, ConcatOnTheBatchAxisIsUnsupported) {
  ModelBuilder b;
  b.Input("X", {1, 3});
  b.Input("Z", {1, 3});
  auto* cat = b.Node("Concat", "cat", {"X", "Z"}, {"Y"});
  SetInt(cat, "axis", 0);
  b.Output("Y");
  EXPECT_EQ(ErrorText(b.Import()),
            Lines({"m.onnx: node 'cat' (Concat): unsupported: axis 0 is the batch axis; loom "
                   "compiles one sample at a time and cannot operate across the batch",
                   "m.onnx: 1 problem (1 unsupported)"}));
}

TEST(OnnxImporterTest, ConcatOnAFeatureAxis) {
  ModelBuilder b;
  b.Input("X", {1, 3});
  b.Input("Z", {1, 2});
  auto* cat = b.Node("Concat", "cat", {"X", "Z"}, {"Y"});
  SetInt(cat, "axis", -1);
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  auto nodes = NodesOf(g.value(), OpKind::kConcat);
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0]->outputs[0]->shape, (Shape{5}));
  EXPECT_EQ(nodes[0]->attrs.GetInt("axis", -7), 0);
}

// The PyTorch flatten export: Reshape(X, Concat(Unsqueeze(Gather(Shape(X), 0)), [-1])).
TEST(OnnxImporterTest, ShapeArithmeticFoldsIntoAReshape) {
  ModelBuilder b(13);
  b.Input("X", {1, 2, 3, 4});
  b.IntInitializer("zero", {}, {0});
  b.IntInitializer("axes", {1}, {0});
  b.IntInitializer("minus_one", {1}, {-1});
  b.Node("Shape", "shape", {"X"}, {"s"});
  auto* gather = b.Node("Gather", "gather", {"s", "zero"}, {"batch"});
  SetInt(gather, "axis", 0);
  b.Node("Unsqueeze", "unsqueeze", {"batch", "axes"}, {"batch1"});
  auto* cat = b.Node("Concat", "cat", {"batch1", "minus_one"}, {"target"});
  SetInt(cat, "axis", 0);
  b.Node("Reshape", "reshape", {"X", "target"}, {"flat"});
  b.Node("Relu", "act", {"flat"}, {"Y"});
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  // Only the input, the reshape and the relu remain: the shape chain folded away.
  ASSERT_EQ(g.value().nodes().size(), 3u) << ir::Print(g.value());
  auto reshapes = NodesOf(g.value(), OpKind::kReshape);
  ASSERT_EQ(reshapes.size(), 1u);
  EXPECT_EQ(reshapes[0]->outputs[0]->shape, (Shape{24}));
  EXPECT_EQ(reshapes[0]->inputs[0], g.value().inputs()[0]);
  EXPECT_EQ(g.value().outputs()[0]->shape, (Shape{24}));
}

TEST(OnnxImporterTest, ReshapeChangingTheBatchAxisIsUnsupported) {
  ModelBuilder b;
  b.Input("X", {1, 2, 3});
  b.IntInitializer("target", {1}, {-1});
  b.Node("Reshape", "reshape", {"X", "target"}, {"Y"});
  b.Output("Y");
  EXPECT_EQ(ErrorText(b.Import()),
            Lines({"m.onnx: node 'reshape' (Reshape): unsupported: target shape [6] changes the "
                   "batch axis (size 1)",
                   "m.onnx: 1 problem (1 unsupported)"}));
}

// y = (clamp(round_half_even(x / scale + zp), min, max) - zp) * scale, signed 4 bits: [-8, 7].
TEST(OnnxImporterTest, QonnxQuantOnAWeightIsFolded) {
  ModelBuilder b;
  b.AddOpset("qonnx.custom_op.general", 1);
  b.Input("X", {1, 3});
  b.Initializer("W", {3, 2}, {0.3f, 1.25f, -0.75f, 5.0f, -5.0f, 0.74f});
  b.Initializer("scale", {}, {0.5f});
  b.Initializer("zp", {}, {1.0f});
  b.Initializer("bits", {}, {4.0f});
  auto* q = b.Node("Quant", "wq", {"W", "scale", "zp", "bits"}, {"Wq"}, "qonnx.custom_op.general");
  SetInt(q, "signed", 1);
  SetInt(q, "narrow", 0);
  SetString(q, "rounding_mode", "ROUND");
  b.Node("MatMul", "mm", {"X", "Wq"}, {"Y"});
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  EXPECT_TRUE(NodesOf(g.value(), OpKind::kQuant).empty()) << ir::Print(g.value());
  auto dense = NodesOf(g.value(), OpKind::kDense);
  ASSERT_EQ(dense.size(), 1u);
  EXPECT_EQ(dense[0]->outputs[0]->shape, (Shape{2}));
  //  0.3:  0.6 + 1 =  1.6 ->  2 -> ( 2 - 1) * 0.5 =  0.5
  //  1.25: 2.5 + 1 =  3.5 ->  4 (tie to even) -> 1.5
  // -0.75: -1.5 + 1 = -0.5 -> -0 (tie to even) -> -0.5
  //  5.0:  10 + 1 = 11 -> clamp 7 -> 3.0
  // -5.0: -10 + 1 = -9 -> clamp -8 -> -4.5
  //  0.74: 1.48 + 1 = 2.48 -> 2 -> 0.5
  ExpectTensor(dense[0]->param("weight"), {3, 2}, {0.5f, 1.5f, -0.5f, 3.0f, -4.5f, 0.5f}, 0);
}

TEST(OnnxImporterTest, QonnxQuantOnActivationsStaysInTheGraph) {
  ModelBuilder b;
  b.AddOpset("qonnx.custom_op.general", 1);
  b.Input("X", {1, 3});
  b.Initializer("scale", {}, {0.25f});
  b.Initializer("zp", {}, {0.0f});
  b.Initializer("bits", {}, {6.0f});
  b.Node("Quant", "xq", {"X", "scale", "zp", "bits"}, {"Y"}, "qonnx.custom_op.general");
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  auto quant = NodesOf(g.value(), OpKind::kQuant);
  ASSERT_EQ(quant.size(), 1u);
  ExpectTensor(quant[0]->param("scale"), {}, {0.25f});
  ExpectTensor(quant[0]->param("bitwidth"), {}, {6.0f});
}

// QONNX keeps a channels-last Conv's weight as [M, kH, kW, C/group]; its executor transposes it
// to ONNX's [M, C/group, kH, kW] with the data.
TEST(OnnxImporterTest, ChannelsLastConvWeightIsTransposed) {
  ModelBuilder b;
  b.AddOpset("qonnx.custom_op.channels_last", 1);
  b.Input("X", {1, 4, 5, 3});
  // W[o][0][w][c] = 6 * o + 3 * w + c.
  b.Initializer("W", {2, 1, 2, 3}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
  b.Initializer("B", {2}, {0.5f, -0.5f});
  auto* conv = b.Node("Conv", "conv", {"X", "W", "B"}, {"Y"}, "qonnx.custom_op.channels_last");
  SetInts(conv, "kernel_shape", {1, 2});
  SetInts(conv, "strides", {1, 1});
  SetInts(conv, "dilations", {1, 1});
  SetInts(conv, "pads", {0, 0, 0, 0});
  SetInt(conv, "group", 1);
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  auto convs = NodesOf(g.value(), OpKind::kConv);
  ASSERT_EQ(convs.size(), 1u);
  EXPECT_EQ(convs[0]->inputs[0]->shape, (Shape{3, 4, 5}));
  EXPECT_EQ(convs[0]->outputs[0]->shape, (Shape{2, 4, 4}));
  ExpectTensor(convs[0]->param("weight"), {2, 3, 1, 2}, {0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11}, 0);
  ExpectTensor(convs[0]->param("bias"), {2}, {0.5f, -0.5f}, 0);
  EXPECT_EQ(g.value().outputs()[0]->shape, (Shape{4, 4, 2}));
}

TEST(OnnxImporterTest, ChannelsLastDepthwiseConv) {
  ModelBuilder b;
  b.AddOpset("qonnx.custom_op.channels_last", 1);
  b.Input("X", {1, 4, 4, 3});
  std::vector<float> w(3 * 3 * 3);
  for (size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>(i);
  b.Initializer("W", {3, 3, 3, 1}, w);
  auto* conv = b.Node("Conv", "dw", {"X", "W"}, {"Y"}, "qonnx.custom_op.channels_last");
  SetInts(conv, "kernel_shape", {3, 3});
  SetInts(conv, "pads", {1, 1, 1, 1});
  SetInt(conv, "group", 3);
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  auto convs = NodesOf(g.value(), OpKind::kConv);
  ASSERT_EQ(convs.size(), 1u);
  // With one input channel per group the layouts hold the same values in the same order.
  ExpectTensor(convs[0]->param("weight"), {3, 1, 3, 3}, w, 0);
  EXPECT_EQ(g.value().outputs()[0]->shape, (Shape{4, 4, 3}));
}

// Before the fix these read element -1 of an empty shape.
TEST(OnnxImporterTest, ChannelsLastOpsOnARankOneInputAreErrors) {
  ModelBuilder b;
  b.AddOpset("qonnx.custom_op.channels_last", 1);
  b.Input("X", {1});
  b.Initializer("W", {1, 1, 1}, {1});
  b.Node("Conv", "conv", {"X", "W"}, {"Y"}, "qonnx.custom_op.channels_last");
  auto* pool = b.Node("MaxPool", "pool", {"X"}, {"Z"}, "qonnx.custom_op.channels_last");
  SetInts(pool, "kernel_shape", {1});
  b.Output("Y");
  b.Output("Z");
  EXPECT_EQ(ErrorText(b.Import()),
            Lines({"m.onnx: node 'conv' (Conv): error: input must have channels and at least one "
                   "spatial axis",
                   "m.onnx: node 'pool' (MaxPool): error: input must have channels and at least "
                   "one spatial axis",
                   "m.onnx: 2 problems (0 unsupported)"}));
}

// Empty scalar operands used to throw std::out_of_range out of the importer.
TEST(OnnxImporterTest, EmptyScalarOperandsAreErrors) {
  ModelBuilder b;
  b.Input("X", {1, 4});
  b.Initializer("empty", {0}, {});
  b.IntInitializer("pads", {4}, {0, 1, 0, 1});
  b.Node("Clip", "clip", {"X", "empty"}, {"c"});
  b.Node("Pad", "pad", {"X", "pads", "empty"}, {"p"});
  b.Node("Range", "range", {"empty", "empty", "empty"}, {"r"});
  b.Node("Add", "add", {"X", "r"}, {"a"});
  b.Output("c");
  b.Output("p");
  b.Output("a");
  EXPECT_EQ(ErrorText(b.Import()), Lines({
                                       "m.onnx: node 'clip' (Clip): error: min is empty",
                                       "m.onnx: node 'pad' (Pad): error: constant_value is empty",
                                       "m.onnx: node 'range' (Range): error: start is empty",
                                       "m.onnx: 3 problems (0 unsupported)",
                                   }));
}

// Used to throw std::out_of_range from output_shape.at(1).
TEST(OnnxImporterTest, ConvTransposeOutputShapeOfTheWrongLength) {
  ModelBuilder b;
  b.Input("X", {1, 2, 4, 4});
  b.Initializer("W", {2, 1, 3, 3}, std::vector<float>(18, 1.0f));
  auto* ct = b.Node("ConvTranspose", "ct", {"X", "W"}, {"Y"});
  SetInts(ct, "output_shape", {5});
  b.Output("Y");
  EXPECT_EQ(ErrorText(b.Import()),
            Lines({"m.onnx: node 'ct' (ConvTranspose): error: output_shape must have 2 values",
                   "m.onnx: 1 problem (0 unsupported)"}));
}

// Used to divide by zero.
TEST(OnnxImporterTest, SplitIntoZeroParts) {
  ModelBuilder b(18);
  b.Input("X", {1, 4});
  auto* split = b.Node("Split", "split", {"X"}, {"Y"});
  SetInt(split, "axis", 1);
  SetInt(split, "num_outputs", 0);
  b.Output("Y");
  EXPECT_EQ(ErrorText(b.Import()),
            Lines({"m.onnx: node 'split' (Split): error: cannot split into 0 parts for 1 outputs",
                   "m.onnx: 1 problem (0 unsupported)"}));
}

TEST(OnnxImporterTest, SplitWithoutOutputs) {
  ModelBuilder b(13);
  b.Input("X", {1, 4});
  auto* split = b.Node("Split", "split", {"X"}, {});
  SetInt(split, "axis", 1);
  b.Node("Relu", "act", {"X"}, {"Y"});
  b.Output("Y");
  EXPECT_EQ(ErrorText(b.Import()),
            Lines({"m.onnx: node 'split' (Split): error: cannot split into 0 parts for 0 outputs",
                   "m.onnx: 1 problem (0 unsupported)"}));
}

TEST(OnnxImporterTest, SplitEvenly) {
  ModelBuilder b(18);
  b.Input("X", {1, 6});
  auto* split = b.Node("Split", "split", {"X"}, {"Y", "Z"});
  SetInt(split, "axis", 1);
  SetInt(split, "num_outputs", 2);
  b.Output("Y");
  b.Output("Z");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  auto splits = NodesOf(g.value(), OpKind::kSplit);
  ASSERT_EQ(splits.size(), 1u);
  EXPECT_EQ(splits[0]->attrs.GetInts("split"), (std::vector<int64_t>{3, 3}));
}

// blocksize * blocksize used to overflow (to 0 for 2^40, then a division by zero).
TEST(OnnxImporterTest, HugeBlocksize) {
  ModelBuilder b;
  b.Input("X", {1, 4, 2, 2});
  auto* d2s = b.Node("DepthToSpace", "d2s", {"X"}, {"Y"});
  SetInt(d2s, "blocksize", int64_t{1} << 40);
  b.Output("Y");
  EXPECT_EQ(ErrorText(b.Import()),
            Lines({"m.onnx: node 'd2s' (DepthToSpace): error: blocksize value 1099511627776 is out "
                   "of range",
                   "m.onnx: 1 problem (0 unsupported)"}));
}

// Folding a Flatten of a constant used to read past the shape for an axis beyond its rank (and
// divide by zero when that read 0).
TEST(OnnxImporterTest, FoldedFlattenWithAnAxisOutOfRange) {
  ModelBuilder b;
  b.Input("X", {1, 2, 3});
  b.Initializer("C", {2, 3}, {1, 2, 3, 4, 5, 6});
  auto* flatten = b.Node("Flatten", "flatten", {"C"}, {"f"});
  SetInt(flatten, "axis", 5);
  b.Node("Add", "add", {"X", "f"}, {"Y"});
  b.Output("Y");
  EXPECT_EQ(ErrorText(b.Import()),
            Lines({"m.onnx: node 'flatten' (Flatten): error: axis 5 is out of range",
                   "m.onnx: 1 problem (0 unsupported)"}));
}

TEST(OnnxImporterTest, FoldedFlatten) {
  ModelBuilder b;
  b.Input("X", {1, 6});
  b.Initializer("C", {1, 2, 3}, {1, 2, 3, 4, 5, 6});
  auto* flatten = b.Node("Flatten", "flatten", {"C"}, {"f"});
  SetInt(flatten, "axis", 1);
  b.Node("Add", "add", {"X", "f"}, {"Y"});
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  // C flattened at axis 1 is [1, 6]: one sample's worth of operand.
  auto adds = NodesOf(g.value(), OpKind::kAdd);
  ASSERT_EQ(adds.size(), 1u);
  ASSERT_EQ(adds[0]->inputs.size(), 2u);
  const ir::Node* c = adds[0]->inputs[1]->producer;
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->op, OpKind::kConstant);
  ExpectTensor(c->param("value"), {6}, {1, 2, 3, 4, 5, 6}, 0);
}

// A node folded on constants that leaves an output unbound used to throw std::out_of_range
// (map::at), or, when the output name was already bound, to crash in the float engine.
TEST(OnnxImporterTest, FoldedNodeWithAnExtraOutput) {
  ModelBuilder b;
  b.Input("X", {1, 2, 3});
  b.Initializer("C", {2, 3}, {1, 2, 3, 4, 5, 6});
  b.Initializer("D", {2, 3}, {1, 2, 3, 4, 5, 6});
  b.Node("Relu", "fresh", {"C"}, {"a", "b"});
  b.Node("Relu", "rebind", {"C"}, {"c", "D"});
  b.Node("Add", "add", {"X", "a"}, {"Y"});
  b.Output("Y");
  EXPECT_EQ(ErrorText(b.Import()),
            Lines({"m.onnx: node 'fresh' (Relu): unsupported: output 1 ('b')",
                   "m.onnx: node 'rebind' (Relu): unsupported: output 1 ('D')",
                   "m.onnx: 2 problems (2 unsupported)"}));
}

// Identity and Dropout without outputs used to fail a protobuf CHECK (output(0)).
TEST(OnnxImporterTest, IdentityWithoutOutputs) {
  ModelBuilder b;
  b.Input("X", {1, 3});
  b.Node("Identity", "id", {"X"}, {});
  b.Node("Dropout", "drop", {"X"}, {});
  b.Node("Relu", "act", {"X"}, {"Y"});
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  EXPECT_EQ(NodesOf(g.value(), OpKind::kRelu).size(), 1u);
}

// The element count of a Reshape target used to overflow int64.
TEST(OnnxImporterTest, ReshapeTargetTooLarge) {
  ModelBuilder b;
  b.Input("X", {1, 2, 3});
  b.IntInitializer("target", {5}, {1, 1 << 28, 1 << 28, 1 << 28, -1});
  b.Node("Reshape", "reshape", {"X", "target"}, {"Y"});
  b.Output("Y");
  EXPECT_EQ(ErrorText(b.Import()), Lines({"m.onnx: node 'reshape' (Reshape): error: target shape "
                                          "[1,268435456,268435456,268435456,-1] is too large",
                                          "m.onnx: 1 problem (0 unsupported)"}));
}

// The sum of the split sizes used to overflow int64.
TEST(OnnxImporterTest, SplitSizesTooLarge) {
  ModelBuilder b;
  b.Input("X", {1, 2, 3});
  b.IntInitializer("split", {2}, {int64_t{1} << 62, int64_t{1} << 62});
  auto* split = b.Node("Split", "split", {"X", "split"}, {"Y", "Z"});
  SetInt(split, "axis", 1);
  b.Output("Y");
  b.Output("Z");
  EXPECT_EQ(ErrorText(b.Import()),
            Lines({"m.onnx: node 'split' (Split): error: split value 4611686018427387904 is out "
                   "of range",
                   "m.onnx: 1 problem (0 unsupported)"}));
}

// An input_shapes entry longer than the declared shape used to fail a protobuf CHECK (dim(i)).
TEST(OnnxImporterTest, InputShapesOptionWithAnUnknownDimension) {
  ModelBuilder b;
  b.Input("X", {1});
  b.Node("Relu", "act", {"X"}, {"Y"});
  b.Output("Y");
  OnnxImportOptions options;
  options.input_shapes["X"] = {1, 4, 0};
  EXPECT_EQ(ErrorText(ImportOnnxBytes(b.Bytes(), kFile, options)),
            Lines({"m.onnx: input 'X': error: dimension 2 is dynamic (unknown); loom needs static "
                   "shapes: export with fixed sizes",
                   "m.onnx: 1 problem (0 unsupported)"}));
}

// Ops folded on constants with a missing input used to dereference a null constant.
TEST(OnnxImporterTest, FoldedOpsWithAMissingInput) {
  ModelBuilder b;
  b.Input("X", {1, 3});
  b.IntInitializer("idx", {1}, {0});
  b.Node("Cast", "cast", {}, {"c"});
  b.Node("Gather", "gather", {"", "idx"}, {"g"});
  b.Node("ConstantOfShape", "fill", {}, {"f"});
  b.Node("Range", "range", {"idx", "idx"}, {"r"});
  b.Node("PRelu", "prelu", {"X"}, {"Y"});
  b.Output("Y");
  EXPECT_EQ(ErrorText(b.Import()), Lines({
                                       "m.onnx: node 'cast' (Cast): error: input 0 is missing",
                                       "m.onnx: node 'gather' (Gather): error: input 0 is missing",
                                       "m.onnx: node 'fill' (ConstantOfShape): error: input 0 is "
                                       "missing",
                                       "m.onnx: node 'range' (Range): error: input 2 is missing",
                                       "m.onnx: node 'prelu' (PRelu): error: slope (input 1) is "
                                       "missing",
                                       "m.onnx: 5 problems (0 unsupported)",
                                   }));
}

// Found by libFuzzer (a 491-byte "slow unit"): folding this Pad of constants computed 182M
// elements, taking minutes and gigabytes under the sanitizers.
TEST(OnnxImporterTest, FoldedConstantTooLarge) {
  ModelBuilder b;
  b.Input("X", {1, 5});
  b.Initializer("C", {1, 3, 4, 5}, std::vector<float>(60, 1.0f));
  b.IntInitializer("pads", {8}, {1, -2, -1, 0, 2, 2, 3801088, 0});
  b.IntInitializer("shape", {2}, {4096, 4097});
  auto* pad = b.Node("Pad", "pad", {"C", "pads"}, {"p"});
  SetString(pad, "mode", "edge");
  b.Node("ConstantOfShape", "fill", {"shape"}, {"f"});
  b.Node("Add", "add", {"X", "p"}, {"Y"});
  b.Node("Add", "add2", {"X", "f"}, {"Z"});
  b.Output("Y");
  b.Output("Z");
  EXPECT_EQ(ErrorText(b.Import()),
            Lines({"m.onnx: node 'pad' (Pad): error: folding constants: the result "
                   "[4,3,3801091,5] is too large",
                   "m.onnx: node 'fill' (ConstantOfShape): error: shape [4096,4097] is too large",
                   "m.onnx: 2 problems (0 unsupported)"}));
}

// The fuzz target also feeds every input to the .npy reader. The element count of this shape
// used to overflow int64 (undefined behaviour) and wrap to 0, accepting a 2^74-element array
// holding no data.
// A BatchNorm written out by an exporter (FINN/Brevitas style): every op on constants folds,
// whatever it is, so only the four elementwise nodes on data remain.
TEST(OnnxImporterTest, ConstantSubgraphsFoldWhateverTheOp) {
  ModelBuilder b(13);
  b.Input("X", {1, 3});
  b.Initializer("mean", {3}, {1.0f, 2.0f, 3.0f});
  b.Initializer("var", {3}, {4.0f, 9.0f, 16.0f});
  b.Initializer("eps", {}, {0.0f});
  b.Initializer("half", {}, {0.5f});
  b.Initializer("gamma", {3}, {2.0f, 3.0f, 4.0f});
  b.Initializer("beta", {3}, {-1.0f, 0.0f, 1.0f});
  b.Node("Sub", "sub", {"X", "mean"}, {"c"});
  b.Node("Add", "add_eps", {"var", "eps"}, {"ve"});
  b.Node("Pow", "pow", {"ve", "half"}, {"std"});
  b.Node("Reciprocal", "recip", {"std"}, {"inv"});
  b.Node("Neg", "neg", {"inv"}, {"ninv"});
  b.Node("Abs", "abs", {"ninv"}, {"ainv"});
  b.Node("Mul", "scale", {"c", "ainv"}, {"n"});
  b.Node("Mul", "gamma_mul", {"n", "gamma"}, {"g"});
  b.Node("Add", "beta_add", {"g", "beta"}, {"Y"});
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  EXPECT_EQ(NodesOf(g.value(), OpKind::kMul).size(), 2u) << ir::Print(g.value());
  // The folded 1/std reaches the first Mul as a constant: 1/2, 1/3, 1/4.
  const ir::Node* mul = NodesOf(g.value(), OpKind::kMul)[0];
  const ir::Node* c = mul->inputs[1]->producer;
  ASSERT_EQ(c->op, OpKind::kConstant);
  ExpectTensor(c->param("value"), {3}, {0.5f, 1.0f / 3.0f, 0.25f});
}

// Shape arithmetic with integer division, comparisons, Where, Expand and ReduceProd folds with
// integer semantics into a reshape target.
TEST(OnnxImporterTest, IntegerShapeArithmeticFolds) {
  ModelBuilder b(13);
  b.Input("X", {1, 2, 6});
  b.IntInitializer("two", {}, {2});
  b.IntInitializer("one_idx", {1}, {1});
  b.IntInitializer("last", {1}, {2});
  b.IntInitializer("minus_one", {1}, {-1});
  b.IntInitializer("zero", {1}, {0});
  b.Node("Shape", "shape", {"X"}, {"s"});
  b.Node("Gather", "g_last", {"s", "last"}, {"w"});    // [6]
  b.Node("Div", "half", {"w", "two"}, {"w2"});         // [3], not 3.0 by float rounding
  b.Node("Gather", "g_ch", {"s", "one_idx"}, {"ch"});  // [2]
  b.Node("Mul", "mul", {"ch", "two"}, {"ch2"});        // [4]
  b.Node("Equal", "eq", {"w2", "w2"}, {"same"});       // [true]
  b.Node("Where", "where", {"same", "minus_one", "zero"}, {"first"});  // [-1]
  b.Node("Expand", "expand", {"first", "one_idx"}, {"first1"});        // [-1]
  b.Node("ReduceProd", "prod", {"w2"}, {"p"});                         // [3] with keepdims
  auto* cat = b.Node("Concat", "cat", {"zero", "first1", "p"}, {"target"});
  SetInt(cat, "axis", 0);
  b.Node("Reshape", "reshape", {"X", "target"}, {"Y"});
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  EXPECT_EQ(g.value().outputs()[0]->shape, (Shape{4, 3})) << ir::Print(g.value());
}

TEST(OnnxImporterTest, UnsupportedOpOnDataIsStillReported) {
  ModelBuilder b(13);
  b.Input("X", {1, 3});
  b.Node("Hardmax", "hardmax", {"X"}, {"Y"});
  b.Output("Y");
  EXPECT_EQ(ErrorText(b.Import()), Lines({"m.onnx: node 'hardmax' (Hardmax): unsupported op",
                                          "m.onnx: 1 problem (1 unsupported)"}));
}

// Pow on data by a constant: whole exponents 1..4 are repeated exact multiplication, -1 a division
// of 1, an exponent that is not whole the log-domain table op pow; other whole exponents are
// refused with the exponent named.
TEST(OnnxImporterTest, PowByAConstantExponent) {
  for (float k : {1.0f, 2.0f, 3.0f}) {
    ModelBuilder b(13);
    b.Input("X", {1, 3});
    b.Initializer("k", {}, {k});
    b.Node("Pow", "pow", {"X", "k"}, {"Y"});
    b.Output("Y");
    auto g = b.Import();
    ASSERT_TRUE(g.ok()) << ErrorText(g);
    int muls = 0;
    for (const auto& n : g.value().nodes()) muls += n->op == OpKind::kMul ? 1 : 0;
    EXPECT_EQ(muls, static_cast<int>(k) - 1) << ir::Print(g.value());
  }
  {
    ModelBuilder b(13);
    b.Input("X", {1, 3});
    b.Initializer("k", {}, {-0.5f});
    b.Node("Pow", "pow", {"X", "k"}, {"Y"});
    b.Output("Y");
    auto g = b.Import();
    ASSERT_TRUE(g.ok()) << ErrorText(g);
    const ir::Node& n = *g.value().nodes().back();
    EXPECT_EQ(n.op, OpKind::kPow);
    EXPECT_EQ(ir::FloatAttr(n, "exponent"), -0.5);
  }
  {
    ModelBuilder b(13);
    b.Input("X", {1, 3});
    b.Initializer("k", {}, {-1.0f});
    b.Node("Pow", "pow", {"X", "k"}, {"Y"});
    b.Output("Y");
    auto g = b.Import();
    ASSERT_TRUE(g.ok()) << ErrorText(g);
    EXPECT_EQ(g.value().nodes().back()->op, OpKind::kDiv);
  }
  ModelBuilder b(13);
  b.Input("X", {1, 3});
  b.Initializer("k", {}, {5.0f});
  b.Node("Pow", "pow", {"X", "k"}, {"Y"});
  b.Output("Y");
  std::string text = ErrorText(b.Import());
  EXPECT_NE(text.find("node 'pow' (Pow): unsupported: whole exponent 5 on data;"),
            std::string::npos)
      << text;
}

// Gelu (opset 20) keeps its form; an unknown form is an error naming the valid ones. Exp and Erf
// import as lookup-table ops.
TEST(OnnxImporterTest, GeluExpAndErfAreTableOps) {
  for (const char* form : {"none", "tanh"}) {
    ModelBuilder b(20);
    b.Input("X", {1, 3});
    SetString(b.Node("Gelu", "gelu", {"X"}, {"h"}), "approximate", form);
    b.Node("Exp", "exp", {"h"}, {"e"});
    b.Node("Erf", "erf", {"e"}, {"Y"});
    b.Output("Y");
    auto g = b.Import();
    ASSERT_TRUE(g.ok()) << ErrorText(g);
    auto gelu = NodesOf(g.value(), OpKind::kGelu);
    ASSERT_EQ(gelu.size(), 1u);
    EXPECT_EQ(ir::StringAttr(*gelu[0], "approximate"), form);
    EXPECT_EQ(NodesOf(g.value(), OpKind::kExp).size(), 1u);
    EXPECT_EQ(NodesOf(g.value(), OpKind::kErf).size(), 1u);
  }
  ModelBuilder b(20);
  b.Input("X", {1, 3});
  SetString(b.Node("Gelu", "gelu", {"X"}, {"Y"}), "approximate", "fast");
  b.Output("Y");
  std::string text = ErrorText(b.Import());
  EXPECT_NE(text.find("approximate 'fast' is not valid; valid: none, tanh"), std::string::npos)
      << text;
}

// Mean of N inputs is their sum divided by the constant N; one input is the input itself.
TEST(OnnxImporterTest, MeanIsASumDividedByTheCount) {
  ModelBuilder b(13);
  b.Input("A", {1, 3});
  b.Input("B", {1, 3});
  b.Input("C", {1, 3});
  b.Node("Mean", "mean", {"A", "B", "C"}, {"Y"});
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  auto sums = NodesOf(g.value(), OpKind::kSum);
  auto divs = NodesOf(g.value(), OpKind::kDiv);
  ASSERT_EQ(sums.size(), 1u);
  ASSERT_EQ(divs.size(), 1u);
  EXPECT_EQ(sums[0]->inputs.size(), 3u);
  EXPECT_EQ(divs[0]->inputs[0], sums[0]->outputs[0]);
  const ir::Node* count = divs[0]->inputs[1]->producer;
  ASSERT_EQ(count->op, OpKind::kConstant);
  EXPECT_EQ(count->param("value")->data, std::vector<float>{3.0f});
  auto y = ref::Run(g.value(), {ir::Tensor({3}, {1, 2, 3}), ir::Tensor({3}, {4, 5, 6}),
                                ir::Tensor({3}, {-2, 0, 9})});
  ASSERT_TRUE(y.ok()) << y.error().message();
  EXPECT_EQ(y.value()[0].data, (std::vector<float>{1, 7.0f / 3, 6}));

  ModelBuilder one(13);
  one.Input("A", {1, 3});
  one.Node("Mean", "mean", {"A"}, {"Y"});
  one.Output("Y");
  auto g1 = one.Import();
  ASSERT_TRUE(g1.ok()) << ErrorText(g1);
  EXPECT_TRUE(NodesOf(g1.value(), OpKind::kDiv).empty());
}

// PyTorch's `.float()` on data is a Cast to FLOAT: nothing to compute. Casts to integers of
// run-time data are refused with the type named.
TEST(OnnxImporterTest, CastOfDataToFloatPassesThrough) {
  ModelBuilder b(13);
  b.Input("X", {1, 3});
  b.Node("Relu", "relu", {"X"}, {"h"});
  SetInt(b.Node("Cast", "cast", {"h"}, {"c"}), "to", onnx::TensorProto::FLOAT);
  b.Node("Relu", "relu2", {"c"}, {"Y"});
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  EXPECT_EQ(NodesOf(g.value(), OpKind::kRelu).size(), 2u);

  ModelBuilder i(13);
  i.Input("X", {1, 3});
  SetInt(i.Node("Cast", "cast", {"X"}, {"Y"}), "to", onnx::TensorProto::INT8);
  i.Output("Y");
  EXPECT_EQ(
      ErrorText(i.Import()),
      Lines({"m.onnx: node 'cast' (Cast): unsupported: 'Cast' of a value computed at run "
             "time to INT8 (only casts to float, and casts of comparison results, are accepted)",
             "m.onnx: 1 problem (1 unsupported)"}));
}

// Comparisons of computed values become op compare; Not, And, Or, Xor, Where and Cast of their
// 0/1 results become exact arithmetic; each evaluates as ONNX defines it.
TEST(OnnxImporterTest, ComparisonsAndBooleanOps) {
  ModelBuilder b(13);
  b.Input("X", {1, 4});
  b.Initializer("half", {}, {0.5f});
  b.Initializer("zero", {}, {0.0f});
  b.Initializer("minus", {4}, {-1, -2, -3, -4});
  b.Node("Greater", "gt", {"X", "half"}, {"g"});
  b.Node("LessOrEqual", "le", {"X", "zero"}, {"le"});
  b.Node("Not", "not", {"g"}, {"ng"});
  b.Node("Or", "or", {"ng", "le"}, {"o"});
  b.Node("And", "and", {"g", "o"}, {"a"});
  b.Node("Xor", "xor", {"g", "le"}, {"x"});
  SetInt(b.Node("Cast", "cast", {"x"}, {"xi"}), "to", onnx::TensorProto::INT32);
  SetInt(b.Node("Cast", "castf", {"xi"}, {"xf"}), "to", onnx::TensorProto::FLOAT);
  b.Node("Where", "where", {"g", "X", "minus"}, {"W"});
  b.Node("Where", "relu", {"g", "X", "zero"}, {"R"});
  b.Node("Add", "sum", {"a", "xf"}, {"S"});
  b.Output("W");
  b.Output("R");
  b.Output("S");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  EXPECT_EQ(NodesOf(g.value(), OpKind::kCompare).size(), 2u);
  const std::vector<float> x = {-1.0f, 0.5f, 0.75f, 0.0f};
  auto out = ref::Run(g.value(), {ir::Tensor({4}, x)});
  ASSERT_TRUE(out.ok()) << out.error().message();
  // g = x > 0.5: 0 0 1 0; le = x <= 0: 1 0 0 1.
  EXPECT_EQ(out.value()[0].data, (std::vector<float>{-1, -2, 0.75f, -4}));
  EXPECT_EQ(out.value()[1].data, (std::vector<float>{0, 0, 0.75f, 0}));
  // and(g, or(not g, le)) = 0 0 0 0; xor(g, le) = 1 0 1 1.
  EXPECT_EQ(out.value()[2].data, (std::vector<float>{1, 0, 1, 1}));

  // A boolean op on a value that is not a comparison's result is refused, naming the node.
  ModelBuilder r(13);
  r.Input("X", {1, 4});
  r.Input("Y", {1, 4});
  r.Node("Where", "where", {"X", "X", "Y"}, {"W"});
  r.Output("W");
  EXPECT_EQ(ErrorText(r.Import()),
            Lines({"m.onnx: node 'where' (Where): unsupported: Where's condition is not the result "
                   "of a comparison (loom computes boolean ops only on the 0/1 results of Greater, "
                   "Less, Equal and the ops built on them)",
                   "m.onnx: 1 problem (1 unsupported)"}));
}

// Tile of a computed value is a concatenation of copies per repeated axis (np.tile); repeating
// the batch axis is refused.
TEST(OnnxImporterTest, TileOfComputedValues) {
  ModelBuilder b(13);
  b.Input("X", {1, 2, 3});
  b.IntInitializer("reps", {3}, {1, 2, 3});
  b.Node("Tile", "tile", {"X", "reps"}, {"Y"});
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  auto out = ref::Run(g.value(), {ir::Tensor({2, 3}, {1, 2, 3, 4, 5, 6})});
  ASSERT_TRUE(out.ok()) << out.error().message();
  EXPECT_EQ(out.value()[0].shape, (Shape{4, 9}));
  std::vector<float> want;
  for (int rep = 0; rep < 2; ++rep) {
    for (int r = 0; r < 2; ++r) {
      for (int k = 0; k < 3; ++k) {
        for (int c = 0; c < 3; ++c) want.push_back(static_cast<float>(r * 3 + c + 1));
      }
    }
  }
  EXPECT_EQ(out.value()[0].data, want);

  ModelBuilder r(13);
  r.Input("X", {1, 2});
  r.IntInitializer("reps", {2}, {2, 1});
  r.Node("Tile", "tile", {"X", "reps"}, {"Y"});
  r.Output("Y");
  EXPECT_EQ(ErrorText(r.Import()),
            Lines({"m.onnx: node 'tile' (Tile): unsupported: repeats the batch axis; loom compiles "
                   "one sample at a time",
                   "m.onnx: 1 problem (1 unsupported)"}));
}

// LayerNormalization, InstanceNormalization and LogSoftmax are built from loom's ops; the float
// engine computes ONNX's formulas (the inverse square root through pow's table function).
TEST(OnnxImporterTest, NormalizationsAndLogSoftmax) {
  ModelBuilder b(17);
  b.Input("X", {1, 2, 4});
  b.Initializer("ls", {4}, {1.0f, 2.0f, -1.0f, 0.5f});
  b.Initializer("lb", {4}, {0.0f, 0.25f, 0.5f, -1.0f});
  b.Initializer("is", {2}, {2.0f, -0.5f});
  b.Initializer("ib", {2}, {0.1f, 0.2f});
  SetFloat(b.Node("LayerNormalization", "ln", {"X", "ls", "lb"}, {"L"}), "epsilon", 0.01f);
  SetFloat(b.Node("InstanceNormalization", "in", {"X", "is", "ib"}, {"I"}), "epsilon", 0.01f);
  b.Node("LogSoftmax", "lsm", {"X"}, {"S"});
  b.Output("L");
  b.Output("I");
  b.Output("S");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  const std::vector<float> x = {0.5f, -1.0f, 2.0f, 0.25f, 3.0f, 1.0f, -2.0f, 0.0f};
  auto out = ref::Run(g.value(), {ir::Tensor({2, 4}, x)});
  ASSERT_TRUE(out.ok()) << out.error().message();
  const float ls[4] = {1.0f, 2.0f, -1.0f, 0.5f}, lb[4] = {0.0f, 0.25f, 0.5f, -1.0f};
  const float is[2] = {2.0f, -0.5f}, ib[2] = {0.1f, 0.2f};
  for (int r = 0; r < 2; ++r) {
    double mean = 0, var = 0, top = -1e9, sum = 0;
    for (int k = 0; k < 4; ++k) {
      mean += x[r * 4 + k] / 4.0;
      top = std::max<double>(top, x[r * 4 + k]);
    }
    for (int k = 0; k < 4; ++k) {
      var += (x[r * 4 + k] - mean) * (x[r * 4 + k] - mean) / 4.0;
      sum += std::exp(x[r * 4 + k] - top);
    }
    for (int k = 0; k < 4; ++k) {
      double n = (x[r * 4 + k] - mean) / std::sqrt(var + 0.01);
      EXPECT_NEAR(out.value()[0].data[r * 4 + k], n * ls[k] + lb[k], 1e-5);
      EXPECT_NEAR(out.value()[1].data[r * 4 + k], n * is[r] + ib[r], 1e-5);
      EXPECT_NEAR(out.value()[2].data[r * 4 + k], x[r * 4 + k] - top - std::log(sum), 1e-5);
    }
  }
}

// QONNX Trunc version 1 (five inputs) is read as QONNX's executor computes it: q = round(x / s +
// z), then rounding_mode(q / 2^(in - out)), then (q - z) * s; version 2 (an output scale, six
// inputs) is refused naming the version.
TEST(OnnxImporterTest, QonnxTruncVersions) {
  ModelBuilder b(13);
  b.Input("X", {1, 5});
  b.Initializer("s", {}, {0.25f});
  b.Initializer("z", {}, {0.0f});
  b.Initializer("in_bits", {}, {8.0f});
  b.Initializer("out_bits", {}, {6.0f});
  b.Node("Trunc", "trunc", {"X", "s", "z", "in_bits", "out_bits"}, {"Y"},
         "qonnx.custom_op.general");
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  const std::vector<float> x = {1.0f, 1.75f, -1.0f, 3.0f, -0.5f};
  auto out = ref::Run(g.value(), {ir::Tensor({5}, x)});
  ASSERT_TRUE(out.ok()) << out.error().message();
  std::vector<float> want;
  for (float v : x) want.push_back(std::floor(std::nearbyint(v / 0.25f) / 4.0f) * 0.25f);
  EXPECT_EQ(out.value()[0].data, want);

  ModelBuilder v2(13);
  v2.Input("X", {1, 5});
  v2.Initializer("s", {}, {0.25f});
  v2.Initializer("z", {}, {0.0f});
  v2.Initializer("bits", {}, {8.0f});
  v2.Initializer("out_s", {}, {1.0f});
  v2.Node("Trunc", "trunc", {"X", "s", "z", "bits", "out_s", "bits"}, {"Y"},
          "qonnx.custom_op.general");
  v2.Output("Y");
  EXPECT_EQ(ErrorText(v2.Import()),
            Lines({"m.onnx: node 'trunc' (Trunc): unsupported: the Trunc form with an output scale "
                   "(QONNX Trunc version 2; loom reads version 1)",
                   "m.onnx: 1 problem (1 unsupported)"}));
}

// tf2onnx's Tensordot (a Keras Dense on a rank-3 input): Reshape [N, 3, 2] -> [-1, 2], MatMul,
// bias Add and Relu on the merged rows, Reshape back to [N, 3, 4]: computed on the unmerged
// per-sample value. A merged value reaching an output or another op is refused.
TEST(OnnxImporterTest, ReshapeMergingLeadingAxesIntoTheBatch) {
  ModelBuilder b(13);
  b.Input("X", {1, 3, 2});
  b.IntInitializer("rows", {2}, {-1, 2});
  b.IntInitializer("back", {3}, {1, 3, 4});
  b.Initializer("W", {2, 4}, {1, 2, 3, 4, -1, 0.5f, 0, 2});
  b.Initializer("bias", {4}, {0.5f, -10, 0, 1});
  b.Node("Reshape", "merge", {"X", "rows"}, {"m"});
  b.Node("MatMul", "mm", {"m", "W"}, {"p"});
  b.Node("Add", "add", {"p", "bias"}, {"q"});
  b.Node("Relu", "relu", {"q"}, {"r"});
  b.Node("Reshape", "unmerge", {"r", "back"}, {"Y"});
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  const std::vector<float> x = {1, 2, -1, 0.5f, 3, -2};
  auto out = ref::Run(g.value(), {ir::Tensor({3, 2}, x)});
  ASSERT_TRUE(out.ok()) << out.error().message();
  const float w[2][4] = {{1, 2, 3, 4}, {-1, 0.5f, 0, 2}};
  const float bias[4] = {0.5f, -10, 0, 1};
  std::vector<float> want;
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 4; ++c) {
      want.push_back(std::max(0.0f, x[r * 2] * w[0][c] + x[r * 2 + 1] * w[1][c] + bias[c]));
    }
  }
  EXPECT_EQ(out.value()[0].shape, (Shape{3, 4}));
  EXPECT_EQ(out.value()[0].data, want);

  ModelBuilder r(13);
  r.Input("X", {1, 3, 2});
  r.IntInitializer("rows", {2}, {-1, 2});
  r.Node("Reshape", "merge", {"X", "rows"}, {"m"});
  r.Node("Softmax", "softmax", {"m"}, {"s"});
  r.Node("Relu", "relu", {"m"}, {"Y"});
  r.Output("s");
  r.Output("Y");
  EXPECT_EQ(ErrorText(r.Import()),
            Lines({"m.onnx: node 'softmax' (Softmax): unsupported: reads the output of a Reshape "
                   "that merges axes into the batch axis; loom accepts that only for MatMul by a "
                   "constant, elementwise ops and activations until a Reshape restores the batch",
                   "m.onnx: output 'Y': unsupported: the output's leading axes are merged into the "
                   "batch axis (a Reshape to [N, ...] restores them)",
                   "m.onnx: 2 problems (2 unsupported)"}));
}

// Before opset 7 a one-axis PRelu slope is per channel (axis 1), not broadcast from the right.
TEST(OnnxImporterTest, PReluSlopePerChannelInOpset6) {
  ModelBuilder b(6);
  b.Input("X", {1, 3, 4});
  b.Initializer("slope", {3}, {0.1f, 0.2f, 0.3f});
  b.Node("PRelu", "prelu", {"X", "slope"}, {"Y"});
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  auto prelu = NodesOf(g.value(), OpKind::kPRelu);
  ASSERT_EQ(prelu.size(), 1u);
  EXPECT_EQ(prelu[0]->inputs[1]->shape, (Shape{3, 1}));
}

// Older Keras exports: Gemm -> Transpose -> BatchNormalization -> Transpose with the batch fixed
// to 1. The transposes cancel around a per-feature BatchNorm (which then fuses into the Gemm).
TEST(OnnxImporterTest, TransposedBatchNormAroundTheBatchAxis) {
  ModelBuilder b(9);
  b.Input("X", {1, 3});
  b.Initializer("W", {3, 4}, {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0});
  b.Initializer("gamma", {4}, {1, 2, 3, 4});
  b.Initializer("beta", {4}, {0, 0, 0, 1});
  b.Initializer("mean", {4}, {0, 0, 0, 0});
  b.Initializer("var", {4}, {1, 1, 1, 1});
  b.Node("Gemm", "fc", {"X", "W"}, {"h"});
  SetInts(b.Node("Transpose", "t1", {"h"}, {"ht"}), "perm", {1, 0});
  auto* bn = b.Node("BatchNormalization", "bn", {"ht", "gamma", "beta", "mean", "var"}, {"bt"});
  SetFloat(bn, "epsilon", 0.0f);
  SetInts(b.Node("Transpose", "t2", {"bt"}, {"Y"}), "perm", {1, 0});
  b.Output("Y");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  EXPECT_TRUE(NodesOf(g.value(), OpKind::kTranspose).empty()) << ir::Print(g.value());
  auto bns = NodesOf(g.value(), OpKind::kBatchNorm);
  ASSERT_EQ(bns.size(), 1u);
  EXPECT_EQ(bns[0]->outputs[0]->shape, (Shape{4}));
  ExpectTensor(bns[0]->param("scale"), {4}, {1, 2, 3, 4});
}

TEST(OnnxImporterTest, BatchMovingTransposeIntoOtherOpsIsUnsupported) {
  ModelBuilder b(13);
  b.Input("X", {1, 3});
  SetInts(b.Node("Transpose", "t1", {"X"}, {"xt"}), "perm", {1, 0});
  b.Node("Relu", "relu", {"xt"}, {"Y"});
  b.Output("Y");
  EXPECT_EQ(ErrorText(b.Import()),
            Lines({"m.onnx: node 'relu' (Relu): unsupported: reads the output of a Transpose that "
                   "moves the batch axis; loom accepts that only when a Transpose moves it back, "
                   "with at most a BatchNormalization in between",
                   "m.onnx: 1 problem (1 unsupported)"}));
}

TEST(NpyTest, ShapeWhoseSizeOverflowsIsRejected) {
  std::string header =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (17179869184, 1099511627776), }";
  std::string bytes("\x93NUMPY\x01\x00", 8);
  bytes += static_cast<char>(header.size());
  bytes += '\0';
  bytes += header;
  auto a = ParseNpy(bytes, "x.npy");
  EXPECT_EQ(a.ok() ? "(no error)" : a.error().message(),
            "x.npy: error: not a valid .npy file: array too large");
}

TEST(NpyTest, SmallArray) {
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 0, 3), }";
  std::string bytes("\x93NUMPY\x01\x00", 8);
  bytes += static_cast<char>(header.size());
  bytes += '\0';
  bytes += header;
  auto a = ParseNpy(bytes, "x.npy");
  ASSERT_TRUE(a.ok()) << a.error().message();
  EXPECT_EQ(a.value().shape, (std::vector<int64_t>{2, 0, 3}));
  EXPECT_TRUE(a.value().data.empty());
}

// Every shared model imports or fails with lines that each name the file.
TEST(OnnxImporterTest, SharedModels) {
  namespace fs = std::filesystem;
  // tests/unit/<this file> -> the checkout -> ../shared/models beside it.
  fs::path root = fs::path(__FILE__).parent_path().parent_path().parent_path();
  fs::path models = root.parent_path() / "shared" / "models";
  if (!fs::is_directory(models)) models = fs::path("..") / "shared" / "models";
  std::vector<fs::path> files;
  for (const char* sub : {"onnx", "qonnx"}) {
    fs::path dir = models / sub;
    if (!fs::is_directory(dir)) continue;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.is_regular_file() && e.path().extension() == ".onnx") files.push_back(e.path());
    }
  }
  if (files.empty()) {
    GTEST_SKIP() << "no ONNX models under " << models << " (../shared/models is absent)";
  }
  std::sort(files.begin(), files.end());
  int ok = 0;
  for (const fs::path& f : files) {
    const std::string path = f.string();
    auto g = ImportOnnxFile(path);
    if (g.ok()) {
      ++ok;
      EXPECT_FALSE(g.value().outputs().empty()) << path;
      continue;
    }
    const std::string& msg = g.error().message();
    ASSERT_FALSE(msg.empty()) << path;
    std::istringstream lines(msg);
    std::string line;
    while (std::getline(lines, line)) {
      EXPECT_EQ(line.rfind(path + ": ", 0), 0u)
          << path << ": line does not name the file: " << line;
    }
  }
  std::cout << "[          ] " << ok << " of " << files.size() << " shared models import\n";
}

// A GRU running in reverse (layout 1, batch first) with an initial state and both biases: Y holds
// each step's state at its own time index and Y_h the state after the first element, as the ONNX
// equations give them (z, r = sigmoid; h~ = tanh(x Wh + (r * h) Rh + Rbh + Wbh);
// h = (1 - z) * h~ + z * h).
TEST(OnnxImporterTest, GruReverseWithInitialState) {
  const int64_t T = 3, I = 2, H = 2;
  ModelBuilder b(14);
  b.Input("X", {1, T, I});
  std::vector<float> w(3 * H * I), r(3 * H * H), bias(6 * H), h0 = {0.5f, -0.25f};
  for (size_t i = 0; i < w.size(); ++i) w[i] = 0.3f * static_cast<float>(i % 5) - 0.6f;
  for (size_t i = 0; i < r.size(); ++i) r[i] = 0.2f * static_cast<float>(i % 7) - 0.5f;
  for (size_t i = 0; i < bias.size(); ++i) bias[i] = 0.1f * static_cast<float>(i % 4) - 0.15f;
  b.Initializer("W", {1, 3 * H, I}, w);
  b.Initializer("R", {1, 3 * H, H}, r);
  b.Initializer("B", {1, 6 * H}, bias);
  b.Initializer("h0", {1, 1, H}, h0);
  auto* n = b.Node("GRU", "gru", {"X", "W", "R", "B", "", "h0"}, {"Y", "Y_h"});
  SetInt(n, "hidden_size", H);
  SetInt(n, "layout", 1);
  SetString(n, "direction", "reverse");
  b.Output("Y");
  b.Output("Y_h");
  auto g = b.Import();
  ASSERT_TRUE(g.ok()) << ErrorText(g);
  const std::vector<float> x = {0.5f, -1.0f, 2.0f, 0.25f, -0.75f, 1.5f};
  auto out = ref::Run(g.value(), {ir::Tensor({T, I}, x)});
  ASSERT_TRUE(out.ok()) << out.error().message();
  auto sigmoid = [](double v) { return 1.0 / (1.0 + std::exp(-v)); };
  std::vector<double> h(h0.begin(), h0.end());
  std::vector<std::vector<double>> y(T);
  for (int64_t t = T - 1; t >= 0; --t) {
    // gate g's pre-activation from x, and from a state vector s
    auto xg = [&](int64_t gate, int64_t j) {
      double a = bias[gate * H + j];
      for (int64_t i = 0; i < I; ++i) a += x[t * I + i] * w[(gate * H + j) * I + i];
      return a;
    };
    auto hg = [&](int64_t gate, int64_t j, const std::vector<double>& s) {
      double a = bias[3 * H + gate * H + j];
      for (int64_t k = 0; k < H; ++k) a += s[k] * r[(gate * H + j) * H + k];
      return a;
    };
    std::vector<double> z(H), rs(H), next(H);
    for (int64_t j = 0; j < H; ++j) {
      z[j] = sigmoid(xg(0, j) + hg(0, j, h));
      rs[j] = sigmoid(xg(1, j) + hg(1, j, h)) * h[j];
    }
    for (int64_t j = 0; j < H; ++j) {
      double cand = std::tanh(xg(2, j) + hg(2, j, rs));
      next[j] = (1 - z[j]) * cand + z[j] * h[j];
    }
    h = next;
    y[t] = h;
  }
  ASSERT_EQ(out.value()[0].shape, (ir::Shape{T, 1, H}));
  ASSERT_EQ(out.value()[1].shape, (ir::Shape{1, H}));
  for (int64_t t = 0; t < T; ++t) {
    for (int64_t j = 0; j < H; ++j) EXPECT_NEAR(out.value()[0].data[t * H + j], y[t][j], 1e-5);
  }
  for (int64_t j = 0; j < H; ++j) EXPECT_NEAR(out.value()[1].data[j], y[0][j], 1e-5);
}

// What the recurrent handlers do not read is refused naming the node and the feature.
TEST(OnnxImporterTest, RecurrentRefusals) {
  struct Case {
    std::string attr, value;
    int64_t layout;
    std::string want;
  };
  const std::vector<Case> cases = {
      {"direction", "bidirectional", 1, "(LSTM): unsupported: direction 'bidirectional'"},
      {"clip", "", 1, "(LSTM): unsupported: 'clip'"},
      {"", "", 0, "(LSTM): unsupported: layout 0 ([sequence, batch, input]) with a sequence"},
  };
  for (const Case& c : cases) {
    ModelBuilder b(14);
    b.Input("X", {2, 3, 2});
    b.Initializer("W", {1, 4, 2}, std::vector<float>(8, 0.5f));
    b.Initializer("R", {1, 4, 1}, std::vector<float>(4, 0.5f));
    auto* n = b.Node("LSTM", "lstm", {"X", "W", "R"}, {"Y"});
    SetInt(n, "hidden_size", 1);
    SetInt(n, "layout", c.layout);
    if (c.attr == "direction") SetString(n, c.attr, c.value);
    if (c.attr == "clip") SetFloat(n, c.attr, 3.0f);
    b.Output("Y");
    auto g = b.Import();
    ASSERT_FALSE(g.ok());
    EXPECT_NE(ErrorText(g).find("node 'lstm' " + c.want), std::string::npos) << ErrorText(g);
  }
}

}  // namespace
}  // namespace loom::frontends
