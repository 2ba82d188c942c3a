// The HLS backend: a Vitis/Vivado HLS project (io_parallel) whose C-simulation equals the
// emulator bit for bit, and a C-simulation runner that proves it with g++ and ap_types.
#ifndef LOOM_BACKENDS_HLS_H_
#define LOOM_BACKENDS_HLS_H_

#include <cstdint>
#include <map>
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

struct CsimOptions {
  std::string compiler = "g++";
  // io_stream only: every process of the DATAFLOW top as a thread, every FIFO bounded by its
  // STREAM depth (tb_threaded/hls_stream.h), so that a depth too small to complete deadlocks.
  bool threaded = false;
  // Threaded run: these FIFOs (by name) get these depths instead of the pragmas'.
  std::map<std::string, int64_t> fifo_depths;
};

struct CsimResult {
  int64_t samples = 0;
  int64_t values = 0;
  int64_t mismatches = 0;
  // Threaded run: every running process waited on a FIFO that could not serve it; the run
  // stopped (output says who waited for what) and samples/values/mismatches are not set.
  bool deadlock = false;
  std::string output;  // the testbench's report
};

// Compiles a project with options.compiler against the ap_types headers in `ap_types_dir` (with
// -Wall -Wextra -Werror on the project's own files) and runs its testbench in the project
// directory.
ErrorOr<CsimResult> RunCsim(const std::string& dir, const std::string& ap_types_dir,
                            const CsimOptions& options = {});

// One FIFO of an io_stream project as a vendor co-simulation profiled it, beside loom's depths.
struct ProfiledFifo {
  std::string name;
  int64_t width_bits = 0;
  int64_t worst = 0;      // loom: the whole tensor
  int64_t optimized = 0;  // loom: what its timing model needs for full throughput
  int64_t written = 0;    // the STREAM pragma's depth when loom wrote the project
  int64_t profiled = -1;  // the most beats it held in co-simulation; -1: not in the profile
};

struct FifoProfile {
  std::string source;                // the channel list read
  std::vector<ProfiledFifo> fifos;   // every FIFO of the project, in loom's order
  std::vector<std::string> unknown;  // profiled channels that are not loom's FIFOs ("name (n)")
};

// Reads the FIFO occupancies a Vitis HLS co-simulation with dataflow profiling left in project
// `dir` (build_prj.tcl fifo_profile=1: <project>_prj/solution1/.autopilot/db/channel_info.csv and
// channel_depth_info/channel.zip or its extracted files) and pairs them with loom's depths
// (loom_expected.json). Errors name the file and what to run.
ErrorOr<FifoProfile> ImportFifoProfile(const std::string& dir);

// Rewrites the STREAM depths (and the threaded check's) of the named FIFOs in the project's top
// function; the number of FIFOs changed.
ErrorOr<int> ApplyFifoDepths(const std::string& dir, const std::map<std::string, int64_t>& depths);

// The kernel headers shipped with every project (file name -> contents), embedded at build time
// from kernels/hls/loom.
const std::vector<std::pair<std::string, std::string>>& KernelHeaders();

// The hls_stream.h of the threaded dataflow check (bounded FIFOs, one thread per process), shipped
// with io_stream projects in tb_threaded/; embedded from kernels/hls/threaded.
const std::vector<std::pair<std::string, std::string>>& ThreadedHeaders();

}  // namespace loom::hls

#endif  // LOOM_BACKENDS_HLS_H_
