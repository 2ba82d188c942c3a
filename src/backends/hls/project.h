// What the project writer (hls_backend.cc) shares with the io_stream builder (stream_backend.cc):
// names, the per-value plan, the emitter dispatch and small text helpers.
#ifndef LOOM_BACKENDS_HLS_PROJECT_H_
#define LOOM_BACKENDS_HLS_PROJECT_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "backends/hls/emit.h"
#include "loom/backends/hls.h"
#include "loom/lower/lower.h"

namespace loom::hls {

// Legal, unique C++ identifiers.
class Namer {
 public:
  std::string Get(const std::string& name);
  // Keeps `name` from being given (a later Get of it returns a suffixed name).
  void Reserve(const std::string& name) { used_.insert(name); }

 private:
  std::set<std::string> used_;
};

// The project being written.
struct Plan {
  std::string project;
  std::map<const ir::Value*, std::string> var;   // variable name of each value
  std::map<const ir::Value*, std::string> type;  // typedef name of each value's type
  std::string typedefs;
  std::string configs;
  std::set<std::string> headers;
  std::map<std::string, std::string> weight_files;  // file name -> contents
  std::string functions;                            // one function per layer (and clone)
  std::string body;                                 // top function body: the calls
  std::vector<LayerReport> layers;
};

// The layer's code from its family's emitter.
ErrorOr<LayerCode> EmitFor(const EmitContext& ctx);
// Where a layer came from, without the model's directory: "node 'fc0' (Gemm) of jet_mlp.onnx".
std::string Origin(const ir::Node& node);
// Whether `text` contains `id` as a whole C++ identifier.
bool MentionsIdentifier(const std::string& text, const std::string& id);
std::string Typedef(const fixed::FixedType& t, const std::string& name);  // typedef T name;\n
std::string FormatDouble(double v);                                       // %.17g

// The top function and testbench of a project; the builders fill plan's configs, headers, weight
// files, functions and layers.
struct TopProject {
  std::string signature;               // the top function's declaration, without ';'
  std::string top_cpp;                 // firmware/<project>.cpp
  std::string testbench;               // <project>_test.cpp
  std::optional<StreamReport> stream;  // io_stream: FIFO depths and the timing model's figures
};
// io_stream (docs/hls-backend.md, "io_stream"): layer processes connected by hls::stream FIFOs.
ErrorOr<TopProject> BuildStreamProject(const ir::Graph& graph, const lower::Lowering& lowering,
                                       Namer& names, Plan& plan, const std::string& fifo_depths);

}  // namespace loom::hls

#endif  // LOOM_BACKENDS_HLS_PROJECT_H_
