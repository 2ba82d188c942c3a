// Runs the ONNX per-operator conformance tests (model + TensorProto inputs/outputs) through the
// importer, the float engine and (with wide fixed types) the emulator, and writes one JSON line per
// test for the support matrix.
#include <onnx/onnx_pb.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "conformance_test.h"
#include "loom/config/config.h"
#include "loom/frontends/onnx.h"
#include "loom/precision/precision.h"
#include "loom/ref/float_engine.h"
#include "loom/sim/emulator.h"

namespace fs = std::filesystem;

namespace {

using loom_conformance::ConformanceTest;
using loom_conformance::FirstLine;
using loom_conformance::LoadConformanceTest;

// The emulator column: every type wide enough that only the lookup tables approximate, so the
// emulator must agree with the reference within kEmuAbsTol + kEmuRelTol * |reference|.
constexpr char kWideConfig[] = R"(Model:
  Precision: fixed<48,24>
  table_size: 1048576
)";
constexpr double kEmuAbsTol = 1e-4;
constexpr double kEmuRelTol = 1e-4;

struct Outcome {
  Outcome(std::string s, std::string d, double e = 0.0, std::string ref = "")
      : status(std::move(s)), detail(std::move(d)), max_abs_error(e), reference(std::move(ref)) {}
  std::string status;  // pass, fail, error, unsupported
  std::string detail;
  double max_abs_error;
  std::string reference;  // onnxruntime or stored
  // The emulator's result, only for tests the float engine passes ("-" otherwise).
  std::string emu_status = "-";  // pass, fail, unsupported, error
  std::string emu_detail;
  double emu_max_abs_error = 0.0;
};

// Compares `got` (sample-major, every output) with the reference outputs within abs + rel * |ref|;
// NaN matches NaN and an infinity matches itself. Returns "" when all agree, else the first
// difference; `max_abs_error` receives the largest error seen up to there.
template <typename T>
std::string Compare(const std::vector<std::vector<T>>& got,
                    const std::vector<loom::ir::Tensor>& expected, double abs_tol, double rel_tol,
                    double* max_abs_error) {
  *max_abs_error = 0.0;
  for (size_t o = 0; o < expected.size(); ++o) {
    if (got[o].size() != expected[o].data.size()) {
      return "output " + std::to_string(o) + " has " + std::to_string(got[o].size()) +
             " values, expected " + std::to_string(expected[o].data.size());
    }
    for (size_t k = 0; k < got[o].size(); ++k) {
      double want = expected[o].data[k];
      double have = got[o][k];
      double err = std::fabs(want - have);
      if (std::isnan(want) && std::isnan(have)) continue;
      if (std::isinf(want) && want == have) continue;
      *max_abs_error = std::max(*max_abs_error, err);
      if (!(err <= abs_tol + rel_tol * std::fabs(want))) {
        std::ostringstream os;
        os << std::setprecision(9) << "output " << o << " element " << k << ": expected " << want
           << ", got " << have;
        return os.str();
      }
    }
  }
  return "";
}

// Assigns the wide types of `config` to `graph` and runs the emulator on the `batch` samples of
// `inputs`, comparing with `expected`; fills the emu_* fields of `r`.
void RunEmulator(loom::ir::Graph& graph, const loom::config::Config& config,
                 const std::vector<loom::ir::Tensor>& inputs,
                 const std::vector<loom::ir::Tensor>& expected, int64_t batch, Outcome& r) {
  loom::precision::PrecisionOptions options;
  options.config = &config;
  auto choices = loom::precision::AssignPrecision(graph, options);
  if (!choices.ok()) {
    r.emu_status = "unsupported";
    r.emu_detail = FirstLine(choices.error().message());
    return;
  }
  auto emu = loom::sim::Emulator::Build(graph);
  if (!emu.ok()) {
    r.emu_status = "unsupported";
    r.emu_detail = FirstLine(emu.error().message());
    return;
  }
  std::vector<const float*> in_ptrs;
  for (const loom::ir::Tensor& t : inputs) in_ptrs.push_back(t.data.data());
  std::vector<std::vector<double>> got(graph.outputs().size());
  std::vector<double*> out_ptrs;
  for (size_t o = 0; o < got.size(); ++o) {
    got[o].resize(static_cast<size_t>(batch * loom::ir::NumElements(graph.outputs()[o]->shape)));
    out_ptrs.push_back(got[o].data());
  }
  loom::sim::RunOptions run_options;
  run_options.threads = 1;  // the tests are tiny; other jobs share the machine
  auto result = emu.value().Run(batch, in_ptrs, out_ptrs, run_options);
  if (!result.ok()) {
    r.emu_status = "error";
    r.emu_detail = FirstLine(result.error().message());
    return;
  }
  std::string diff = Compare(got, expected, kEmuAbsTol, kEmuRelTol, &r.emu_max_abs_error);
  r.emu_status = diff.empty() ? "pass" : "fail";
  r.emu_detail = diff;
}

std::string JsonEscape(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') {
      o += '\\';
      o += c;
    } else if (c == '\n') {
      o += "\\n";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      o += ' ';
    } else {
      o += c;
    }
  }
  return o;
}

// The op a test exercises: the single node's op type, or the test's name for expanded graphs.
std::string TestOp(const fs::path& model) {
  std::ifstream in(model, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  onnx::ModelProto m;
  if (!m.ParseFromString(ss.str()) || m.graph().node_size() == 0) return "?";
  std::set<std::string> ops;
  for (const auto& n : m.graph().node()) ops.insert(n.op_type());
  if (ops.size() == 1) return *ops.begin();
  return m.graph().node(m.graph().node_size() - 1).op_type() + " (expanded)";
}

Outcome RunOne(const fs::path& dir, const fs::path& ort_dir, const loom::config::Config& wide) {
  ConformanceTest test = LoadConformanceTest(dir, ort_dir);
  if (test.status != "ok") return {test.status, test.detail};
  loom::ir::Graph& g = *test.graph;
  const std::vector<loom::ir::Tensor>& inputs = test.inputs;
  const std::vector<loom::ir::Tensor>& expected = test.expected;
  const bool use_ort = test.reference == "onnxruntime";
  int64_t batch = inputs.empty() ? 1 : inputs[0].shape.at(0);
  std::vector<std::vector<float>> got(expected.size());
  for (int64_t b = 0; b < batch; ++b) {
    std::vector<loom::ir::Tensor> sample;
    for (size_t i = 0; i < inputs.size(); ++i) {
      int64_t n = loom::ir::NumElements(g.inputs()[i]->shape);
      if (inputs[i].shape.at(0) != batch || inputs[i].size() != n * batch) {
        return {"error", "input " + std::to_string(i) + " does not match the graph's shape"};
      }
      sample.emplace_back(
          g.inputs()[i]->shape,
          std::vector<float>(inputs[i].data.begin() + b * n, inputs[i].data.begin() + (b + 1) * n));
    }
    auto out = loom::ref::Run(g, sample);
    if (!out.ok()) {
      std::string msg = out.error().message();
      return {"unsupported", FirstLine(msg)};
    }
    for (size_t o = 0; o < expected.size(); ++o) {
      got[o].insert(got[o].end(), out.value()[o].data.begin(), out.value()[o].data.end());
    }
  }
  Outcome r{"pass", "", 0.0, use_ort ? "onnxruntime" : "stored"};
  std::string diff = Compare(got, expected, 1e-6, 1e-5, &r.max_abs_error);
  if (!diff.empty()) return {"fail", diff, r.max_abs_error, r.reference};
  // The float engine agrees; the emulator reads the same per-sample inputs, sample-major.
  RunEmulator(g, wide, inputs, expected, batch, r);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: onnx_conformance ONNX_NODE_DIR OUT.jsonl [ORT_REFERENCE_DIR]\n";
    return 2;
  }
  fs::path root = argv[1];
  if (!fs::is_directory(root)) {
    std::cout << "onnx_conformance: " << root << " is absent; skipping (the shared models are "
              << "not beside this checkout)\n";
    return 77;
  }
  std::vector<fs::path> tests;
  for (const auto& e : fs::directory_iterator(root)) {
    if (fs::exists(e.path() / "model.onnx")) tests.push_back(e.path());
  }
  std::sort(tests.begin(), tests.end());
  auto wide = loom::config::ParseConfig(kWideConfig, "<conformance wide config>");
  if (!wide.ok()) {
    std::cerr << "onnx_conformance: internal error: " << wide.error().message() << "\n";
    return 2;
  }
  std::ofstream json(argv[2]);
  std::map<std::string, int> counts, emu_counts;
  for (const fs::path& t : tests) {
    Outcome r = RunOne(t, argc > 3 ? fs::path(argv[3]) : fs::path(), wide.value());
    ++counts[r.status];
    ++emu_counts[r.emu_status];
    json << "{\"test\": \"" << t.filename().string() << "\", \"op\": \""
         << JsonEscape(TestOp(t / "model.onnx")) << "\", \"status\": \"" << r.status
         << "\", \"detail\": \"" << JsonEscape(r.detail) << "\", \"reference\": \"" << r.reference
         << "\", \"max_abs_error\": " << r.max_abs_error << ", \"emu_status\": \"" << r.emu_status
         << "\", \"emu_detail\": \"" << JsonEscape(r.emu_detail)
         << "\", \"emu_max_abs_error\": " << r.emu_max_abs_error << "}\n";
    if (r.status == "fail" || r.status == "error") {
      std::cout << t.filename().string() << ": " << r.status << ": " << r.detail << "\n";
    }
    if (r.emu_status == "fail" || r.emu_status == "error") {
      std::cout << t.filename().string() << ": emulator " << r.emu_status << ": " << r.emu_detail
                << "\n";
    }
  }
  std::cout << "onnx conformance: " << tests.size() << " tests: " << counts["pass"] << " pass, "
            << counts["fail"] << " fail, " << counts["error"] << " error, " << counts["unsupported"]
            << " unsupported\n";
  std::cout << "emulator (fixed<48,24>, 2^20-entry tables): " << counts["pass"]
            << " tests: " << emu_counts["pass"] << " pass, " << emu_counts["fail"] << " fail, "
            << emu_counts["error"] << " error, " << emu_counts["unsupported"] << " unsupported\n";
  // A wrong emulator result is as much a failure as a wrong float result.
  bool ok = counts["fail"] + counts["error"] + emu_counts["fail"] + emu_counts["error"] == 0;
  return ok ? 0 : 1;
}
