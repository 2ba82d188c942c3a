// `loom inspect` and `loom run`: commands that read a model; and what every command shares to
// drive a session and print what it reports.
#ifndef LOOM_TOOLS_LOOM_MODEL_COMMANDS_H_
#define LOOM_TOOLS_LOOM_MODEL_COMMANDS_H_

#include <iostream>
#include <string>
#include <vector>

#include "loom/session/session.h"
#include "loom/support/error.h"

namespace loom {

// Exit status for problems in the user's model or files.
constexpr int kUserError = 2;

// Prints the session's diagnostics to stderr, then `result`'s error if it has one. Returns
// whether `result` holds a value.
template <typename T>
bool Report(Session& session, const ErrorOr<T>& result) {
  for (const std::string& d : session.TakeDiagnostics()) std::cerr << d << "\n";
  if (result.ok()) return true;
  std::cerr << result.error().message() << "\n";
  return false;
}

// Loads `model` into `session`, printing to stdout what `options` asks for (the IR after each
// pass, pass times, the final IR) and any error to stderr. Returns whether it loaded.
bool LoadAndPrint(Session& session, const std::string& model, const LoadOptions& options);

// Prints one table of layers and totals. Returns the process exit status.
int InspectCommand(const std::string& model, const LoadOptions& options);
// Evaluates the model in floating point on the arrays in `inputs` (.npy, batch axis first) and
// writes one .npy per graph output. Returns the process exit status.
int RunCommand(const std::string& model, const std::vector<std::string>& inputs,
               const std::vector<std::string>& outputs, const LoadOptions& options, int threads);

}  // namespace loom

#endif  // LOOM_TOOLS_LOOM_MODEL_COMMANDS_H_
