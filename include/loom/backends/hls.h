// The HLS backend: a Vitis/Vivado HLS project (io_parallel) whose C-simulation equals the
// emulator bit for bit, and a C-simulation runner that proves it with g++ and ap_types.
#ifndef LOOM_BACKENDS_HLS_H_
#define LOOM_BACKENDS_HLS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loom/config/config.h"
#include "loom/ir/graph.h"
#include "loom/support/error.h"

namespace loom::hls {

// Test vectors for the testbench: inputs[i] holds n samples of graph input i (sample-major),
// outputs[o] the emulator's results for graph output o.
struct TestVectors {
  int64_t n = 0;
  std::vector<std::vector<float>> inputs;
  std::vector<std::vector<double>> outputs;
};

struct LayerReport {
  std::string layer;
  ir::OpKind op = ir::OpKind::kInput;
  int64_t multipliers = 0;        // emitted
  int64_t dense_multipliers = 0;  // without pruning
  int64_t dividers = 0;           // one per output of a general division
};

// One FIFO of an io_stream design: its beat width, the worst-case depth (the whole tensor), the
// depth the timing model needs for full throughput, the depth written, and the BRAM18 blocks the
// two depths take (0: built from LUTs or SRLs).
struct FifoReport {
  std::string name;
  int64_t width_bits = 0;
  int64_t worst = 0;
  int64_t optimized = 0;
  int64_t depth = 0;
  int64_t bram18_worst = 0;
  int64_t bram18_optimized = 0;
};

struct StreamReport {
  std::string mode;  // --fifo-depths: "worst" or "optimized"
  std::vector<FifoReport> fifos;
  int64_t latency = 0;   // cycles from the first input beat to the last output beat (model)
  int64_t interval = 0;  // cycles between two samples: the busiest process (model)
};

struct ProjectReport {
  std::string dir;
  std::string project_name;
  std::vector<LayerReport> layers;
  std::vector<std::string> files;  // relative paths, sorted
  // What the HLS tools may struggle with but can build (lower::Lowering::warnings), one line each.
  std::vector<std::string> warnings;
  std::optional<StreamReport> stream;  // io_stream projects
};

struct WriteOptions {
  std::string dir;
  bool force = false;  // write into a non-empty directory loom did not create (keeping its files)
  // io_stream FIFO depths: "worst" (every beat of the tensor, hls4ml's default) or "optimized"
  // (what the timing model needs for full throughput).
  std::string fifo_depths = "worst";
};

// Writes the project for a typed graph (every value fixed-point; see sim::AssignPrecision).
// Every layer the backend cannot emit is reported at once. The directory is written by
// WriteOutputDir (loom/support/output_dir.h): nothing loom did not write is ever removed or
// replaced, and a failed write leaves the directory as it was. The same graph, configuration and
// vectors give byte-identical files.
ErrorOr<ProjectReport> WriteProject(const ir::Graph& graph, const config::Config& config,
                                    const TestVectors& vectors, const WriteOptions& options);

struct CsimResult {
  int64_t samples = 0;
  int64_t values = 0;
  int64_t mismatches = 0;
  std::string output;  // the testbench's report
};

// Compiles a project with `compiler` against the ap_types headers in `ap_types_dir` (with -Wall
// -Wextra -Werror on the project's own files) and runs its testbench in the project directory.
ErrorOr<CsimResult> RunCsim(const std::string& dir, const std::string& ap_types_dir,
                            const std::string& compiler = "g++");

// The kernel headers shipped with every project (file name -> contents), embedded at build time
// from kernels/hls/loom.
const std::vector<std::pair<std::string, std::string>>& KernelHeaders();

}  // namespace loom::hls

#endif  // LOOM_BACKENDS_HLS_H_
