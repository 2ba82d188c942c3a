// io_stream FIFO depths checked by running the firmware's processes concurrently: the threaded
// C-simulation (tb_threaded/hls_stream.h) bounds each FIFO by its STREAM depth, so it completes
// only if the depths let the processes complete, and it must still equal the emulator.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <random>

#include "csim_util.h"

namespace loom::testing {
namespace {

using ir::OpKind;

ir::Node* AddConv(ir::Graph& g, const std::string& name, ir::Value* in, int64_t c, int seed) {
  ir::Node* n = g.AddNode(OpKind::kConv, name, {in}, 1);
  n->outputs[0]->shape = in->shape;
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0, 0.4f);
  ir::Tensor w({c, c, 3, 3});
  for (float& v : w.data) v = normal(rng);
  ir::Tensor b({c});
  for (float& v : b.data) v = normal(rng);
  n->params["weight"] = w;
  n->params["bias"] = b;
  n->attrs.Set("strides", std::vector<int64_t>{1, 1});
  n->attrs.Set("pads", std::vector<int64_t>{1, 1, 1, 1});
  n->attrs.Set("dilations", std::vector<int64_t>{1, 1});
  n->attrs.Set("group", int64_t{1});
  n->attrs.Set("channels_last", int64_t{1});
  return n;
}

// x -> conv -> relu -> conv -> add(., x): the skip path (x's copy for the add) must buffer the
// beats the two convolutions hold back (about two rows each) while the other path fills.
void BuildResidual(ir::Graph& g, int64_t h, int64_t w, int64_t c) {
  ir::Value* x = g.AddInput("x", {h, w, c});
  ir::Node* a = AddConv(g, "conv_a", x, c, 5);
  ir::Node* r = g.AddNode(OpKind::kRelu, "relu", {a->outputs[0]}, 1);
  r->outputs[0]->shape = x->shape;
  ir::Node* b = AddConv(g, "conv_b", r->outputs[0], c, 6);
  ir::Node* sum = g.AddNode(OpKind::kAdd, "add", {b->outputs[0], x}, 1);
  sum->outputs[0]->shape = x->shape;
  g.MarkOutput(sum->outputs[0]);
}

const char* const kConfig = "IOType: io_stream\nModel:\n  Precision: ap_fixed<16,6>\n";

TEST(StreamCsim, ThreadedRunWithOptimizedDepthsEqualsEmulator) {
  ir::Graph g;
  BuildResidual(g, 9, 7, 3);
  CsimRun how;
  how.fifo_depths = "optimized";
  how.csim.threaded = true;
  const CsimOutcome o = EmulateAndCsim(g, kConfig, "stream_threaded_residual", 4, -4, 4, {}, how);
  EXPECT_CSIM_EXACT(o);
  EXPECT_FALSE(o.deadlock) << o.message;
  EXPECT_NE(o.message.find("held at most"), std::string::npos) << o.message;
  ASSERT_TRUE(o.stream.has_value());

  // The skip path is the FIFO that needs the most: cut well below its depth, the same firmware
  // cannot complete, and the run says so naming it.
  const hls::FifoReport* skip = nullptr;
  for (const hls::FifoReport& f : o.stream->fifos) {
    if (skip == nullptr || f.optimized > skip->optimized) skip = &f;
  }
  ASSERT_NE(skip, nullptr);
  EXPECT_GE(skip->optimized, 14) << skip->name;  // two rows of 7 pixels
  EXPECT_LT(skip->optimized, skip->worst) << skip->name;
  hls::CsimOptions cut;
  cut.threaded = true;
  cut.fifo_depths[skip->name] = skip->optimized / 8;
  auto stalled = hls::RunCsim(o.dir, LOOM_AP_TYPES_DIR, cut);
  ASSERT_TRUE(stalled.ok()) << stalled.error().message();
  EXPECT_TRUE(stalled.value().deadlock) << stalled.value().output;
  EXPECT_NE(stalled.value().output.find(skip->name), std::string::npos) << stalled.value().output;

  // A FIFO the top does not have is refused, not ignored.
  hls::CsimOptions unknown;
  unknown.threaded = true;
  unknown.fifo_depths["no_such_fifo"] = 2;
  auto refused = hls::RunCsim(o.dir, LOOM_AP_TYPES_DIR, unknown);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message().find("no_such_fifo, which is not a FIFO of the top"),
            std::string::npos)
      << refused.error().message();
}

TEST(StreamCsim, ThreadedRunWithWorstDepthsEqualsEmulator) {
  ir::Graph g;
  BuildResidual(g, 5, 6, 2);
  CsimRun how;
  how.csim.threaded = true;
  const CsimOutcome o = EmulateAndCsim(g, kConfig, "stream_threaded_worst", 3, -4, 4, {}, how);
  EXPECT_CSIM_EXACT(o);
  EXPECT_FALSE(o.deadlock) << o.message;
}

// The sequential C-simulation of the same design does not see the depths: a depth override is
// refused there rather than silently ignored.
TEST(StreamCsim, DepthOverrideNeedsThreadedRun) {
  ir::Graph g;
  BuildResidual(g, 4, 4, 2);
  const CsimOutcome o = EmulateAndCsim(g, kConfig, "stream_sequential", 2);
  EXPECT_CSIM_EXACT(o);
  hls::CsimOptions bad;
  bad.fifo_depths["x_c0"] = 1;
  auto r = hls::RunCsim(o.dir, LOOM_AP_TYPES_DIR, bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("only for the threaded run"), std::string::npos);
}

// Crops, strided slices and constant pads of the positions of an image too large to hold
// (5,000+ elements, so not buffered) stream as one counter walk per layer, in io_stream order,
// with no whole-image buffer.
TEST(StreamCsim, GridCropSliceAndPad) {
  ir::Graph g;
  ir::Value* x = g.AddInput("x", {41, 43, 3});
  ir::Node* crop = g.AddNode(OpKind::kSlice, "crop", {x}, 1);
  crop->attrs.Set("starts", std::vector<int64_t>{2, 3});
  crop->attrs.Set("ends", std::vector<int64_t>{39, 41});
  crop->attrs.Set("axes", std::vector<int64_t>{0, 1});
  crop->attrs.Set("steps", std::vector<int64_t>{1, 1});
  crop->outputs[0]->shape = {37, 38, 3};
  ir::Node* pad = g.AddNode(OpKind::kPad, "pad", {crop->outputs[0]}, 1);
  pad->attrs.Set("pads", std::vector<int64_t>{1, 0, 0, 2, 3, 0});
  pad->attrs.Set("value", 0.75);
  pad->outputs[0]->shape = {40, 41, 3};
  ir::Node* strided = g.AddNode(OpKind::kSlice, "strided", {pad->outputs[0]}, 1);
  strided->attrs.Set("starts", std::vector<int64_t>{1, 0});
  strided->attrs.Set("ends", std::vector<int64_t>{40, 41});
  strided->attrs.Set("axes", std::vector<int64_t>{0, 1});
  strided->attrs.Set("steps", std::vector<int64_t>{3, 2});
  strided->outputs[0]->shape = {13, 21, 3};
  ir::Node* relu = g.AddNode(OpKind::kRelu, "relu", {strided->outputs[0]}, 1);
  relu->outputs[0]->shape = {13, 21, 3};
  g.MarkOutput(relu->outputs[0]);
  const CsimOutcome o = EmulateAndCsim(g, kConfig, "stream_grid", 3);
  EXPECT_CSIM_EXACT(o);
  ASSERT_TRUE(o.stream.has_value());
  // The whole image is never held: no layer falls back to the buffered form.
  std::ifstream top(o.dir + "/firmware/myproject.cpp");
  const std::string text((std::istreambuf_iterator<char>(top)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text.find("a0["), std::string::npos) << text.substr(0, 4000);
  EXPECT_NE(text.find("static const bool hit1[43]"), std::string::npos);
}

}  // namespace
}  // namespace loom::testing
