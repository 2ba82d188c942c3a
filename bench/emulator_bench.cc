// Throughput of the bit-exact emulator on the jet-tagging MLP (16 -> 64 -> 32 -> 32 -> 5, ReLU,
// softmax) with hls4ml's default precision fixed<16,6> for every type, over 10^6 samples, with the
// process's peak memory. The network is built in code with random weights (the shape and types
// are what matter for speed), so the benchmark needs no model files.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <random>
#include <vector>

#include "loom/config/config.h"
#include "loom/precision/precision.h"
#include "loom/sim/emulator.h"

namespace {

using loom::ir::OpKind;

loom::ir::Graph JetMlp() {
  loom::ir::Graph g;
  std::mt19937 rng(2026);
  std::normal_distribution<float> normal(0.0f, 0.3f);
  loom::ir::Value* x = g.AddInput("x", {16});
  int64_t width = 16;
  int layer = 0;
  for (int64_t out : {64, 32, 32, 5}) {
    loom::ir::Node* d = g.AddNode(OpKind::kDense, "fc" + std::to_string(++layer), {x});
    d->outputs[0]->shape = {out};
    loom::ir::Tensor w({width, out});
    loom::ir::Tensor b({out});
    for (float& v : w.data) v = normal(rng);
    for (float& v : b.data) v = normal(rng);
    d->params["weight"] = w;
    d->params["bias"] = b;
    x = d->outputs[0];
    loom::ir::Node* a =
        g.AddNode(out == 5 ? OpKind::kSoftmax : OpKind::kRelu, "act" + std::to_string(layer), {x});
    a->outputs[0]->shape = {out};
    if (out == 5) a->attrs.Set("axis", int64_t{0});
    x = a->outputs[0];
    width = out;
  }
  g.MarkOutput(x);
  return g;
}

void BM_JetMlpFixed16(benchmark::State& state) {
  const int64_t n = 1000000;
  loom::ir::Graph g = JetMlp();
  auto config = loom::config::ParseConfig("Model:\n  Precision: fixed<16,6>\n", "bench.yml");
  if (!config.ok()) {
    state.SkipWithError(config.error().message().c_str());
    return;
  }
  loom::precision::PrecisionOptions options;
  options.config = &config.value();
  auto typed = loom::precision::AssignPrecision(g, options);
  if (!typed.ok()) {
    state.SkipWithError(typed.error().message().c_str());
    return;
  }
  auto emu = loom::sim::Emulator::Build(g);
  if (!emu.ok()) {
    state.SkipWithError(emu.error().message().c_str());
    return;
  }
  std::vector<float> in(static_cast<size_t>(n * 16));
  std::mt19937 rng(1);
  std::normal_distribution<float> normal(0.0f, 1.5f);
  for (float& v : in) v = normal(rng);
  std::vector<float> out(static_cast<size_t>(n * 5));
  loom::sim::RunOptions run;
  run.threads = static_cast<int>(state.range(0));
  int64_t overflows = 0;
  for (auto _ : state) {
    auto r = emu.value().Run(n, {in.data()}, {out.data()}, run);
    if (!r.ok()) {
      state.SkipWithError(r.error().message().c_str());
      return;
    }
    overflows = 0;
    for (const auto& c : r.value().counts) overflows += c.result_overflow + c.accum_overflow;
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_MB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
  state.counters["overflows"] = static_cast<double>(overflows);
}
BENCHMARK(BM_JetMlpFixed16)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
