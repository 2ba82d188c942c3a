// The firmware column of the support matrix: every ONNX conformance test that the float engine and
// the emulator pass (read from onnx_conformance's JSONL) is converted to an HLS project with
// everyday types (fixed<32,16>, 1024-entry tables), C-simulated with g++ against ap_types, and the
// firmware's outputs must equal the emulator's bit for bit. One JSON line per test.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "conformance_test.h"
#include "loom/backends/hls.h"
#include "loom/config/config.h"
#include "loom/precision/precision.h"
#include "loom/sim/emulator.h"

namespace fs = std::filesystem;

namespace {

constexpr char kHlsConfig[] = R"(Model:
  Precision: fixed<32,16>
  table_size: 1024
)";

struct Result {
  std::string status;  // pass, fail (a mismatch), unsupported (the backend refused), error
  std::string detail;
  int64_t values = 0;
};

// The tests of `jsonl` whose float and emulator columns both pass.
std::vector<std::string> PassingTests(const fs::path& jsonl) {
  std::vector<std::string> names;
  std::ifstream in(jsonl);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find("\"status\": \"pass\"") == std::string::npos ||
        line.find("\"emu_status\": \"pass\"") == std::string::npos) {
      continue;
    }
    const std::string key = "{\"test\": \"";
    if (line.compare(0, key.size(), key) != 0) continue;
    size_t end = line.find('"', key.size());
    if (end != std::string::npos) names.push_back(line.substr(key.size(), end - key.size()));
  }
  return names;
}

Result RunOne(const fs::path& dir, const fs::path& ort_dir, const loom::config::Config& config,
              const fs::path& work) {
  using loom_conformance::FirstLine;
  loom_conformance::ConformanceTest test = loom_conformance::LoadConformanceTest(dir, ort_dir);
  if (test.status != "ok") return {"error", "the test no longer loads: " + test.detail};
  loom::ir::Graph& g = *test.graph;
  loom::precision::PrecisionOptions options;
  options.config = &config;
  auto typed = loom::precision::AssignPrecision(g, options);
  if (!typed.ok()) return {"unsupported", FirstLine(typed.error().message())};
  auto emu = loom::sim::Emulator::Build(g);
  if (!emu.ok()) return {"unsupported", FirstLine(emu.error().message())};
  const int64_t batch = test.inputs.empty() ? 1 : test.inputs[0].shape.at(0);
  loom::hls::TestVectors v;
  v.n = batch;
  std::vector<const float*> ins;
  for (const loom::ir::Tensor& t : test.inputs) {
    v.inputs.push_back(t.data);
    ins.push_back(v.inputs.back().data());
  }
  std::vector<double*> outs;
  v.outputs.resize(g.outputs().size());
  for (size_t o = 0; o < g.outputs().size(); ++o) {
    v.outputs[o].resize(static_cast<size_t>(batch * loom::ir::NumElements(g.outputs()[o]->shape)));
    outs.push_back(v.outputs[o].data());
  }
  loom::sim::RunOptions run;
  run.threads = 1;
  auto ran = emu.value().Run(batch, ins, outs, run);
  if (!ran.ok()) return {"error", FirstLine(ran.error().message())};
  loom::hls::WriteOptions wo;
  wo.dir = (work / dir.filename()).string();
  wo.force = true;
  auto project = loom::hls::WriteProject(g, config, v, wo);
  if (!project.ok()) {
    // io_parallel's size limit (an array over 4,096 elements, docs/hls-backend.md) is a refusal
    // the HLS tools would make too, not a missing kernel.
    const std::string& m = project.error().message();
    const bool too_large =
        m.find("an io_parallel array (partitioned into registers) may have") != std::string::npos;
    return {too_large ? "too-large" : "unsupported", FirstLine(m)};
  }
  auto csim = loom::hls::RunCsim(wo.dir, LOOM_AP_TYPES_DIR);
  if (!csim.ok()) return {"error", FirstLine(csim.error().message())};
  Result r;
  r.values = csim.value().values;
  if (csim.value().mismatches != 0 || r.values == 0) {
    r.status = "fail";
    r.detail = std::to_string(csim.value().mismatches) + " of " + std::to_string(r.values) +
               " values differ from the emulator (project kept in " + wo.dir + ")";
    return r;
  }
  std::error_code ec;
  fs::remove_all(wo.dir, ec);
  r.status = "pass";
  return r;
}

std::string JsonEscape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: onnx_conformance_csim ONNX_NODE_DIR CONFORMANCE.jsonl OUT.jsonl "
                 "[ORT_REFERENCE_DIR] [JOBS]\n";
    return 2;
  }
  fs::path root = argv[1];
  if (!fs::is_directory(root)) {
    std::cout << "onnx_conformance_csim: " << root << " is absent; skipping (the shared models "
              << "are not beside this checkout)\n";
    return 77;
  }
  std::vector<std::string> tests = PassingTests(argv[2]);
  if (tests.empty()) {
    std::cerr << "onnx_conformance_csim: no passing tests in " << argv[2]
              << " (run onnx_conformance first)\n";
    return 1;
  }
  fs::path ort_dir = argc > 4 ? fs::path(argv[4]) : fs::path();
  unsigned jobs = argc > 5 ? static_cast<unsigned>(std::stoi(argv[5]))
                           : std::max(1u, std::thread::hardware_concurrency());
  auto config = loom::config::ParseConfig(kHlsConfig, "<conformance HLS config>");
  if (!config.ok()) {
    std::cerr << "onnx_conformance_csim: internal error: " << config.error().message() << "\n";
    return 2;
  }
  fs::path work = fs::path(argv[3]).parent_path() / "onnx_node_csim_projects";
  fs::create_directories(work);
  std::vector<Result> results(tests.size());
  std::atomic<size_t> next{0};
  std::vector<std::thread> workers;
  for (unsigned j = 0; j < jobs; ++j) {
    workers.emplace_back([&] {
      for (size_t i = next++; i < tests.size(); i = next++) {
        results[i] = RunOne(root / tests[i], ort_dir, config.value(), work);
      }
    });
  }
  for (std::thread& t : workers) t.join();
  std::ofstream json(argv[3]);
  std::map<std::string, int> counts;
  for (size_t i = 0; i < tests.size(); ++i) {
    const Result& r = results[i];
    ++counts[r.status];
    json << "{\"test\": \"" << tests[i] << "\", \"hls_status\": \"" << r.status
         << "\", \"hls_detail\": \"" << JsonEscape(r.detail) << "\", \"hls_values\": " << r.values
         << "}\n";
    if (r.status != "pass") std::cout << tests[i] << ": " << r.status << ": " << r.detail << "\n";
  }
  std::cout << "HLS C-simulation (fixed<32,16>, 1024-entry tables): " << tests.size()
            << " tests: " << counts["pass"] << " pass, " << counts["fail"] << " fail, "
            << counts["error"] << " error, " << counts["unsupported"] << " unsupported, "
            << counts["too-large"] << " too large for io_parallel\n";
  // Firmware that differs from the emulator, or that does not compile, is a bug; so is an op the
  // emulator runs but the backend refuses (every op the importer reads must have a kernel). A
  // model over io_parallel's size limit is refused as the HLS tools would refuse it.
  return counts["pass"] + counts["too-large"] == static_cast<int>(tests.size()) ? 0 : 1;
}
