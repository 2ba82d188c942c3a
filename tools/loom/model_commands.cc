// `loom inspect` and `loom run`.
#include "model_commands.h"

#include <iomanip>
#include <iostream>
#include <sstream>

#include "loom/ir/stats.h"
#include "loom/support/npy.h"

namespace loom {

bool LoadAndPrint(Session& session, const std::string& model, const LoadOptions& options) {
  ErrorOr<bool> loaded = session.Load(model, options);
  const LoadReport& report = session.load_report();
  std::cout << report.ir_after_each;
  if (!Report(session, loaded)) return false;
  for (const auto& [name, ms] : report.pass_times) {
    std::cout << "pass " << name << ": " << std::fixed << std::setprecision(3) << ms << " ms\n";
  }
  std::cout << report.ir;
  return true;
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
  Session session;
  if (!LoadAndPrint(session, model, options)) return kUserError;
  const ir::Graph& graph = session.graph();
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
               const std::vector<std::string>& outputs, const LoadOptions& options, int threads) {
  Session session;
  if (!LoadAndPrint(session, model, options)) return kUserError;
  if (!Report(session, session.CheckInputFileCount(inputs.size()))) return kUserError;
  if (!Report(session, session.CheckOutputFileCount(outputs.size()))) return kUserError;
  // Chunk by chunk: memory bounded by the chunk, not the batch.
  ErrorOr<int64_t> batch = session.EvaluateNpyFiles(inputs, outputs, threads);
  if (!Report(session, batch)) return kUserError;
  std::cout << model << ": evaluated " << batch.value() << " sample(s) in floating point\n";
  return 0;
}

}  // namespace loom
