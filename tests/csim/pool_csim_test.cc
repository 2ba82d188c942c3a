// C-simulation of max/average pools (1D/2D, padding, dilation, ceil_mode, count_include_pad,
// channels last, windows made only of padding), global pools and reduce_mean/max/sum equals the
// emulator bit for bit, with exact types and with narrow rounding/saturating accumulators and
// results.
#include "csim_util.h"

namespace loom::testing {
namespace {

using ir::OpKind;
using ir::Shape;

struct PoolSpec {
  std::vector<int64_t> kernel, strides, pads, dilations;
  bool ceil_mode = false;
  bool include_pad = false;
  bool channels_last = false;
};

ir::Value* Pool(ir::Graph& g, OpKind op, const std::string& name, ir::Value* x, const Shape& out,
                const PoolSpec& p) {
  ir::Node* n = g.AddNode(op, name, {x}, 1);
  n->outputs[0]->shape = out;
  if (!p.kernel.empty()) n->attrs.Set("kernel_shape", p.kernel);
  if (!p.strides.empty()) n->attrs.Set("strides", p.strides);
  if (!p.pads.empty()) n->attrs.Set("pads", p.pads);
  if (!p.dilations.empty()) n->attrs.Set("dilations", p.dilations);
  if (p.ceil_mode) n->attrs.Set("ceil_mode", int64_t{1});
  if (p.include_pad) n->attrs.Set("count_include_pad", int64_t{1});
  if (p.channels_last) n->attrs.Set("channels_last", int64_t{1});
  return n->outputs[0];
}

ir::Value* Mean(ir::Graph& g, const std::string& name, ir::Value* x, const Shape& out,
                const std::vector<int64_t>& axes, bool keepdims, OpKind op = OpKind::kReduceMean) {
  ir::Node* n = g.AddNode(op, name, {x}, 1);
  n->outputs[0]->shape = out;
  if (!axes.empty()) n->attrs.Set("axes", axes);
  n->attrs.Set("keepdims", int64_t{keepdims ? 1 : 0});
  return n->outputs[0];
}

void BuildPools(ir::Graph& g) {
  ir::Value* x = g.AddInput("x", {3, 6, 5});  // channels first
  ir::Value* y = g.AddInput("y", {5, 4, 2});  // channels last
  ir::Value* z = g.AddInput("z", {2, 7});     // 1D
  std::vector<ir::Value*> outs = {
      Pool(g, OpKind::kMaxPool, "mp", x, {3, 3, 3}, {{3, 2}, {2, 2}, {1, 0, 1, 1}, {}}),
      Pool(g, OpKind::kMaxPool, "mp_ceil_dil", x, {3, 3, 3}, {{2, 2}, {2, 2}, {}, {2, 1}, true}),
      Pool(g, OpKind::kAveragePool, "ap", x, {3, 3, 3}, {{3, 3}, {2, 2}, {1, 1, 1, 1}, {}}),
      Pool(g, OpKind::kAveragePool, "ap_inc", x, {3, 3, 3},
           {{3, 3}, {2, 2}, {1, 1, 1, 1}, {}, false, true}),
      Pool(g, OpKind::kAveragePool, "ap_ceil", x, {3, 3, 3}, {{2, 2}, {2, 2}, {}, {}, true}),
      Pool(g, OpKind::kGlobalAveragePool, "gap", x, {3, 1, 1}, {}),
      Pool(g, OpKind::kGlobalMaxPool, "gmp", x, {3, 1, 1}, {}),
      Mean(g, "rm", x, {3, 5}, {1}, false),
      Mean(g, "rm_all", x, {1, 1, 1}, {}, true),
      Mean(g, "rmax", x, {3, 1, 5}, {1}, true, OpKind::kReduceMax),
      Mean(g, "rsum", x, {6}, {0, 2}, false, OpKind::kReduceSum),
      Pool(g, OpKind::kMaxPool, "mp_last", y, {4, 2, 2},
           {{2, 2}, {1, 2}, {}, {}, false, false, true}),
      Pool(g, OpKind::kAveragePool, "ap_last", y, {4, 2, 2},
           {{2, 2}, {1, 2}, {}, {}, false, false, true}),
      Pool(g, OpKind::kGlobalAveragePool, "gap_last", y, {1, 1, 2},
           {{}, {}, {}, {}, false, false, true}),
      Pool(g, OpKind::kAveragePool, "ap1d", z, {2, 4}, {{3}, {2}, {1, 1}, {}}),
      Pool(g, OpKind::kMaxPool, "mp1d", z, {2, 6}, {{2}, {1}, {}, {}}),
      // The first window lies entirely in the padding: max gives the input type's minimum,
      // average gives 0.
      Pool(g, OpKind::kMaxPool, "mp_pad_only", z, {2, 9}, {{1}, {1}, {2, 0}, {}}),
      Pool(g, OpKind::kAveragePool, "ap_pad_only", z, {2, 9}, {{1}, {1}, {2, 0}, {}}),
  };
  for (ir::Value* v : outs) g.MarkOutput(v);
}

// The same windows channels-last, for io_stream's line-buffer kernels (padding, dilation,
// ceil_mode, count_include_pad, windows only of padding, 1D and 2D) and its global reduction.
void BuildStreamPools(ir::Graph& g) {
  ir::Value* x = g.AddInput("x", {6, 5, 3});
  ir::Value* z = g.AddInput("z", {7, 2});
  const bool last = true;
  std::vector<ir::Value*> outs = {
      Pool(g, OpKind::kMaxPool, "mp", x, {3, 3, 3},
           {{3, 2}, {2, 2}, {1, 0, 1, 1}, {}, false, false, last}),
      Pool(g, OpKind::kMaxPool, "mp_ceil_dil", x, {3, 3, 3},
           {{2, 2}, {2, 2}, {}, {2, 1}, true, false, last}),
      Pool(g, OpKind::kAveragePool, "ap", x, {3, 3, 3},
           {{3, 3}, {2, 2}, {1, 1, 1, 1}, {}, false, false, last}),
      Pool(g, OpKind::kAveragePool, "ap_inc", x, {3, 3, 3},
           {{3, 3}, {2, 2}, {1, 1, 1, 1}, {}, false, true, last}),
      Pool(g, OpKind::kAveragePool, "ap_ceil", x, {3, 3, 3},
           {{2, 2}, {2, 2}, {}, {}, true, false, last}),
      Pool(g, OpKind::kAveragePool, "ap_plain", x, {3, 2, 3},
           {{2, 2}, {2, 2}, {}, {}, false, false, last}),
      Pool(g, OpKind::kGlobalAveragePool, "gap", x, {1, 1, 3},
           {{}, {}, {}, {}, false, false, last}),
      Pool(g, OpKind::kGlobalMaxPool, "gmp", x, {1, 1, 3}, {{}, {}, {}, {}, false, false, last}),
      Pool(g, OpKind::kAveragePool, "ap1d", z, {4, 2}, {{3}, {2}, {1, 1}, {}, false, false, last}),
      Pool(g, OpKind::kMaxPool, "mp1d", z, {6, 2}, {{2}, {1}, {}, {}, false, false, last}),
      Pool(g, OpKind::kMaxPool, "mp_pad_only", z, {9, 2},
           {{1}, {1}, {2, 0}, {}, false, false, last}),
      Pool(g, OpKind::kAveragePool, "ap_pad_only", z, {9, 2},
           {{1}, {1}, {2, 0}, {}, false, false, last}),
  };
  for (ir::Value* v : outs) g.MarkOutput(v);
}

TEST(PoolCsim, ExactTypes) {
  ir::Graph g;
  BuildPools(g);
  EXPECT_CSIM_EXACT(EmulateAndCsim(g, "Model:\n  Precision: auto\n", "pool_auto"));
}

TEST(PoolCsim, NarrowRoundingSaturatingAccumulatorsAndResults) {
  ir::Graph g;
  BuildPools(g);
  // Accumulators that overflow (saturate or wrap) on the way, truncating divisions, rounding
  // result casts; an unsigned input (max pool's padding value is then 0).
  const char* config = R"(Model:
  Precision:
    default: ap_fixed<9,4,AP_RND_CONV,AP_SAT>
LayerName:
  x: {Precision: 'ap_fixed<10,3,AP_RND,AP_SAT>'}
  y: {Precision: 'ap_fixed<7,3,AP_RND_CONV,AP_WRAP>'}
  z: {Precision: 'ap_ufixed<8,3,AP_RND,AP_SAT>'}
  mp: {Precision: 'ap_fixed<6,2,AP_RND,AP_SAT>'}
  mp_ceil_dil: {Precision: 'ap_fixed<5,3,AP_RND_INF,AP_SAT_SYM>'}
  ap: {Precision: {accum: 'ap_fixed<8,3,AP_RND,AP_SAT>', result: 'ap_fixed<6,2,AP_RND,AP_SAT>'}}
  ap_inc: {Precision: {accum: 'ap_fixed<9,4>', result: 'ap_fixed<5,1,AP_RND_ZERO,AP_SAT>'}}
  ap_ceil:
    Precision:
      accum: 'ap_fixed<12,4,AP_TRN,AP_WRAP>'
      result: 'ap_fixed<8,2,AP_RND_CONV,AP_WRAP>'
  gap: {Precision: {accum: 'ap_fixed<14,6>', result: 'ap_fixed<6,1,AP_RND,AP_SAT>'}}
  gmp: {Precision: 'ap_ufixed<6,2,AP_RND,AP_SAT>'}
  rm:
    Precision:
      accum: 'ap_fixed<10,4,AP_RND,AP_SAT_SYM>'
      result: 'ap_fixed<7,2,AP_RND_MIN_INF,AP_SAT>'
  rm_all: {Precision: {accum: 'ap_fixed<16,8>', result: 'ap_fixed<9,1,AP_RND,AP_SAT>'}}
  mp_last: {Precision: 'ap_fixed<5,2,AP_RND,AP_SAT>'}
  ap_last:
    Precision: {accum: 'ap_fixed<8,4,AP_RND,AP_SAT>', result: 'ap_fixed<6,2,AP_RND,AP_SAT>'}
  gap_last: {Precision: {accum: 'ap_fixed<10,5>', result: 'ap_fixed<6,2,AP_RND_CONV,AP_SAT>'}}
  ap1d:
    Precision: {accum: 'ap_ufixed<9,4,AP_RND,AP_SAT>', result: 'ap_ufixed<6,2,AP_RND,AP_SAT>'}
  mp1d: {Precision: 'ap_ufixed<5,2,AP_RND,AP_SAT>'}
  mp_pad_only: {Precision: 'ap_fixed<9,4>'}
  ap_pad_only: {Precision: {accum: 'ap_ufixed<8,3>', result: 'ap_ufixed<8,3>'}}
)";
  EXPECT_CSIM_EXACT(EmulateAndCsim(g, config, "pool_narrow", 48, -8, 8));
}

}  // namespace
}  // namespace loom::testing

namespace loom::testing {
namespace {

// io_stream: channels-last pools through the line-buffer kernels and global reductions; the
// channels-first graph's pools (small enough) through the buffered fallback. Exact and narrow
// saturating types.
TEST(PoolCsim, Stream) {
  {
    ir::Graph g;
    BuildStreamPools(g);
    EXPECT_CSIM_EXACT(
        EmulateAndCsim(g, "IOType: io_stream\nModel:\n  Precision: auto\n", "pool_stream_auto"));
  }
  {
    ir::Graph g;
    BuildStreamPools(g);
    const char* config = R"(IOType: io_stream
Model:
  Precision:
    default: ap_fixed<9,4,AP_RND_CONV,AP_SAT>
LayerName:
  x: {Precision: 'ap_fixed<10,3,AP_RND,AP_SAT>'}
  z: {Precision: 'ap_ufixed<8,3,AP_RND,AP_SAT>'}
  ap: {Precision: {accum: 'ap_fixed<8,3,AP_RND,AP_SAT>', result: 'ap_fixed<6,2,AP_RND,AP_SAT>'}}
  ap_inc: {Precision: {accum: 'ap_fixed<9,4>', result: 'ap_fixed<5,1,AP_RND_ZERO,AP_SAT>'}}
  gap: {Precision: {accum: 'ap_fixed<14,6>', result: 'ap_fixed<6,1,AP_RND,AP_SAT>'}}
  mp_ceil_dil: {Precision: 'ap_fixed<5,3,AP_RND_INF,AP_SAT_SYM>'}
)";
    EXPECT_CSIM_EXACT(EmulateAndCsim(g, config, "pool_stream_narrow"));
  }
  {
    ir::Graph g;
    BuildPools(g);
    EXPECT_CSIM_EXACT(
        EmulateAndCsim(g, "IOType: io_stream\nModel:\n  Precision: auto\n", "pool_stream_cf"));
  }
}

}  // namespace
}  // namespace loom::testing
