// C-simulation of dense, convolution and linear resize layers equals the emulator bit for bit, for
// both strategies, several ReuseFactors, pruned weights and narrow, saturating and rounding types.
#include <random>

#include "csim_util.h"

namespace loom::testing {
namespace {

using ir::OpKind;

void RandomParams(ir::Node* n, const ir::Shape& w, int64_t bias, float zero_fraction, int seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0, 1);
  std::uniform_real_distribution<float> u(0, 1);
  ir::Tensor wt(w);
  for (float& v : wt.data) v = u(rng) < zero_fraction ? 0.0f : normal(rng);
  n->params["weight"] = wt;
  if (bias > 0) {
    ir::Tensor b({bias});
    for (float& v : b.data) v = normal(rng);
    n->params["bias"] = b;
  }
}

TEST(LinearCsim, DenseLatencyAndResourceWithPruning) {
  struct Case {
    const char* name;
    const char* config;
  };
  std::vector<Case> cases = {
      {"dense_default", "Model:\n  Precision: ap_fixed<16,6>\n"},
      {"dense_auto", "Model:\n  Precision: auto\n"},
      {"dense_resource_rf4",
       "Model:\n  Precision: ap_fixed<16,6>\n  ReuseFactor: 4\n  Strategy: Resource\n"},
      {"dense_latency_rf2_sat",
       "Model:\n  Precision:\n    default: ap_fixed<12,4>\n    accum: "
       "ap_fixed<14,5,AP_RND,AP_SAT>\n    result: ap_fixed<10,3,AP_RND_CONV,AP_SAT>\n  "
       "ReuseFactor: 2\n"},
  };
  int seed = 1;
  for (const Case& c : cases) {
    OneNode net(OpKind::kDense, {{12}}, {{8}});
    RandomParams(net.node, {12, 8}, 8, 0.5f, seed++);
    EXPECT_CSIM_EXACT(EmulateAndCsim(net.graph, c.config, c.name));
  }
}

// The Resource kernel's lane layouts (loom_dense.h): ReuseFactors below, equal to and above the
// inputs per output, one that makes lanes straddle outputs, every weight nonzero (indices from the
// counters) and pruned (index ROMs), a matrix applied to several rows, and a convolution whose
// positions take turns on the lanes.
TEST(LinearCsim, ResourceLaneLayouts) {
  struct Case {
    const char* name;
    int64_t reuse;
    float zeros;
  };
  const std::vector<Case> cases = {{"res_rf3_full", 3, 0},        {"res_rf12_full", 12, 0},
                                   {"res_rf24_full", 24, 0},      {"res_rf32_full", 32, 0},
                                   {"res_rf32_pruned", 32, 0.4f}, {"res_rf96_pruned", 96, 0.7f}};
  int seed = 40;
  for (const Case& c : cases) {
    OneNode net(OpKind::kDense, {{3, 12}}, {{3, 8}});
    RandomParams(net.node, {12, 8}, 8, c.zeros, seed++);
    const std::string config =
        "Model:\n  Precision: ap_fixed<16,6>\n  Strategy: Resource\n"
        "  ReuseFactor: " +
        std::to_string(c.reuse) + "\n";
    EXPECT_CSIM_EXACT(EmulateAndCsim(net.graph, config, c.name, 16));
  }
  OneNode conv(OpKind::kConv, {{3, 6, 5}}, {{4, 6, 5}});
  RandomParams(conv.node, {4, 3, 3, 3}, 4, 0.2f, seed++);
  conv.node->attrs.Set("strides", std::vector<int64_t>{1, 1});
  conv.node->attrs.Set("pads", std::vector<int64_t>{1, 1, 1, 1});
  conv.node->attrs.Set("dilations", std::vector<int64_t>{1, 1});
  conv.node->attrs.Set("group", int64_t{1});
  EXPECT_CSIM_EXACT(EmulateAndCsim(
      conv.graph, "Model:\n  Precision: ap_fixed<16,6>\n  Strategy: Resource\n  ReuseFactor: 9\n",
      "res_conv_rf9", 8));
}

// io_parallel convolutions with a ParallelizationFactor: positions in pipelined steps of PF
// (conv_group_partitions), all at once (PF = positions), one at a time; a PF that does not divide
// the positions is refused with the valid ones.
TEST(LinearCsim, ConvParallelizationFactor) {
  OneNode conv(OpKind::kConv, {{3, 6, 5}}, {{4, 6, 5}});
  RandomParams(conv.node, {4, 3, 3, 3}, 4, 0.2f, 60);
  conv.node->attrs.Set("strides", std::vector<int64_t>{1, 1});
  conv.node->attrs.Set("pads", std::vector<int64_t>{1, 1, 1, 1});
  conv.node->attrs.Set("dilations", std::vector<int64_t>{1, 1});
  conv.node->attrs.Set("group", int64_t{1});
  for (int pf : {1, 5, 30}) {
    const std::string config =
        "Model:\n  Precision: ap_fixed<16,6>\n  ParallelizationFactor: " + std::to_string(pf) +
        "\n";
    EXPECT_CSIM_EXACT(EmulateAndCsim(conv.graph, config, "conv_pf" + std::to_string(pf), 8));
  }
  auto bad = EmulateAndCsim(conv.graph, "Model:\n  ParallelizationFactor: 7\n", "conv_pf7");
  ASSERT_FALSE(bad.ok);
  EXPECT_NE(bad.message.find("node 'n' (conv): error: ParallelizationFactor 7 does not divide its "
                             "30 output positions; valid: 1, 2, 3, 5, 6, 10, 15, 30"),
            std::string::npos)
      << bad.message;
}

// A saturating accumulator adds in the emulator's order only if no output's products share a step
// across two lanes: refused where they would (naming the layer and the fixes), exact where not.
TEST(LinearCsim, ResourceWithSaturatingAccumulator) {
  OneNode net(OpKind::kDense, {{12}}, {{8}});
  RandomParams(net.node, {12, 8}, 8, 0, 50);
  const std::string types =
      "Model:\n  Precision:\n    default: ap_fixed<12,4>\n    accum: "
      "ap_fixed<14,5,AP_RND,AP_SAT>\n  Strategy: Resource\n";
  auto refused = EmulateAndCsim(net.graph, types + "  ReuseFactor: 4\n", "res_sat_rf4");
  ASSERT_FALSE(refused.ok);
  EXPECT_NE(
      refused.message.find("node 'n' (dense): error: the Resource strategy with ReuseFactor 4 "
                           "adds output 0's products in two multipliers at once"),
      std::string::npos)
      << refused.message;
  EXPECT_NE(refused.message.find("AP_WRAP"), std::string::npos) << refused.message;
  // ReuseFactor 24: each lane takes two whole outputs, in input order.
  EXPECT_CSIM_EXACT(EmulateAndCsim(net.graph, types + "  ReuseFactor: 24\n", "res_sat_rf24", 16));
}

TEST(LinearCsim, ConvFamily) {
  struct Case {
    const char* name;
    OpKind op;
    ir::Shape in, out, w;
    std::vector<int64_t> strides, pads, dil;
    int64_t group;
    bool last;
  };
  std::vector<Case> cases = {
      {"conv2d",
       OpKind::kConv,
       {3, 6, 5},
       {4, 3, 3},
       {4, 3, 3, 3},
       {2, 2},
       {1, 1, 1, 1},
       {1, 1},
       1,
       false},
      {"conv2d_last_group",
       OpKind::kConv,
       {5, 4, 4},
       {5, 4, 4},
       {4, 2, 3, 1},
       {1, 1},
       {1, 0, 1, 0},
       {1, 1},
       2,
       true},
      {"conv1d", OpKind::kConv, {2, 9}, {3, 5}, {3, 2, 3}, {1}, {0, 0}, {2}, 1, false},
      // Depthwise (one input channel per group; the emulator's run-based kernel): channels-first
      // with two outputs per channel, a stride and pads; channels-last unit stride with pads
      // (contiguous runs); 1D channels-last with two outputs per channel and dilation.
      {"depthwise_cf_mult2",
       OpKind::kConv,
       {3, 7, 6},
       {6, 4, 3},
       {6, 1, 3, 3},
       {2, 2},
       {1, 1, 1, 1},
       {1, 1},
       3,
       false},
      {"depthwise_last",
       OpKind::kConv,
       {6, 5, 5},
       {6, 5, 5},
       {5, 1, 3, 3},
       {1, 1},
       {1, 1, 1, 1},
       {1, 1},
       5,
       true},
      {"depthwise_1d_last_mult2",
       OpKind::kConv,
       {11, 2},
       {8, 4},
       {4, 1, 3},
       {1},
       {1, 0},
       {2},
       2,
       true},
      {"conv_transpose",
       OpKind::kConvTranspose,
       {2, 3, 3},
       {3, 6, 6},
       {2, 3, 2, 2},
       {2, 2},
       {0, 0, 0, 0},
       {1, 1},
       1,
       false},
      // An output size (7) that is not a multiple of the stride: the stepped kernels' digit
      // counters wrap with a remainder.
      {"conv_transpose_odd",
       OpKind::kConvTranspose,
       {2, 3, 3},
       {3, 7, 7},
       {2, 3, 3, 3},
       {2, 2},
       {0, 0, 0, 0},
       {1, 1},
       1,
       false},
  };
  int seed = 10;
  for (const Case& c : cases) {
    OneNode net(c.op, {c.in}, {c.out});
    int64_t out_ch = c.last ? c.out.back() : c.out[0];
    RandomParams(net.node, c.w, out_ch, 0.3f, seed++);
    net.node->attrs.Set("strides", c.strides);
    net.node->attrs.Set("pads", c.pads);
    net.node->attrs.Set("dilations", c.dil);
    net.node->attrs.Set("group", c.group);
    if (c.last) net.node->attrs.Set("channels_last", int64_t{1});
    if (c.op == OpKind::kConvTranspose) {
      net.node->attrs.Set("output_padding", std::vector<int64_t>(c.strides.size(), 0));
    }
    EXPECT_CSIM_EXACT(
        EmulateAndCsim(net.graph, "Model:\n  Precision: ap_fixed<16,6>\n", c.name, 8));
    // The stepped kernels, whose positions are digit counters advanced with carries: a
    // ParallelizationFactor of 2 (every case has an even number of positions; 1 for an odd
    // count would step one at a time) and Resource (one position after another).
    const int64_t positions = ir::NumElements(c.out) / out_ch;
    const int64_t pf = positions % 2 == 0 ? 2 : 1;
    EXPECT_CSIM_EXACT(EmulateAndCsim(
        net.graph,
        "Model:\n  Precision: ap_fixed<16,6>\n  ParallelizationFactor: " + std::to_string(pf) +
            "\n",
        std::string(c.name) + "_pf", 8));
    EXPECT_CSIM_EXACT(EmulateAndCsim(net.graph,
                                     "Model:\n  Precision: {default: 'ap_fixed<16,6>', accum: "
                                     "'ap_fixed<40,12>'}\n  Strategy: Resource\n",
                                     std::string(c.name) + "_resource", 8));
  }
}

// io_stream: channels-last convolutions through the line-buffer kernel (strides with padding on
// every side, a stride larger than the kernel, dilation with asymmetric pads, depthwise groups,
// 1x1, 1D), under Latency and Resource.
TEST(LinearCsim, ConvStream) {
  struct Case {
    const char* name;
    ir::Shape in, out, w;
    std::vector<int64_t> strides, pads, dil;
    int64_t group;
  };
  std::vector<Case> cases = {
      {"s2_pad", {7, 6, 3}, {4, 3, 4}, {4, 3, 3, 3}, {2, 2}, {1, 1, 1, 1}, {1, 1}, 1},
      {"depthwise_dilated", {6, 6, 4}, {5, 5, 4}, {4, 1, 3, 3}, {1, 1}, {2, 0, 1, 1}, {2, 1}, 4},
      {"grouped", {5, 4, 4}, {5, 4, 4}, {4, 2, 3, 1}, {1, 1}, {1, 0, 1, 0}, {1, 1}, 2},
      {"pointwise", {4, 5, 3}, {4, 5, 6}, {6, 3, 1, 1}, {1, 1}, {0, 0, 0, 0}, {1, 1}, 1},
      {"conv1d_stride3", {10, 2}, {4, 3}, {3, 2, 2}, {3}, {0, 1}, {1}, 1},
  };
  int seed = 40;
  for (const Case& c : cases) {
    OneNode net(OpKind::kConv, {c.in}, {c.out});
    RandomParams(net.node, c.w, c.out.back(), 0.3f, seed++);
    net.node->attrs.Set("strides", c.strides);
    net.node->attrs.Set("pads", c.pads);
    net.node->attrs.Set("dilations", c.dil);
    net.node->attrs.Set("group", c.group);
    net.node->attrs.Set("channels_last", int64_t{1});
    EXPECT_CSIM_EXACT(EmulateAndCsim(net.graph,
                                     "IOType: io_stream\nModel:\n  Precision: ap_fixed<16,6>\n",
                                     std::string("stream_") + c.name, 8));
    EXPECT_CSIM_EXACT(EmulateAndCsim(net.graph,
                                     "IOType: io_stream\nModel:\n  Precision: {default: "
                                     "'ap_fixed<16,6>', accum: 'ap_fixed<40,12>'}\n  Strategy: "
                                     "Resource\n",
                                     std::string("stream_") + c.name + "_resource", 8));
  }
}

// Wide weight and bias types (56 and 58 fraction bits, 64-bit accumulator): the constants are
// written exactly and the firmware equals the emulator.
TEST(LinearCsim, WideTypes) {
  OneNode net(OpKind::kDense, {{6}}, {{4}});
  RandomParams(net.node, {6, 4}, 4, 0, 11);
  const char* config = R"(Model:
  Precision:
    weight: ap_fixed<58,2,AP_RND>
    bias: ap_fixed<60,2,AP_RND>
    accum: ap_fixed<64,8>
    result: ap_fixed<62,8>
LayerName:
  x0:
    Precision: ap_fixed<5,2>
)";
  EXPECT_CSIM_EXACT(EmulateAndCsim(net.graph, config, "dense_wide_types", 16));
}

TEST(LinearCsim, InvalidReuseFactorNamesTheLayerAndListsValidOnes) {
  OneNode net(OpKind::kDense, {{4}}, {{3}});
  RandomParams(net.node, {4, 3}, 3, 0, 3);
  auto o = EmulateAndCsim(net.graph, "Model:\n  ReuseFactor: 5\n", "bad_rf");
  ASSERT_FALSE(o.ok);
  EXPECT_NE(o.message.find("node 'n' (dense)"), std::string::npos) << o.message;
  EXPECT_NE(o.message.find("ReuseFactor 5 is not valid for 4x3 (12 multiplications); valid: 1, "
                           "2, 3, 4, 6, 12"),
            std::string::npos)
      << o.message;
}

// Linear resize: up- and downsampling in every coordinate mode the importer reads, exact
// (automatic) and narrow interpolation weights, a saturating accumulator, and the Resource
// strategy with a ReuseFactor.
ir::Node* AddResize(ir::Graph& g, ir::Value* x, const std::string& name, const ir::Shape& out,
                    std::vector<double> scales, const std::string& ctm) {
  ir::Node* n = g.AddNode(OpKind::kResize, name, {x}, 1);
  n->outputs[0]->shape = out;
  n->attrs.Set("mode", std::string("linear"));
  n->attrs.Set("coordinate_transformation_mode", ctm);
  if (!scales.empty()) n->attrs.Set("scales", std::move(scales));
  g.MarkOutput(n->outputs[0]);
  return n;
}

TEST(LinearCsim, LinearResize) {
  ir::Graph g;
  ir::Value* x = g.AddInput("x", {2, 3, 4});
  AddResize(g, x, "up_half_pixel", {2, 6, 8}, {1, 2, 2}, "half_pixel");
  AddResize(g, x, "up_align_corners", {2, 5, 7}, {}, "align_corners");
  AddResize(g, x, "down_pytorch", {2, 2, 3}, {}, "pytorch_half_pixel");
  AddResize(g, x, "down_asymmetric", {2, 3, 3}, {1, 1, 0.8}, "asymmetric");
  AddResize(g, x, "up_symmetric", {2, 4, 6}, {1, 1.5, 1.5}, "half_pixel_symmetric");
  struct Case {
    const char* name;
    const char* config;
  };
  std::vector<Case> cases = {
      {"resize_auto",
       "Model:\n  Precision: auto\nLayerName:\n  x:\n    Precision: ap_fixed<8,3>\n"},
      {"resize_narrow",
       "Model:\n  Precision:\n    default: ap_fixed<10,4>\n    weight: ap_ufixed<4,1,AP_RND>\n"
       "    accum: ap_fixed<9,3,AP_RND,AP_SAT>\n    result: ap_fixed<8,3,AP_RND_CONV,AP_SAT>\n"},
      {"resize_resource",
       "Model:\n  Precision: ap_fixed<16,6>\n  Strategy: Resource\n  ReuseFactor: 2\n"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto o = EmulateAndCsim(g, c.config, c.name, 24, -5, 5);
    EXPECT_CSIM_EXACT(o);
    EXPECT_EQ(o.values, 24 * (96 + 70 + 12 + 18 + 48));
  }
}

// With exact automatic types a linear resize is exact: an upsampling by 2 (half_pixel) of a row
// [a, b] gives [a, 3a/4 + b/4, a/4 + 3b/4, b] (the edges clamp), in the emulator and in the HLS.
TEST(LinearCsim, LinearResizeIsExactWithAutoTypes) {
  ir::Graph g;
  ir::Value* x = g.AddInput("x", {1, 2});
  AddResize(g, x, "up", {1, 4}, {1, 2}, "half_pixel");
  std::vector<float> in = {1.0f, -2.0f, 0.5f, 0.25f};  // two samples
  auto config = config::ParseConfig(
      "Model:\n  Precision: auto\nLayerName:\n  x:\n    Precision: ap_fixed<8,3>\n", "r.yml");
  ASSERT_TRUE(config.ok()) << config.error().message();
  precision::PrecisionOptions po;
  po.config = &config.value();
  ASSERT_TRUE(precision::AssignPrecision(g, po).ok());
  auto emu = sim::Emulator::Build(g);
  ASSERT_TRUE(emu.ok()) << emu.error().message();
  std::vector<double> out(8);
  std::vector<const float*> ins = {in.data()};
  std::vector<double*> outs = {out.data()};
  ASSERT_TRUE(emu.value().Run(2, ins, outs, {}).ok());
  std::vector<double> want = {1.0, 0.25, -1.25, -2.0, 0.5, 0.4375, 0.3125, 0.25};
  EXPECT_EQ(out, want);
  EXPECT_CSIM_EXACT(EmulateAndCsim(g,
                                   "Model:\n  Precision: auto\nLayerName:\n  x:\n    "
                                   "Precision: ap_fixed<8,3>\n",
                                   "resize_exact", 2, 0, 0, {in}));
}

TEST(LinearCsim, InvalidReuseFactorForResizeListsValidOnes) {
  ir::Graph g;
  ir::Value* x = g.AddInput("x", {1, 2});
  AddResize(g, x, "up", {1, 4}, {1, 2}, "half_pixel");
  auto o = EmulateAndCsim(g, "Model:\n  ReuseFactor: 4\n", "bad_rf_resize");
  ASSERT_FALSE(o.ok);
  EXPECT_NE(o.message.find("node 'up' (resize)"), std::string::npos) << o.message;
  EXPECT_NE(o.message.find("ReuseFactor 4 is not valid for 6 interpolation taps"),
            std::string::npos)
      << o.message;
}

}  // namespace
}  // namespace loom::testing
