// C-simulation of the quantizers and of matmul equals the emulator bit for bit: QONNX Quant of
// several bit widths (signed, unsigned, narrow, bipolar) in every rounding mode, per-channel
// power-of-two scales, non-power-of-two scales (exact division by the odd mantissa, then the
// scale step), BipolarQuant, Trunc, FloatQuant, QuantizeLinear (per tensor and per axis) into
// DequantizeLinear, and matmul with a shared and a batched right operand. Inputs lie on a coarse
// grid so that rounding ties occur often. Several layers share one project.
#include <limits>
#include <random>

#include "csim_util.h"

namespace loom::testing {
namespace {

using ir::OpKind;

struct Fan {
  ir::Graph graph;
  ir::Node* Add(OpKind op, const std::string& name, std::vector<ir::Value*> ins,
                const ir::Shape& out, bool output = true) {
    ir::Node* n = graph.AddNode(op, name, std::move(ins));
    n->outputs[0]->shape = out;
    if (output) graph.MarkOutput(n->outputs[0]);
    return n;
  }
};

// Multiples of 1/32 in [-limit, limit].
std::vector<float> Grid(int64_t count, double limit, int seed) {
  std::mt19937 rng(seed);
  int steps = static_cast<int>(limit * 32);
  std::uniform_int_distribution<int> dist(-steps, steps);
  std::vector<float> v(static_cast<size_t>(count));
  for (float& f : v) f = static_cast<float>(dist(rng)) / 32.0f;
  return v;
}

ir::Node* Quant(Fan& f, const std::string& name, ir::Value* x, ir::Tensor scale, float zero,
                float bits, bool is_signed, bool narrow, const std::string& rounding) {
  ir::Node* q = f.Add(OpKind::kQuant, name, {x}, x->shape);
  q->params["scale"] = std::move(scale);
  q->params["zero_point"] = ir::Tensor({}, {zero});
  q->params["bitwidth"] = ir::Tensor({}, {bits});
  q->attrs.Set("signed", int64_t{is_signed});
  q->attrs.Set("narrow", int64_t{narrow});
  q->attrs.Set("rounding_mode", rounding);
  return q;
}

ir::Node* Trunc(Fan& f, const std::string& name, ir::Value* x, float scale, float zero,
                float in_bits, float out_bits, const std::string& rounding) {
  ir::Node* t = f.Add(OpKind::kTrunc, name, {x}, x->shape);
  t->params["scale"] = ir::Tensor({}, {scale});
  t->params["zero_point"] = ir::Tensor({}, {zero});
  t->params["input_bit_width"] = ir::Tensor({}, {in_bits});
  t->params["output_bit_width"] = ir::Tensor({}, {out_bits});
  t->attrs.Set("rounding_mode", rounding);
  return t;
}

// Power-of-two scales: every rounding mode, signed/unsigned/narrow, 1 to 8 bits, zero points,
// per-channel scales, BipolarQuant and Trunc; the result types are the exact ones (auto).
TEST(QuantCsim, PowerOfTwoScales) {
  Fan f;
  ir::Value* x = f.graph.AddInput("x0", {4, 6});
  Quant(f, "q_s8_round", x, ir::Tensor({}, {0.0625f}), 0, 8, true, false, "ROUND");
  Quant(f, "q_u4_narrow_ceil", x, ir::Tensor({}, {0.5f}), 3, 4, false, true, "CEIL");
  Quant(f, "q_s5_narrow_floor", x, ir::Tensor({}, {0.25f}), -2, 5, true, true, "FLOOR");
  Quant(f, "q_s6_to_zero", x, ir::Tensor({}, {2.0f}), 0, 6, true, false, "ROUND_TO_ZERO");
  Quant(f, "q_u3_round", x, ir::Tensor({}, {0.125f}), 0, 3, false, false, "ROUND");
  Quant(f, "q_per_channel", x, ir::Tensor({1, 6}, {0.125f, 0.5f, 1.0f, 0.03125f, 4.0f, 0.25f}), 1,
        4, true, false, "ROUND");
  Quant(f, "q_bipolar", x, ir::Tensor({}, {0.5f}), 0, 1, true, false, "ROUND");
  ir::Node* b = f.Add(OpKind::kBipolarQuant, "bipolar", {x}, x->shape);
  b->params["scale"] = ir::Tensor({}, {0.25f});
  Trunc(f, "trunc_floor", x, 0.125f, 0, 8, 5, "FLOOR");
  Trunc(f, "trunc_round", x, 0.0625f, 2, 9, 6, "ROUND");
  Trunc(f, "trunc_ceil", x, 1.0f, 0, 4, 2, "CEIL");
  const int64_t n = 40;
  auto o = EmulateAndCsim(f.graph,
                          "Model:\n  Precision: auto\nLayerName:\n  x0:\n    Precision: "
                          "ap_fixed<16,6>\n",
                          "quant_pow2", n, 0, 0, {Grid(n * 24, 12, 1)});
  EXPECT_CSIM_EXACT(o);
  EXPECT_EQ(o.values, n * 24 * 11);
}

// Scales that are not powers of two (the exact division by the odd mantissa, then the product
// with the scale in the node's "scale" type), per tensor and per element; a configured narrow
// saturating result; QuantizeLinear per tensor and per axis into DequantizeLinear with a
// power-of-two and a non-power-of-two scale.
TEST(QuantCsim, OtherScalesAndLinearQuantizers) {
  Fan f;
  ir::Value* x = f.graph.AddInput("x0", {3, 4});
  Quant(f, "q_u4_03", x, ir::Tensor({}, {0.3f}), 1, 4, false, false, "ROUND");
  Quant(f, "q_s6_per_elem", x, ir::Tensor({3, 1}, {0.3f, 0.75f, 1.5f}), 0, 6, true, true, "FLOOR");
  Quant(f, "q_s8_ceil_sat", x, ir::Tensor({}, {0.1f}), -3, 8, true, false, "CEIL");
  Quant(f, "q_s7_to_zero", x, ir::Tensor({}, {0.7f}), 0, 7, true, false, "ROUND_TO_ZERO");
  Trunc(f, "trunc_075", x, 0.75f, 1, 8, 6, "ROUND");

  ir::Node* ql = f.Add(OpKind::kQuantizeLinear, "ql", {x}, x->shape, false);
  ql->params["scale"] = ir::Tensor({1}, {0.0625f});
  ql->params["zero_point"] = ir::Tensor({1}, {3.0f});
  ql->attrs.Set("axis", int64_t{-1});
  ql->attrs.Set("qmin", -128.0);
  ql->attrs.Set("qmax", 127.0);
  ir::Node* dq = f.Add(OpKind::kDequantizeLinear, "dq", {ql->outputs[0]}, x->shape);
  dq->params["scale"] = ir::Tensor({1}, {0.0625f});
  dq->params["zero_point"] = ir::Tensor({1}, {3.0f});
  dq->attrs.Set("axis", int64_t{-1});

  ir::Node* qa = f.Add(OpKind::kQuantizeLinear, "ql_axis", {x}, x->shape, false);
  qa->params["scale"] = ir::Tensor({4}, {0.3f, 0.1f, 0.5f, 0.0390625f});
  qa->params["zero_point"] = ir::Tensor({4}, {0.0f, 10.0f, -5.0f, 128.0f});
  qa->attrs.Set("axis", int64_t{1});
  qa->attrs.Set("qmin", 0.0);
  qa->attrs.Set("qmax", 255.0);
  ir::Node* da = f.Add(OpKind::kDequantizeLinear, "dq_axis", {qa->outputs[0]}, x->shape);
  da->params["scale"] = ir::Tensor({4}, {0.3f, 0.1f, 0.5f, 0.0390625f});
  da->params["zero_point"] = ir::Tensor({4}, {0.0f, 10.0f, -5.0f, 128.0f});
  da->attrs.Set("axis", int64_t{1});
  f.graph.MarkOutput(qa->outputs[0]);

  const char* config = R"(Model:
  Precision: auto
LayerName:
  x0:
    Precision: ap_fixed<14,5>
  q_u4_03:
    Precision:
      scale: ap_ufixed<12,0,AP_RND>
  q_s8_ceil_sat:
    Precision:
      scale: ap_fixed<10,0,AP_RND_CONV>
      result: ap_fixed<8,3,AP_RND,AP_SAT>
  q_s7_to_zero:
    Precision:
      scale: ap_ufixed<7,0>
  dq_axis:
    Precision:
      scale: ap_ufixed<16,0,AP_RND_CONV>
)";
  const int64_t n = 48;
  auto o = EmulateAndCsim(f.graph, config, "quant_scaled", n, 0, 0, {Grid(n * 12, 14, 2)});
  EXPECT_CSIM_EXACT(o);
  EXPECT_EQ(o.values, n * 12 * 8);
}

// Matmul of computed values: a shared 2-D right operand (automatic accumulator) and a batched
// one into a narrow saturating, rounding accumulator.
ir::Node* FloatQuant(Fan& f, const std::string& name, ir::Value* x, float scale, float e_bits,
                     float m_bits, float bias, float max_val, const std::string& rounding) {
  ir::Node* q = f.Add(OpKind::kFloatQuant, name, {x}, x->shape);
  q->params["scale"] = ir::Tensor({}, {scale});
  q->params["exponent_bitwidth"] = ir::Tensor({}, {e_bits});
  q->params["mantissa_bitwidth"] = ir::Tensor({}, {m_bits});
  q->params["exponent_bias"] = ir::Tensor({}, {bias});
  q->params["max_val"] = ir::Tensor({}, {max_val});
  q->attrs.Set("rounding_mode", rounding);
  return q;
}

// QONNX FloatQuant: FP8 E4M3 (max 448) and E5M2, a small format with subnormals, power-of-two
// and other scales (then the scale step), every rounding mode, saturation at the largest value.
TEST(QuantCsim, FloatQuant) {
  Fan f;
  ir::Value* x = f.graph.AddInput("x0", {4, 6});
  const float inf = std::numeric_limits<float>::infinity();
  FloatQuant(f, "fp8_e4m3", x, 0.03125f, 4, 3, 7, 448, "ROUND");
  FloatQuant(f, "fp8_e5m2_ceil", x, 0.5f, 5, 2, 15, inf, "CEIL");
  FloatQuant(f, "e3m2_floor", x, 0.25f, 3, 2, 3, inf, "FLOOR");
  FloatQuant(f, "fp8_scale_1_over_448", x, 1.0f / 448, 4, 3, 7, 448, "ROUND");
  const int64_t n = 40;
  auto o = EmulateAndCsim(f.graph,
                          "Model:\n  Precision: auto\nLayerName:\n  x0:\n    Precision: "
                          "ap_fixed<16,6>\n",
                          "float_quant", n, 0, 0, {Grid(n * 24, 12, 7)});
  EXPECT_CSIM_EXACT(o);
  EXPECT_EQ(o.values, n * 24 * 4);
}

TEST(QuantCsim, MatMul) {
  Fan f;
  ir::Value* a = f.graph.AddInput("x0", {2, 3, 4});
  ir::Value* b = f.graph.AddInput("x1", {4, 5});
  ir::Value* c = f.graph.AddInput("x2", {2, 4, 2});
  f.Add(OpKind::kMatMul, "mm_shared", {a, b}, {2, 3, 5});
  f.Add(OpKind::kMatMul, "mm_batched", {a, c}, {2, 3, 2});
  // Broadcast batch axes: [1, 3, 4] x [2, 1, 4, 2] -> [2, 1, 3, 2]; [3, 4] x [2, 4, 2].
  ir::Value* d = f.graph.AddInput("x3", {1, 3, 4});
  ir::Value* e = f.graph.AddInput("x4", {2, 1, 4, 2});
  ir::Value* m2 = f.graph.AddInput("x5", {3, 4});
  f.Add(OpKind::kMatMul, "mm_bcast", {d, e}, {2, 1, 3, 2});
  f.Add(OpKind::kMatMul, "mm_left2d", {m2, c}, {2, 3, 2});
  const char* config = R"(Model:
  Precision: auto
LayerName:
  x0:
    Precision: ap_fixed<8,3>
  x1:
    Precision: ap_fixed<6,2,AP_RND>
  x2:
    Precision: ap_ufixed<7,2>
  x3:
    Precision: ap_fixed<6,2>
  x4:
    Precision: ap_fixed<7,3,AP_RND>
  x5:
    Precision: ap_fixed<5,2>
  mm_batched:
    Precision:
      accum: ap_fixed<9,4,AP_RND,AP_SAT>
      result: ap_fixed<7,3,AP_RND_CONV,AP_SAT>
)";
  const int64_t n = 32;
  auto o = EmulateAndCsim(f.graph, config, "quant_matmul", n, 0, 0,
                          {Grid(n * 24, 4, 3), Grid(n * 20, 2, 4), Grid(n * 16, 3, 5),
                           Grid(n * 12, 3, 6), Grid(n * 16, 4, 7), Grid(n * 12, 2, 8)});
  EXPECT_CSIM_EXACT(o);
  EXPECT_EQ(o.values, n * (30 + 12 + 12 + 12));
}

}  // namespace
}  // namespace loom::testing
