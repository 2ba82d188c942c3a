// C-simulation of the lookup-table ops equals the emulator bit for bit: every function with the
// default tables, narrow exact-per-input tables, coarse tables with inputs far outside the
// windows (clamping, identity and scaled upper paths), unsigned inputs (elu/selu without a
// table), saturating and rounding table, accumulator and result types, and softmax along each
// axis of a 3-D input. Several layers share one project to keep compilations few.
#include <random>

#include "csim_util.h"

namespace loom::testing {
namespace {

using ir::OpKind;

// A graph whose nodes each read one of its inputs (or another node) and are all graph outputs.
struct Fan {
  ir::Graph graph;
  ir::Value* Input(const std::string& name, const ir::Shape& shape) {
    return graph.AddInput(name, shape);
  }
  ir::Node* Add(OpKind op, const std::string& name, ir::Value* in, bool output = true) {
    ir::Node* n = graph.AddNode(op, name, {in});
    n->outputs[0]->shape = in->shape;
    if (output) graph.MarkOutput(n->outputs[0]);
    return n;
  }
};

std::vector<float> Uniform(int64_t count, double lo, double hi, int seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> dist(lo, hi);
  std::vector<float> v(static_cast<size_t>(count));
  for (float& f : v) f = static_cast<float>(dist(rng));
  return v;
}

// Every function with the automatic (default) tables of 1024 entries over fixed<16,6> inputs in
// [-32, 32): beyond every window on both sides, softmax along the last axis.
TEST(LutCsim, EveryFunctionDefaultTables) {
  Fan f;
  ir::Value* x = f.Input("x0", {3, 8});
  for (OpKind op :
       {OpKind::kSigmoid, OpKind::kTanh, OpKind::kSoftsign, OpKind::kSoftplus, OpKind::kElu,
        OpKind::kSelu, OpKind::kExp, OpKind::kErf, OpKind::kGelu, OpKind::kSoftmax}) {
    f.Add(op, std::string(ir::OpName(op)), x);
  }
  const int64_t n = 24;
  auto o = EmulateAndCsim(f.graph,
                          "Model:\n  Precision: auto\nLayerName:\n  x0:\n    Precision: "
                          "ap_fixed<16,6>\n",
                          "lut_default", n, 0, 0, {Uniform(n * 24, -32, 32, 1)});
  EXPECT_CSIM_EXACT(o);
  EXPECT_EQ(o.values, n * 24 * 10);
}

// Narrow inputs (every input has its own entry), custom alpha/gamma, rounding and saturating
// table and result types (exp, erf with 16 entries, gelu with a table narrower than its window); an
// unsigned input (elu/selu take only the upper path); softmax along axis 0 and axis 1 of a 3-D
// input after a tanh (an input type from a table), with a narrow saturating accumulator.
TEST(LutCsim, NarrowExactTablesAndSoftmaxAxes) {
  Fan f;
  ir::Value* x = f.Input("x0", {3, 4, 2});
  ir::Value* u = f.Input("x1", {6});
  f.Add(OpKind::kSigmoid, "sig", x);
  f.Add(OpKind::kSoftplus, "splus", x);
  f.Add(OpKind::kExp, "exp", x);
  f.Add(OpKind::kErf, "erf", x);
  f.Add(OpKind::kGelu, "gelu", x);
  ir::Node* elu = f.Add(OpKind::kElu, "elu", x);
  elu->attrs.Set("alpha", 0.7);
  ir::Node* selu = f.Add(OpKind::kSelu, "selu", x);
  selu->attrs.Set("alpha", 1.5);
  selu->attrs.Set("gamma", 1.25);
  f.Add(OpKind::kElu, "elu_u", u);
  f.Add(OpKind::kSelu, "selu_u", u);
  f.Add(OpKind::kTanh, "tanh_u", u);
  ir::Node* t = f.Add(OpKind::kTanh, "tanh", x, false);
  ir::Node* s0 = f.Add(OpKind::kSoftmax, "sm0", t->outputs[0]);
  s0->attrs.Set("axis", int64_t{0});
  ir::Node* s1 = f.Add(OpKind::kSoftmax, "sm1", x);
  s1->attrs.Set("axis", int64_t{1});
  const char* config = R"(Model:
  Precision: auto
LayerName:
  x0:
    Precision: ap_fixed<6,3>
  x1:
    Precision: ap_ufixed<5,3>
  sig:
    Precision:
      table: ap_ufixed<8,0,AP_RND_CONV,AP_SAT>
      result: ap_ufixed<6,0,AP_RND,AP_SAT>
  splus:
    Precision:
      table: ap_ufixed<10,3>
  exp:
    Precision:
      table: ap_ufixed<12,6,AP_RND_CONV,AP_SAT>
      result: ap_ufixed<8,4,AP_RND,AP_SAT>
  erf:
    Precision:
      table: ap_fixed<8,1>
    TableSize: 16
  gelu:
    Precision:
      table: ap_fixed<10,3>
      result: ap_fixed<7,3,AP_RND_CONV,AP_SAT>
  elu:
    Precision:
      table: ap_fixed<10,1>
      result: ap_fixed<8,2,AP_RND_INF,AP_SAT_SYM>
  selu:
    Precision:
      table: ap_fixed<12,3>
  elu_u:
    Precision:
      result: ap_fixed<6,2,AP_TRN,AP_SAT>
  tanh:
    Precision:
      table: ap_fixed<8,1>
    TableSize: 64
  sm0:
    Precision:
      exp_table: ap_ufixed<10,1>
      inv_table: ap_ufixed<10,0>
      accum: ap_ufixed<11,2>
      result: ap_ufixed<10,0,AP_RND_CONV,AP_SAT>
    TableSize: 32
  sm1:
    Precision:
      exp_table: ap_ufixed<12,1,AP_RND>
      inv_table: ap_ufixed<12,0>
      accum: ap_fixed<10,2,AP_TRN,AP_SAT>
      result: ap_ufixed<12,1>
    TableSize: 128
)";
  const int64_t n = 40;
  auto o = EmulateAndCsim(f.graph, config, "lut_narrow", n, 0, 0,
                          {Uniform(n * 24, -4, 4, 2), Uniform(n * 6, 0, 4, 3)});
  EXPECT_CSIM_EXACT(o);
  EXPECT_EQ(o.values, n * (24 * 9 + 6 * 3));
}

// Log-domain tables (log, sqrt, pow): default tables over fixed<16,6> inputs from -4 to 40 (x < 0
// and exact zeros included: entries 0 and 1), narrow unsigned and wide signed inputs with small
// tables (few mantissa bits, p < k buckets), saturating and rounding results.
TEST(LutCsim, LogDomainTables) {
  Fan f;
  ir::Value* x = f.Input("x0", {4, 6});
  ir::Value* u = f.Input("x1", {8});
  ir::Value* w = f.Input("x2", {8});
  f.Add(OpKind::kLog, "log", x);
  f.Add(OpKind::kSqrt, "sqrt", x);
  f.Add(OpKind::kPow, "pow_15", x)->attrs.Set("exponent", 1.5);
  f.Add(OpKind::kPow, "rsqrt", x)->attrs.Set("exponent", -0.5);
  f.Add(OpKind::kLog, "log_u", u);
  f.Add(OpKind::kSqrt, "sqrt_u", u);
  f.Add(OpKind::kPow, "pow_w", w)->attrs.Set("exponent", 0.3);
  f.Add(OpKind::kLog, "log_w", w);
  const char* config = R"(Model:
  Precision: auto
LayerName:
  x0:
    Precision: ap_fixed<16,6>
  x1:
    Precision: ap_ufixed<6,3>
  x2:
    Precision: ap_fixed<24,10,AP_RND,AP_SAT>
  log_u:
    TableSize: 16
  sqrt_u:
    Precision:
      table: ap_ufixed<8,2>
      result: ap_ufixed<5,1,AP_RND,AP_SAT>
    TableSize: 8
  pow_w:
    Precision:
      table: ap_ufixed<14,3>
    TableSize: 64
  log_w:
    Precision:
      table: ap_fixed<12,5>
      result: ap_fixed<8,3,AP_RND_CONV,AP_SAT>
)";
  const int64_t n = 30;
  std::vector<float> xs = Uniform(n * 24, -4, 40, 4);
  for (int64_t i = 0; i < n * 24; i += 7) xs[i] = 0;
  auto o = EmulateAndCsim(f.graph, config, "lut_log_domain", n, 0, 0,
                          {xs, Uniform(n * 8, 0, 8, 5), Uniform(n * 8, -100, 500, 6)});
  EXPECT_CSIM_EXACT(o);
  EXPECT_EQ(o.values, n * (24 * 4 + 8 * 2 + 8 * 2));
}

// Wide inputs with small tables (shift > 0, bucket centres), inputs far beyond every window:
// clamping on both sides, softplus/elu identity and selu's scaled path into narrower saturating
// results; softmax along the middle axis of wide inputs, where many differences clip.
TEST(LutCsim, CoarseTablesAndClipping) {
  Fan f;
  ir::Value* x = f.Input("x0", {2, 5, 3});
  for (OpKind op : {OpKind::kSigmoid, OpKind::kTanh, OpKind::kSoftsign, OpKind::kSoftplus,
                    OpKind::kElu, OpKind::kSelu, OpKind::kExp, OpKind::kErf, OpKind::kGelu}) {
    f.Add(op, std::string(ir::OpName(op)), x);
  }
  ir::Node* gelu_tanh = f.Add(OpKind::kGelu, "gelu_tanh", x);
  gelu_tanh->attrs.Set("approximate", std::string("tanh"));
  ir::Node* sm = f.Add(OpKind::kSoftmax, "softmax", x);
  sm->attrs.Set("axis", int64_t{1});
  const char* config = R"(Model:
  Precision: auto
  TableSize: 256
LayerName:
  x0:
    Precision: ap_fixed<24,9>
  softplus:
    Precision:
      result: ap_fixed<16,7,AP_RND,AP_SAT>
  selu:
    Precision:
      result: ap_fixed<14,7,AP_RND_CONV,AP_SAT>
  softsign:
    TableSize: 16
  softmax:
    Precision:
      accum: ap_ufixed<16,4>
      result: ap_ufixed<9,1,AP_RND,AP_SAT>
)";
  const int64_t n = 32;
  auto o = EmulateAndCsim(f.graph, config, "lut_coarse", n, 0, 0, {Uniform(n * 30, -250, 250, 4)});
  EXPECT_CSIM_EXACT(o);
  EXPECT_EQ(o.values, n * 30 * 11);
}

}  // namespace
}  // namespace loom::testing
