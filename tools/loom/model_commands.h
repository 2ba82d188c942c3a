// `loom inspect` and `loom run`: commands that read a model.
#ifndef LOOM_TOOLS_LOOM_MODEL_COMMANDS_H_
#define LOOM_TOOLS_LOOM_MODEL_COMMANDS_H_

#include <string>
#include <vector>

#include "loom/ir/graph.h"
#include "loom/support/error.h"

namespace loom {

// How a model is read: which passes run after import, and what the pass manager reports.
struct LoadOptions {
  std::vector<std::string> passes;  // empty: the canonicalize pipeline
  bool no_passes = false;
  bool print_ir = false;            // the final IR, to stdout
  bool print_ir_after_all = false;  // the IR after every pass, to stdout
  bool time_passes = false;
};

// Reads a model and runs the passes `options` asks for (the canonicalize pipeline by default).
ErrorOr<ir::Graph> LoadModel(const std::string& model, const LoadOptions& options);

// Prints one table of layers and totals. Returns the process exit status.
int InspectCommand(const std::string& model, const LoadOptions& options);
// Evaluates the model in floating point on the arrays in `inputs` (.npy, batch axis first) and
// writes one .npy per graph output. Returns the process exit status.
int RunCommand(const std::string& model, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs, const LoadOptions& options);

}  // namespace loom

#endif  // LOOM_TOOLS_LOOM_MODEL_COMMANDS_H_
