// `loom inspect` and `loom run`.
#include "model_commands.h"

#include <cstdio>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "loom/frontends/onnx.h"
#include "loom/ir/stats.h"
#include "loom/pass/pass.h"
#include "loom/ref/float_engine.h"
#include "loom/support/npy.h"

namespace loom {
namespace {

// Exit status for problems in the user's model or files.
constexpr int kUserError = 2;

}  // namespace

ErrorOr<ir::Graph> LoadModel(const std::string& model, const LoadOptions& options) {
  ErrorOr<ir::Graph> g = frontends::ImportOnnxFile(model);
  if (!g.ok() || options.no_passes) return g;
  pass::PassRegistry registry;
  pass::RegisterAllPasses(registry);
  pass::PassContext ctx;
  ctx.print_after_each = options.print_ir_after_all;
  ctx.log = &std::cout;
  const auto& names = options.passes.empty() ? pass::CanonicalizePipeline() : options.passes;
  ir::Graph graph = std::move(g).value();
  ErrorOr<bool> r = pass::RunPipeline(graph, names, registry, ctx);
  if (!r.ok()) return Error(model + ": error: " + r.error().message());
  if (options.time_passes) {
    for (const auto& [name, ms] : ctx.timings) {
      std::cout << "pass " << name << ": " << std::fixed << std::setprecision(3) << ms << " ms\n";
    }
  }
  if (options.print_ir) std::cout << ir::Print(graph);
  return graph;
}

namespace {

std::string Shapes(const std::vector<ir::Value*>& values) {
  std::string out;
  for (const ir::Value* v : values) {
    if (!out.empty()) out += " ";
    out += ir::ShapeToString(v->shape);
  }
  return out.empty() ? "-" : out;
}

}  // namespace

int InspectCommand(const std::string& model, const LoadOptions& options) {
  ErrorOr<ir::Graph> g = LoadModel(model, options);
  if (!g.ok()) {
    std::cerr << g.error().message() << "\n";
    return kUserError;
  }
  const ir::Graph& graph = g.value();
  std::cout << model << ": " << graph.inputs().size() << " input(s), " << graph.outputs().size()
            << " output(s); shapes are per sample (batch axis stripped)\n\n";
  std::cout << std::left << std::setw(28) << "layer" << std::setw(21) << "op" << std::setw(22)
            << "input shapes" << std::setw(16) << "output shape" << std::right << std::setw(10)
            << "params" << std::setw(12) << "multiplies" << std::setw(8) << "zeros"
            << "\n";
  int64_t total_params = 0, total_mults = 0, total_weights = 0, total_zero = 0, layers = 0;
  for (const auto& n : graph.nodes()) {
    if (n->op == ir::OpKind::kInput || n->op == ir::OpKind::kConstant) continue;
    ir::NodeStats s = ir::ComputeStats(*n);
    total_params += s.params;
    total_mults += s.multiplies;
    total_weights += s.weights;
    total_zero += s.zero_weights;
    ++layers;
    std::ostringstream zeros;
    if (s.weights > 0)
      zeros << std::fixed << std::setprecision(1) << 100.0 * s.zero_fraction() << "%";
    std::string name = n->name.size() > 27 ? n->name.substr(0, 24) + "..." : n->name;
    std::cout << std::left << std::setw(28) << name << std::setw(21) << ir::OpName(n->op)
              << std::setw(22) << Shapes(n->inputs) << std::setw(16) << Shapes(n->outputs)
              << std::right << std::setw(10) << s.params << std::setw(12) << s.multiplies
              << std::setw(8) << (s.weights > 0 ? zeros.str() : "-") << "\n";
  }
  std::ostringstream zero_total;
  zero_total << std::fixed << std::setprecision(1)
             << (total_weights ? 100.0 * static_cast<double>(total_zero) / total_weights : 0.0)
             << "%";
  std::cout << "\ntotal: " << layers << " layers, " << total_params << " parameters, "
            << total_mults << " multiplies per sample, " << zero_total.str()
            << " of weights are zero\n";
  return 0;
}

int RunCommand(const std::string& model, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs, const LoadOptions& options) {
  ErrorOr<ir::Graph> g = LoadModel(model, options);
  if (!g.ok()) {
    std::cerr << g.error().message() << "\n";
    return kUserError;
  }
  const ir::Graph& graph = g.value();
  if (inputs.size() != graph.inputs().size()) {
    std::cerr << model << ": error: the model has " << graph.inputs().size() << " input(s) but "
              << inputs.size() << " --input file(s) were given\n";
    return kUserError;
  }
  if (outputs.size() != graph.outputs().size()) {
    std::cerr << model << ": error: the model has " << graph.outputs().size() << " output(s) but "
              << outputs.size() << " --output file(s) were given\n";
    return kUserError;
  }
  std::vector<NpyArray> arrays;
  int64_t batch = -1;
  for (size_t i = 0; i < inputs.size(); ++i) {
    ErrorOr<NpyArray> a = ReadNpy(inputs[i]);
    if (!a.ok()) {
      std::cerr << a.error().message() << "\n";
      return kUserError;
    }
    const ir::Shape& want = graph.inputs()[i]->shape;
    ir::Shape got(a.value().shape.begin() + (a.value().shape.empty() ? 0 : 1),
                  a.value().shape.end());
    if (a.value().shape.empty() || got != want) {
      std::cerr << inputs[i] << ": error: array of shape " << ir::ShapeToString(a.value().shape)
                << " does not match input '" << graph.inputs()[i]->name << "' of shape [batch, "
                << ir::ShapeToString(want).substr(1) << "\n";
      return kUserError;
    }
    if (batch >= 0 && a.value().shape[0] != batch) {
      std::cerr << inputs[i] << ": error: batch size " << a.value().shape[0]
                << " differs from the first input's " << batch << "\n";
      return kUserError;
    }
    batch = a.value().shape[0];
    arrays.push_back(std::move(a).value());
  }
  std::vector<NpyArray> results(outputs.size());
  for (size_t o = 0; o < outputs.size(); ++o) {
    results[o].shape.push_back(batch);
    for (int64_t d : graph.outputs()[o]->shape) results[o].shape.push_back(d);
  }
  for (int64_t b = 0; b < batch; ++b) {
    std::vector<ir::Tensor> sample;
    for (size_t i = 0; i < arrays.size(); ++i) {
      int64_t n = ir::NumElements(graph.inputs()[i]->shape);
      sample.emplace_back(
          graph.inputs()[i]->shape,
          std::vector<float>(arrays[i].data.begin() + b * n, arrays[i].data.begin() + (b + 1) * n));
    }
    ErrorOr<std::vector<ir::Tensor>> out = ref::Run(graph, sample);
    if (!out.ok()) {
      std::cerr << out.error().message() << "\n";
      return kUserError;
    }
    for (size_t o = 0; o < outputs.size(); ++o) {
      const auto& d = out.value()[o].data;
      results[o].data.insert(results[o].data.end(), d.begin(), d.end());
    }
  }
  for (size_t o = 0; o < outputs.size(); ++o) {
    ErrorOr<bool> w = WriteNpy(outputs[o], results[o]);
    if (!w.ok()) {
      std::cerr << w.error().message() << "\n";
      return kUserError;
    }
  }
  std::cout << model << ": evaluated " << batch << " sample(s) in floating point\n";
  return 0;
}

}  // namespace loom
