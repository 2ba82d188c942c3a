// Loading one ONNX per-operator conformance test (model.onnx + test_data_set_0) into a loom graph
// with its per-sample inputs and reference outputs. Shared by the conformance runners.
#ifndef LOOM_TESTS_CONFORMANCE_CONFORMANCE_TEST_H_
#define LOOM_TESTS_CONFORMANCE_CONFORMANCE_TEST_H_

#include <onnx/onnx_pb.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "loom/frontends/onnx.h"
#include "loom/ir/graph.h"

namespace loom_conformance {

inline std::string FirstLine(const std::string& s) {
  size_t nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

// Graph input names of the model, without initializers.
inline std::vector<std::string> InputNames(const std::filesystem::path& model) {
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

struct ConformanceTest {
  std::string status = "ok";  // ok, or why not: unsupported, error
  std::string detail;
  std::optional<loom::ir::Graph> graph;
  std::vector<loom::ir::Tensor> inputs;    // one per graph input, the batch axis first
  std::vector<loom::ir::Tensor> expected;  // one per graph output
  std::string reference;                   // onnxruntime or stored
};

// Test models often leave input shapes undeclared: they come from the test data. Inputs the model
// needs as constants (weights fed as inputs) are frozen to their test values. The reference
// outputs are ONNX Runtime's (from `ort_dir`) when it could run the model, else the stored ones.
inline ConformanceTest LoadConformanceTest(const std::filesystem::path& dir,
                                           const std::filesystem::path& ort_dir) {
  namespace fs = std::filesystem;
  ConformanceTest r;
  auto fail = [&r](const std::string& status, const std::string& detail) {
    r.status = status;
    r.detail = FirstLine(detail);
    r.graph.reset();
    return std::move(r);
  };
  loom::frontends::OnnxImportOptions options;
  std::vector<std::string> names = InputNames(dir / "model.onnx");
  std::vector<loom::ir::Tensor> data_inputs;
  for (size_t i = 0; i < names.size(); ++i) {
    fs::path p = dir / "test_data_set_0" / ("input_" + std::to_string(i) + ".pb");
    auto t = loom::frontends::ReadOnnxTensorFile(p.string());
    if (!t.ok()) return fail("unsupported", t.error().message());
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
    return fail(msg.find("unsupported") != std::string::npos ? "unsupported" : "error", msg);
  }
  fs::path data = dir / "test_data_set_0";
  std::vector<loom::ir::Tensor> inputs;
  for (size_t i = 0;; ++i) {
    fs::path p = data / ("input_" + std::to_string(i) + ".pb");
    if (!fs::exists(p)) break;
    auto t = loom::frontends::ReadOnnxTensorFile(p.string());
    if (!t.ok()) return fail("error", t.error().message());
    inputs.push_back(std::move(t).value());
  }
  fs::path ort_outputs = ort_dir / dir.filename();
  bool use_ort = !ort_dir.empty() && fs::exists(ort_outputs / "output_0.pb");
  fs::path ref_dir = use_ort ? ort_outputs : data;
  r.reference = use_ort ? "onnxruntime" : "stored";
  for (size_t i = 0;; ++i) {
    fs::path p = ref_dir / ("output_" + std::to_string(i) + ".pb");
    if (!fs::exists(p)) break;
    auto t = loom::frontends::ReadOnnxTensorFile(p.string());
    if (!t.ok()) return fail("unsupported", t.error().message());
    r.expected.push_back(std::move(t).value());
  }
  // Graph inputs fed by test data: the importer keeps only the non-initializer inputs, in order.
  if (inputs.size() < names.size()) return fail("error", "fewer data inputs than graph inputs");
  // Keep the inputs the graph still reads (frozen ones became constants).
  for (size_t i = 0; i < names.size(); ++i) {
    if (!options.frozen_inputs.count(names[i])) r.inputs.push_back(inputs[i]);
  }
  r.graph.emplace(std::move(graph).value());
  if (r.inputs.size() != r.graph->inputs().size()) {
    return fail("error", "graph inputs do not match test data");
  }
  if (r.expected.size() != r.graph->outputs().size()) {
    return fail("unsupported", "the model has optional outputs loom does not produce");
  }
  return r;
}

}  // namespace loom_conformance

#endif  // LOOM_TESTS_CONFORMANCE_CONFORMANCE_TEST_H_
