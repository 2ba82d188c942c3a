// Runs the ONNX per-operator conformance tests (model + TensorProto inputs/outputs) through the
// importer and the float engine, and writes one JSON line per test for the support matrix.
#include <onnx/onnx_pb.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "loom/frontends/onnx.h"
#include "loom/ref/float_engine.h"

namespace fs = std::filesystem;

namespace {

struct Outcome {
  Outcome(std::string s, std::string d, double e = 0.0, std::string ref = "")
      : status(std::move(s)), detail(std::move(d)), max_abs_error(e), reference(std::move(ref)) {}
  std::string status;  // pass, fail, error, unsupported
  std::string detail;
  double max_abs_error;
  std::string reference;  // onnxruntime or stored
};

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

std::string FirstLine(const std::string& s) {
  size_t nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

// Graph input names of the model, without initializers.
std::vector<std::string> InputNames(const fs::path& model) {
  std::ifstream in(model, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  onnx::ModelProto m;
  std::vector<std::string> names;
  if (!m.ParseFromString(ss.str())) return names;
  std::set<std::string> inits;
  for (const auto& t : m.graph().initializer()) inits.insert(t.name());
  for (const auto& i : m.graph().input()) {
    if (!inits.count(i.name())) names.push_back(i.name());
  }
  return names;
}

Outcome RunOne(const fs::path& dir, const fs::path& ort_dir) {
  // Test models often leave input shapes undeclared: take them from the test data. Inputs the
  // model needs as constants (weights fed as inputs) are frozen to their test values.
  loom::frontends::OnnxImportOptions options;
  std::vector<std::string> names = InputNames(dir / "model.onnx");
  std::vector<loom::ir::Tensor> data_inputs;
  for (size_t i = 0; i < names.size(); ++i) {
    fs::path p = dir / "test_data_set_0" / ("input_" + std::to_string(i) + ".pb");
    auto t = loom::frontends::ReadOnnxTensorFile(p.string());
    if (!t.ok()) return {"unsupported", FirstLine(t.error().message())};
    options.input_shapes[names[i]] = t.value().shape;
    data_inputs.push_back(std::move(t).value());
  }
  auto graph = loom::frontends::ImportOnnxFile((dir / "model.onnx").string(), options);
  if (!graph.ok() && names.size() > 1) {
    for (size_t i = 1; i < names.size(); ++i) options.frozen_inputs[names[i]] = data_inputs[i];
    graph = loom::frontends::ImportOnnxFile((dir / "model.onnx").string(), options);
  }
  if (!graph.ok()) {
    std::string msg = graph.error().message();
    bool unsupported = msg.find("unsupported") != std::string::npos;
    return {unsupported ? "unsupported" : "error", FirstLine(msg)};
  }
  const loom::ir::Graph& g = graph.value();
  fs::path data = dir / "test_data_set_0";
  std::vector<loom::ir::Tensor> inputs, expected;
  for (size_t i = 0;; ++i) {
    fs::path p = data / ("input_" + std::to_string(i) + ".pb");
    if (!fs::exists(p)) break;
    auto t = loom::frontends::ReadOnnxTensorFile(p.string());
    if (!t.ok()) return {"error", FirstLine(t.error().message())};
    inputs.push_back(std::move(t).value());
  }
  // ONNX Runtime's outputs when it could run the model, else the stored ones.
  fs::path ort_outputs = ort_dir / dir.filename();
  bool use_ort = !ort_dir.empty() && fs::exists(ort_outputs / "output_0.pb");
  fs::path ref_dir = use_ort ? ort_outputs : data;
  for (size_t i = 0;; ++i) {
    fs::path p = ref_dir / ("output_" + std::to_string(i) + ".pb");
    if (!fs::exists(p)) break;
    auto t = loom::frontends::ReadOnnxTensorFile(p.string());
    if (!t.ok()) return {"unsupported", FirstLine(t.error().message())};
    expected.push_back(std::move(t).value());
  }
  // Graph inputs fed by test data: the importer keeps only the non-initializer inputs, in order.
  if (inputs.size() < names.size()) return {"error", "fewer data inputs than graph inputs"};
  // Keep the inputs the graph still reads (frozen ones became constants).
  std::vector<loom::ir::Tensor> live;
  for (size_t i = 0; i < names.size(); ++i) {
    if (!options.frozen_inputs.count(names[i])) live.push_back(inputs[i]);
  }
  inputs = std::move(live);
  if (inputs.size() != g.inputs().size()) return {"error", "graph inputs do not match test data"};
  if (expected.size() != g.outputs().size()) {
    return {"unsupported", "the model has optional outputs loom does not produce"};
  }
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
  for (size_t o = 0; o < expected.size(); ++o) {
    if (got[o].size() != expected[o].data.size()) {
      return {"fail", "output " + std::to_string(o) + " has " + std::to_string(got[o].size()) +
                          " values, expected " + std::to_string(expected[o].data.size())};
    }
    for (size_t k = 0; k < got[o].size(); ++k) {
      double want = expected[o].data[k];
      double have = got[o][k];
      double err = std::fabs(want - have);
      if (std::isnan(want) && std::isnan(have)) continue;
      if (std::isinf(want) && want == have) continue;
      r.max_abs_error = std::max(r.max_abs_error, err);
      if (!(err <= 1e-6 + 1e-5 * std::fabs(want))) {
        std::ostringstream os;
        os << "output " << o << " element " << k << ": expected " << want << ", got " << have;
        return {"fail", os.str(), err, r.reference};
      }
    }
  }
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
  std::ofstream json(argv[2]);
  std::map<std::string, int> counts;
  for (const fs::path& t : tests) {
    Outcome r = RunOne(t, argc > 3 ? fs::path(argv[3]) : fs::path());
    ++counts[r.status];
    json << "{\"test\": \"" << t.filename().string() << "\", \"op\": \""
         << JsonEscape(TestOp(t / "model.onnx")) << "\", \"status\": \"" << r.status
         << "\", \"detail\": \"" << JsonEscape(r.detail) << "\", \"reference\": \"" << r.reference
         << "\", \"max_abs_error\": " << r.max_abs_error << "}\n";
    if (r.status == "fail" || r.status == "error") {
      std::cout << t.filename().string() << ": " << r.status << ": " << r.detail << "\n";
    }
  }
  std::cout << "onnx conformance: " << tests.size() << " tests: " << counts["pass"] << " pass, "
            << counts["fail"] << " fail, " << counts["error"] << " error, " << counts["unsupported"]
            << " unsupported\n";
  return counts["fail"] == 0 && counts["error"] == 0 ? 0 : 1;
}
