// Test helper: emulate a typed graph, write its HLS project, C-simulate it with g++ and ap_types,
// and report whether the two agree bit for bit.
#ifndef LOOM_TESTS_CSIM_CSIM_UTIL_H_
#define LOOM_TESTS_CSIM_CSIM_UTIL_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "loom/backends/hls.h"
#include "loom/config/config.h"
#include "loom/precision/precision.h"
#include "loom/sim/emulator.h"

namespace loom::testing {

struct CsimOutcome {
  bool ok = false;      // everything ran
  std::string message;  // what failed, or the testbench's report
  int64_t values = 0;
  int64_t mismatches = -1;
  bool deadlock = false;                    // the threaded run stalled
  std::string dir;                          // the project
  std::optional<hls::StreamReport> stream;  // io_stream: the FIFOs
};

// How the project is written and C-simulated.
struct CsimRun {
  std::string fifo_depths = "worst";  // io_stream: "worst" or "optimized"
  hls::CsimOptions csim;              // threaded, FIFO depth overrides
};

// Assigns precision with `config_yaml`, emulates `n` samples drawn uniformly from [lo, hi] (or
// `inputs` when given), writes the project under the test's temporary directory `name` and runs
// its C-simulation.
inline CsimOutcome EmulateAndCsim(ir::Graph& graph, const std::string& config_yaml,
                                  const std::string& name, int64_t n = 32, double lo = -4,
                                  double hi = 4, std::vector<std::vector<float>> inputs = {},
                                  const CsimRun& how = {}) {
  CsimOutcome out;
  auto config = config::ParseConfig(config_yaml, name + ".yml");
  if (!config.ok()) {
    out.message = config.error().message();
    return out;
  }
  precision::PrecisionOptions po;
  po.config = &config.value();
  auto typed = precision::AssignPrecision(graph, po);
  if (!typed.ok()) {
    out.message = typed.error().message();
    return out;
  }
  auto emu = sim::Emulator::Build(graph);
  if (!emu.ok()) {
    out.message = emu.error().message();
    return out;
  }
  hls::TestVectors v;
  v.n = n;
  std::mt19937 rng(17);
  std::uniform_real_distribution<double> dist(lo, hi);
  for (size_t i = 0; i < graph.inputs().size(); ++i) {
    if (i < inputs.size()) {
      v.inputs.push_back(inputs[i]);
      continue;
    }
    std::vector<float> data(static_cast<size_t>(n * ir::NumElements(graph.inputs()[i]->shape)));
    for (float& f : data) f = static_cast<float>(dist(rng));
    v.inputs.push_back(std::move(data));
  }
  std::vector<const float*> ins;
  for (const auto& d : v.inputs) ins.push_back(d.data());
  std::vector<double*> outs;
  for (const ir::Value* o : graph.outputs()) {
    v.outputs.emplace_back(static_cast<size_t>(n * ir::NumElements(o->shape)));
    outs.push_back(v.outputs.back().data());
  }
  auto run = emu.value().Run(n, ins, outs, {});
  if (!run.ok()) {
    out.message = run.error().message();
    return out;
  }
  std::string dir = (std::filesystem::path(::testing::TempDir()) / ("loom_csim_" + name)).string();
  hls::WriteOptions wo;
  wo.dir = dir;
  wo.force = true;
  wo.fifo_depths = how.fifo_depths;
  auto project = hls::WriteProject(graph, config.value(), v, wo);
  if (!project.ok()) {
    out.message = project.error().message();
    return out;
  }
  out.dir = dir;
  out.stream = project.value().stream;
  auto csim = hls::RunCsim(dir, LOOM_AP_TYPES_DIR, how.csim);
  if (!csim.ok()) {
    out.message = csim.error().message();
    return out;
  }
  out.ok = true;
  out.deadlock = csim.value().deadlock;
  out.message = csim.value().output;
  out.values = csim.value().values;
  out.mismatches = csim.value().mismatches;
  return out;
}

// A graph of one node fed by graph inputs of the given shapes; its outputs are the graph's.
struct OneNode {
  ir::Graph graph;
  ir::Node* node = nullptr;
  OneNode(ir::OpKind op, const std::vector<ir::Shape>& in_shapes,
          const std::vector<ir::Shape>& out_shapes) {
    std::vector<ir::Value*> ins;
    for (size_t i = 0; i < in_shapes.size(); ++i) {
      ins.push_back(graph.AddInput("x" + std::to_string(i), in_shapes[i]));
    }
    node = graph.AddNode(op, "n", ins, static_cast<int>(out_shapes.size()));
    for (size_t i = 0; i < out_shapes.size(); ++i) {
      node->outputs[i]->shape = out_shapes[i];
      graph.MarkOutput(node->outputs[i]);
    }
  }
};

}  // namespace loom::testing

#define EXPECT_CSIM_EXACT(outcome)                     \
  do {                                                 \
    const auto& loom_o = (outcome);                    \
    ASSERT_TRUE(loom_o.ok) << loom_o.message;          \
    EXPECT_GT(loom_o.values, 0) << loom_o.message;     \
    EXPECT_EQ(loom_o.mismatches, 0) << loom_o.message; \
  } while (false)

#endif  // LOOM_TESTS_CSIM_CSIM_UTIL_H_
