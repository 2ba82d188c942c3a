// C-simulation of elementwise arithmetic (with broadcasting and constant operands), the ReLU
// family, clip, hard_sigmoid/hard_swish and batch_norm equals the emulator bit for bit, with exact,
// default and narrow rounding/saturating types. Several layers share one project to keep
// compilations few.
#include <fstream>
#include <iterator>
#include <random>

#include "csim_util.h"

namespace loom::testing {
namespace {

using ir::OpKind;
using ir::Shape;

ir::Node* Op(ir::Graph& g, OpKind op, const std::string& name, std::vector<ir::Value*> ins,
             const Shape& shape) {
  ir::Node* n = g.AddNode(op, name, std::move(ins), 1);
  n->outputs[0]->shape = shape;
  return n;
}

ir::Value* Constant(ir::Graph& g, const std::string& name, const Shape& shape,
                    std::vector<float> values) {
  ir::Node* n = Op(g, OpKind::kConstant, name, {}, shape);
  n->params["value"] = ir::Tensor(shape, std::move(values));
  return n->outputs[0];
}

// add, sub, mul, div by a constant power of two, sum/max/min of several broadcast inputs, a sum
// of one input, an add of a constant operand and comparisons; every result is a graph output.
void BuildArithmetic(ir::Graph& g) {
  ir::Value* x0 = g.AddInput("x0", {2, 3, 4});
  ir::Value* x1 = g.AddInput("x1", {3, 4});
  ir::Value* x2 = g.AddInput("x2", {4});
  ir::Value* x3 = g.AddInput("x3", {2, 1, 4});
  const Shape full = {2, 3, 4};
  ir::Value* a = Op(g, OpKind::kAdd, "a", {x0, x1}, full)->outputs[0];
  ir::Value* b = Op(g, OpKind::kSub, "b", {a, x2}, full)->outputs[0];
  ir::Value* c = Op(g, OpKind::kMul, "c", {b, x3}, full)->outputs[0];
  ir::Value* pow2 = Constant(g, "pow2", {4}, {0.5f, 4.0f, -2.0f, 0.25f});
  ir::Value* dv = Op(g, OpKind::kDiv, "dv", {x0, pow2}, full)->outputs[0];
  ir::Value* s = Op(g, OpKind::kSum, "s", {x0, x1, x2, x3}, full)->outputs[0];
  ir::Value* mx = Op(g, OpKind::kMax, "mx", {x0, x3, x1}, full)->outputs[0];
  ir::Value* mn = Op(g, OpKind::kMin, "mn", {x2, x0}, full)->outputs[0];
  ir::Value* s1 = Op(g, OpKind::kSum, "s1", {x1}, {3, 4})->outputs[0];
  ir::Value* k = Constant(g, "k", {4}, {0.3f, -1.75f, 2.25f, 0.0f});
  ir::Value* ak = Op(g, OpKind::kAdd, "ak", {k, x2}, {4})->outputs[0];
  ir::Value* mk = Op(g, OpKind::kMul, "mk", {x1, k}, {3, 4})->outputs[0];
  // Comparisons (1/0) of broadcast operands of different types, one used as a Where-like gate.
  auto cmp = [&](const char* kind, const std::string& name, std::vector<ir::Value*> ins,
                 const Shape& shape) {
    ir::Node* n = Op(g, OpKind::kCompare, name, std::move(ins), shape);
    n->attrs.Set("kind", std::string(kind));
    return n->outputs[0];
  };
  ir::Value* cg = cmp("greater", "cg", {x0, x1}, full);
  ir::Value* ce = cmp("equal", "ce", {s1, x1}, {3, 4});
  ir::Value* cl = cmp("less_or_equal", "cl", {k, x2}, {4});
  ir::Value* cs = cmp("greater_or_equal", "cs", {x3, x2}, {2, 1, 4});
  ir::Value* ct = cmp("less", "ct", {x2, k}, {4});
  ir::Value* gate = Op(g, OpKind::kMul, "gate", {cg, x0}, full)->outputs[0];
  for (ir::Value* v : {c, dv, s, mx, mn, s1, ak, mk, ce, cl, cs, ct, gate}) g.MarkOutput(v);
}

TEST(ElementwiseCsim, ArithmeticExactTypes) {
  ir::Graph g;
  BuildArithmetic(g);
  EXPECT_CSIM_EXACT(EmulateAndCsim(g, "Model:\n  Precision: auto\n", "arith_auto"));
}

TEST(ElementwiseCsim, ArithmeticNarrowRoundingSaturating) {
  ir::Graph g;
  BuildArithmetic(g);
  // Mixed input types (unsigned, negative integer bits) and narrow results of every mode.
  const char* config = R"(Model:
  Precision:
    default: ap_fixed<8,3,AP_RND_CONV,AP_SAT>
LayerName:
  x0: {Precision: 'ap_fixed<12,4>'}
  x1: {Precision: 'ap_ufixed<7,2,AP_RND>'}
  x2: {Precision: 'ap_fixed<6,-1,AP_RND,AP_SAT>'}
  x3: {Precision: 'ap_fixed<10,3,AP_TRN,AP_WRAP>'}
  pow2: {Precision: auto}
  k: {Precision: 'ap_fixed<9,3,AP_RND>'}
  a: {Precision: 'ap_fixed<7,3,AP_RND,AP_SAT>'}
  b: {Precision: 'ap_fixed<9,4,AP_TRN_ZERO,AP_WRAP>'}
  c: {Precision: 'ap_fixed<8,2,AP_RND_ZERO,AP_SAT_SYM>'}
  dv: {Precision: 'ap_ufixed<6,3,AP_RND_INF,AP_SAT>'}
  s: {Precision: 'ap_fixed<7,3,AP_RND_MIN_INF,AP_WRAP>'}
  mx: {Precision: 'ap_fixed<5,1,AP_RND_CONV,AP_SAT_ZERO>'}
  mn: {Precision: 'ap_fixed<6,2,AP_TRN,AP_SAT>'}
  s1: {Precision: 'ap_fixed<4,1,AP_RND,AP_SAT>'}
  ak: {Precision: 'ap_fixed<5,2,AP_RND,AP_WRAP,1>'}
  mk: {Precision: 'ap_fixed<7,2,AP_RND_CONV,AP_SAT>'}
  cg: {Precision: 'ap_ufixed<1,1>'}
  ce: {Precision: 'ap_fixed<3,0,AP_TRN,AP_SAT>'}
  cl: {Precision: 'ap_fixed<4,1,AP_TRN,AP_WRAP>'}
  gate: {Precision: 'ap_fixed<8,3,AP_RND,AP_SAT>'}
)";
  EXPECT_CSIM_EXACT(EmulateAndCsim(g, config, "arith_narrow", 48, -6, 6));
}

// relu, leaky_relu, thresholded_relu, three clips (both bounds, one bound, min above max), abs,
// neg, sign, hard_sigmoid, hard_swish, prelu (param and input slopes), batch_norm (channels first
// and last) on one input, and a chain add -> relu -> clip -> leaky_relu.
void BuildActivations(ir::Graph& g) {
  const Shape shape = {3, 4};
  ir::Value* x = g.AddInput("x", shape);
  ir::Value* slope = g.AddInput("slope", {4});
  std::vector<ir::Value*> outs;
  auto unary = [&](OpKind op, const std::string& name) {
    ir::Node* n = Op(g, op, name, {x}, shape);
    outs.push_back(n->outputs[0]);
    return n;
  };
  unary(OpKind::kRelu, "relu");
  unary(OpKind::kLeakyRelu, "leaky")->attrs.Set("alpha", 0.1);
  unary(OpKind::kThresholdedRelu, "thresh")->attrs.Set("alpha", 0.7);
  ir::Node* clip = unary(OpKind::kClip, "clip");
  clip->attrs.Set("min", -1.5);
  clip->attrs.Set("max", 2.25);
  unary(OpKind::kClip, "clip_lo")->attrs.Set("min", 0.3);
  ir::Node* crossed = unary(OpKind::kClip, "clip_crossed");
  crossed->attrs.Set("min", 1.0);
  crossed->attrs.Set("max", -0.5);
  unary(OpKind::kAbs, "abs");
  unary(OpKind::kNeg, "neg");
  unary(OpKind::kSign, "sign");
  unary(OpKind::kHardSigmoid, "hsig");
  unary(OpKind::kHardSwish, "hswish");
  unary(OpKind::kPRelu, "prelu")->params["slope"] = ir::Tensor({3, 1}, {0.25f, -0.5f, 0.1f});
  ir::Node* prelu2 = Op(g, OpKind::kPRelu, "prelu_in", {x, slope}, shape);
  outs.push_back(prelu2->outputs[0]);
  ir::Node* bn = unary(OpKind::kBatchNorm, "bn");
  bn->params["scale"] = ir::Tensor({3}, {0.75f, -1.25f, 2.0f});
  bn->params["bias"] = ir::Tensor({3}, {0.5f, -0.125f, 1.0f});
  ir::Node* bn_last = unary(OpKind::kBatchNorm, "bn_last");
  bn_last->attrs.Set("channels_last", int64_t{1});
  bn_last->params["scale"] = ir::Tensor({4}, {0.3f, -0.6f, 1.1f, 0.05f});
  bn_last->params["bias"] = ir::Tensor({4}, {-0.2f, 0.7f, 0.0f, 1.5f});
  ir::Value* twice = Op(g, OpKind::kAdd, "twice", {x, x}, shape)->outputs[0];
  ir::Value* r = Op(g, OpKind::kRelu, "chain_relu", {twice}, shape)->outputs[0];
  ir::Node* c = Op(g, OpKind::kClip, "chain_clip", {r}, shape);
  c->attrs.Set("max", 5.0);
  ir::Node* l = Op(g, OpKind::kLeakyRelu, "chain_leaky", {c->outputs[0]}, shape);
  l->attrs.Set("alpha", 0.3);
  outs.push_back(l->outputs[0]);
  for (ir::Value* v : outs) g.MarkOutput(v);
}

TEST(ElementwiseCsim, ActivationsDefaultAndExactTypes) {
  {
    ir::Graph g;
    BuildActivations(g);
    EXPECT_CSIM_EXACT(
        EmulateAndCsim(g, "Model:\n  Precision: ap_fixed<16,6>\n", "act_default", 32, -5, 5));
  }
  {
    ir::Graph g;
    BuildActivations(g);
    EXPECT_CSIM_EXACT(EmulateAndCsim(g, "Model:\n  Precision: auto\n", "act_auto", 32, -5, 5));
  }
}

TEST(ElementwiseCsim, ActivationsNarrowRoundingSaturating) {
  ir::Graph g;
  BuildActivations(g);
  // Coarse constants (thresholds and bounds off the input's grid), unsigned and wrapping results.
  const char* config = R"(Model:
  Precision:
    default: ap_fixed<10,4,AP_RND,AP_SAT>
LayerName:
  x: {Precision: 'ap_fixed<9,4,AP_RND_CONV,AP_SAT>'}
  slope: {Precision: 'ap_fixed<5,1,AP_RND>'}
  relu: {Precision: 'ap_ufixed<5,2,AP_RND,AP_SAT>'}
  leaky:
    Precision: {param: 'ap_fixed<4,0,AP_RND>', result: 'ap_fixed<6,2,AP_RND_ZERO,AP_SAT>'}
  thresh:
    Precision: {param: 'ap_ufixed<12,2,AP_RND>', result: 'ap_fixed<6,3,AP_TRN,AP_WRAP>'}
  clip:
    Precision: {param: 'ap_fixed<14,4,AP_RND>', result: 'ap_fixed<5,2,AP_RND_INF,AP_SAT>'}
  clip_lo:
    Precision: {param: 'ap_ufixed<3,0>', result: 'ap_fixed<6,4,AP_RND_CONV,AP_SAT_SYM>'}
  clip_crossed: {Precision: {param: 'ap_fixed<6,3>', result: 'ap_fixed<4,1,AP_RND,AP_SAT>'}}
  hsig:
    Precision:
      default: ap_ufixed<6,0,AP_RND,AP_SAT>
      result: ap_ufixed<6,1,AP_RND_CONV,AP_SAT>
  hswish:
    Precision:
      default: ap_ufixed<8,0,AP_RND>
      result: ap_fixed<7,3,AP_RND,AP_SAT>
  prelu:
    Precision: {param: 'ap_fixed<5,1,AP_RND>', result: 'ap_fixed<7,3,AP_RND_ZERO,AP_SAT>'}
  prelu_in: {Precision: 'ap_fixed<8,2,AP_RND_CONV,AP_SAT_SYM>'}
  sign: {Precision: 'ap_fixed<3,0,AP_TRN,AP_SAT>'}
  bn:
    Precision:
      scale: 'ap_fixed<6,2,AP_RND>'
      bias: 'ap_fixed<5,1,AP_RND>'
      result: 'ap_fixed<7,3,AP_RND,AP_SAT>'
  bn_last:
    Precision:
      scale: 'ap_fixed<8,1,AP_RND>'
      bias: 'ap_fixed<6,2>'
      result: 'ap_fixed<6,2,AP_TRN,AP_WRAP>'
  twice: {Precision: 'ap_fixed<8,4,AP_RND,AP_SAT>'}
  chain_relu: {Precision: 'ap_ufixed<6,3,AP_RND,AP_SAT>'}
  chain_clip: {Precision: {param: 'ap_fixed<8,4>', result: 'ap_ufixed<5,3,AP_RND,AP_SAT>'}}
  chain_leaky:
    Precision: {param: 'ap_fixed<6,0,AP_RND>', result: 'ap_fixed<6,3,AP_RND,AP_SAT>'}
)";
  EXPECT_CSIM_EXACT(EmulateAndCsim(g, config, "act_narrow", 48, -5, 5));
}

// General division (loom_hls::divide): computed divisors broadcast either way, constant divisors
// that are not powers of two (3 and a vector with 0.3), an unsigned dividend and a divisor that
// is near zero and often exactly zero (q6: a signed dividend, so a negative one over zero gives
// the result's minimum, which for AP_SAT_SYM is -maximum). The divisor input `xz` comes first so
// its values can be given: a quarter exact zeros, the rest within +-0.05.
void BuildDivision(ir::Graph& g) {
  ir::Value* xz = g.AddInput("xz", {2, 3, 4});
  ir::Value* x0 = g.AddInput("x0", {2, 3, 4});
  ir::Value* x1 = g.AddInput("x1", {3, 4});
  ir::Value* x2 = g.AddInput("x2", {4});
  ir::Value* xu = g.AddInput("xu", {3, 4});
  const Shape full = {2, 3, 4};
  ir::Value* three = Constant(g, "three", {1}, {3.0f});
  ir::Value* k = Constant(g, "k", {4}, {0.3f, -1.7f, 3.0f, 0.1f});
  std::vector<ir::Value*> outs = {
      Op(g, OpKind::kDiv, "q0", {x0, x1}, full)->outputs[0],
      Op(g, OpKind::kDiv, "q1", {x2, x0}, full)->outputs[0],
      Op(g, OpKind::kDiv, "q2", {x0, three}, full)->outputs[0],
      Op(g, OpKind::kDiv, "q3", {x1, k}, {3, 4})->outputs[0],
      Op(g, OpKind::kDiv, "q4", {xu, xz}, full)->outputs[0],
      Op(g, OpKind::kDiv, "q5", {x0, x2}, full)->outputs[0],
      Op(g, OpKind::kDiv, "q6", {x0, xz}, full)->outputs[0],
  };
  for (ir::Value* v : outs) g.MarkOutput(v);
}

// n samples of xz: every fourth value exactly zero, the others uniform in [-0.05, 0.05].
std::vector<std::vector<float>> NearZeroDivisor(int64_t n) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> dist(-0.05f, 0.05f);
  std::vector<float> v(static_cast<size_t>(n * 24));
  for (size_t i = 0; i < v.size(); ++i) v[i] = i % 4 == 0 ? 0.0f : dist(rng);
  return {v};
}

TEST(ElementwiseCsim, DivisionAutoTypes) {
  // "auto" has no exact type for a quotient: every div falls back to fixed<16,6>.
  ir::Graph g;
  BuildDivision(g);
  EXPECT_CSIM_EXACT(
      EmulateAndCsim(g, "Model:\n  Precision: auto\n", "div_auto", 32, -4, 4, NearZeroDivisor(32)));
}

TEST(ElementwiseCsim, DivisionNarrowRoundingSaturating) {
  ir::Graph g;
  BuildDivision(g);
  // Divisors with 7, 5, 0 (three: ufixed<2,2>), 9 and -2 fraction bits (x2: multiples of 4,
  // mostly 0 or +-4 here); results of every mode, unsigned ones among them.
  const char* config = R"(Model:
  Precision:
    default: ap_fixed<10,4,AP_RND,AP_SAT>
LayerName:
  xz: {Precision: 'ap_fixed<8,1,AP_RND>'}
  x0: {Precision: 'ap_fixed<12,4>'}
  x1: {Precision: 'ap_fixed<7,2,AP_RND_CONV>'}
  x2: {Precision: 'ap_fixed<6,8,AP_RND,AP_SAT>'}
  xu: {Precision: 'ap_ufixed<8,3,AP_RND,AP_SAT>'}
  three: {Precision: auto}
  k: {Precision: 'ap_fixed<12,3,AP_RND>'}
  q0: {Precision: 'ap_fixed<8,3,AP_RND,AP_SAT>'}
  q1: {Precision: 'ap_fixed<9,5,AP_TRN,AP_WRAP>'}
  q2: {Precision: 'ap_fixed<10,3,AP_RND_CONV,AP_SAT_SYM>'}
  q3: {Precision: 'ap_ufixed<8,4,AP_RND,AP_SAT>'}
  q4: {Precision: 'ap_fixed<12,6,AP_RND_ZERO,AP_SAT>'}
  q5: {Precision: 'ap_fixed<8,2,AP_RND_INF,AP_WRAP>'}
  q6: {Precision: 'ap_fixed<9,4,AP_TRN,AP_SAT_SYM>'}
)";
  EXPECT_CSIM_EXACT(EmulateAndCsim(g, config, "div_narrow", 48, -4, 4, NearZeroDivisor(48)));
}

TEST(ElementwiseCsim, DivisionWideTypes) {
  // The conformance tests' fixed<48,24>: a 74-bit quotient (the emulator's __int128 path).
  ir::Graph g;
  BuildDivision(g);
  EXPECT_CSIM_EXACT(EmulateAndCsim(g, "Model:\n  Precision: ap_fixed<48,24>\n", "div_wide", 32, -8,
                                   8, NearZeroDivisor(32)));
}

TEST(ElementwiseCsim, DivisionIntoResultsOfMoreThan53Bits) {
  // 60- and 64-bit results: the limits for a zero divisor have more than 53 significant bits, so
  // the HLS backend writes them as the exact sum of two literals.
  ir::Graph g;
  BuildDivision(g);
  const char* config = R"(Model:
  Precision: ap_fixed<16,6>
LayerName:
  q0: {Precision: 'ap_fixed<60,20,AP_RND,AP_SAT>'}
  q4: {Precision: 'ap_fixed<64,30,AP_TRN,AP_SAT>'}
)";
  EXPECT_CSIM_EXACT(EmulateAndCsim(g, config, "div_60bit", 32, -4, 4, NearZeroDivisor(32)));
  std::ifstream f(std::filesystem::path(::testing::TempDir()) / "loom_csim_div_60bit" / "firmware" /
                  "weights" / "q4.h");
  std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find(") + "), std::string::npos) << text;
}

// A constant power-of-two divisor stays an exact multiplication by the reciprocal (no divider);
// any other divisor is a loom_hls::divide with the result's limits for a zero divisor.
TEST(ElementwiseCsim, PowerOfTwoDivisorIsAMultiplication) {
  ir::Graph g;
  ir::Value* x = g.AddInput("x", {4});
  ir::Value* pow2 = Constant(g, "pow2", {4}, {0.5f, 4.0f, -2.0f, 0.25f});
  ir::Value* other = Constant(g, "other", {4}, {0.5f, 4.0f, -2.0f, 3.0f});
  g.MarkOutput(Op(g, OpKind::kDiv, "by_pow2", {x, pow2}, {4})->outputs[0]);
  g.MarkOutput(Op(g, OpKind::kDiv, "by_other", {x, other}, {4})->outputs[0]);
  auto config = config::ParseConfig("Model:\n  Precision: ap_fixed<16,6>\n", "div.yml");
  ASSERT_TRUE(config.ok());
  precision::PrecisionOptions po;
  po.config = &config.value();
  ASSERT_TRUE(precision::AssignPrecision(g, po).ok());
  hls::WriteOptions wo;
  wo.dir = (std::filesystem::path(::testing::TempDir()) / "loom_csim_div_paths").string();
  wo.force = true;
  auto project = hls::WriteProject(g, config.value(), hls::TestVectors{}, wo);
  ASSERT_TRUE(project.ok()) << project.error().message();
  auto read = [&](const std::string& rel) {
    std::ifstream f(std::filesystem::path(wo.dir) / rel);
    return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  };
  std::string top = read("firmware/" + project.value().project_name + ".cpp");
  EXPECT_NE(top.find("loom_hls::merge<by_pow2_config>(x, by_pow2_recip, "), std::string::npos)
      << top;
  EXPECT_NE(top.find("loom_hls::divide<by_other_config>(x, "), std::string::npos) << top;
  EXPECT_EQ(top.find("loom_hls::divide<by_pow2_config>"), std::string::npos) << top;
  // The report counts one divider per output of the general division and none for the other.
  for (const hls::LayerReport& l : project.value().layers) {
    EXPECT_EQ(l.dividers, l.layer == "by_other" ? 4 : 0) << l.layer;
  }
  EXPECT_NE(read("README.md").find("| by_other | div | 4 |"), std::string::npos)
      << read("README.md");
  std::string params = read("firmware/parameters.h");
  EXPECT_NE(params.find("struct by_other_config {\n  typedef x_t input1_t;"), std::string::npos)
      << params;
  // num_t: the dividend's 6 integer bits with max(10, 10 + 1) fraction bits.
  EXPECT_NE(params.find("typedef ap_fixed<17,6> num_t;"), std::string::npos) << params;
  std::string limits = read("firmware/weights/by_other.h");
  EXPECT_NE(limits.find("by_other_limit[2] = {\n    -32, 31.9990234375\n};"), std::string::npos)
      << limits;
}

}  // namespace
}  // namespace loom::testing
