// C-simulation of dense and convolution layers equals the emulator bit for bit, for both
// strategies, several ReuseFactors, pruned weights and narrow, saturating and rounding types.
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
  }
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

}  // namespace
}  // namespace loom::testing
