// A compile session: the pipeline from a model file to emulated outputs or an HLS project
// (import, passes, configuration, precision, emulation, project), as a library. Every problem a
// user can cause comes back as an Error; warnings and notes come back as data. It never prints.
#ifndef LOOM_SESSION_SESSION_H_
#define LOOM_SESSION_SESSION_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "loom/backends/hls.h"
#include "loom/config/config.h"
#include "loom/ir/graph.h"
#include "loom/precision/precision.h"
#include "loom/sim/emulator.h"
#include "loom/support/error.h"
#include "loom/support/npy.h"

namespace loom {

// How a model is read: which passes run after import, and what the pass manager keeps for the
// caller to show (see LoadReport).
struct LoadOptions {
  std::vector<std::string> passes;  // empty: the canonicalize pipeline
  bool no_passes = false;           // the graph as imported (then nothing below is kept)
  bool print_ir = false;            // keep the final IR's text
  bool print_ir_after_all = false;  // keep the IR's text after every pass
  bool time_passes = false;         // keep every pass's run time
  std::string weights;              // a Keras model-JSON's weights (default: <stem>_weights.h5)
};

// What loading kept besides the graph. When a pass fails, ir_after_each holds the IR after the
// passes before it.
struct LoadReport {
  std::string ir_after_each;  // "// IR after <pass>[ (unchanged)]" and the IR, for every pass
  std::vector<std::pair<std::string, double>> pass_times;  // pass name, milliseconds, run order
  std::string ir;                                          // the IR after all passes
};

// Samples for the graph's inputs: arrays[i] holds `batch` samples of graph input i, sample-major.
struct Inputs {
  std::vector<NpyArray> arrays;
  int64_t batch = 0;
};

// One bit-exact run: outputs[o] holds the batch's values of graph output o (sample-major, exact
// up to 53 bits), shapes[o] its shape with the batch axis first.
struct Emulation {
  int64_t batch = 0;
  std::vector<std::vector<double>> outputs;
  std::vector<std::vector<int64_t>> shapes;
  sim::RunResult run;
  double seconds = 0;  // wall time of the run (not of building the emulator)
};

// What an exported configuration lists: one Model section, one entry per layer type (all
// "auto"), or every layer's resolved types by name.
enum class ConfigGranularity { kModel, kType, kName };

// One model taken through the pipeline, step by step. Load comes first; the configuration, if
// any, before AssignPrecision; AssignPrecision before Emulate, MakeTestVectors and WriteProject.
// A step that fails returns its error and keeps the diagnostics it added; after a failed Load or
// AssignPrecision, start again with Load.
class Session {
 public:
  // Imports the model and runs the passes `options` asks for. Errors name the file.
  ErrorOr<bool> Load(const std::string& model_path, const LoadOptions& options = {});

  // Reads a configuration file (YAML or JSON) and applies it as ApplyConfig does.
  ErrorOr<bool> ApplyConfigFile(const std::string& path);
  // Uses `config` for precision and the project. Its notes become diagnostics; every problem
  // config::CheckAgainstGraph finds is reported in one error, one line each.
  ErrorOr<bool> ApplyConfig(config::Config config);

  // Reads one array per graph input: .npy, or hls4ml's .dat text (one sample per line). Each
  // file's per-sample shape must be the input's or its flattened size, and every file must hold
  // the same number of samples. NaN and infinite values give a warning diagnostic per file.
  ErrorOr<Inputs> ReadInputs(const std::vector<std::string>& files);
  // The float engine's stricter reading (`loom run`): .npy only, the input's per-sample shape.
  ErrorOr<Inputs> ReadFloatInputs(const std::vector<std::string>& files) const;
  // Errors when `count` input (or output) files cannot be one per graph input (or output).
  ErrorOr<bool> CheckInputFileCount(size_t count) const;
  ErrorOr<bool> CheckOutputFileCount(size_t count) const;

  // Gives every value and node of the graph a fixed-point type (the "assign-precision" pass,
  // precision::AssignPrecisionPass) from the configuration, the model's quantizers and exact
  // rules, with the observed ranges of `calibration` (or none when nullptr) sizing "auto" results.
  // Returns every decision.
  ErrorOr<std::vector<precision::PrecisionChoice>> AssignPrecision(
      const Inputs* calibration, int64_t calibration_frac_bits = 10);
  // As above, with calibration samples read from a file as ReadInputs reads them ("": none).
  ErrorOr<std::vector<precision::PrecisionChoice>> AssignPrecision(
      const std::string& calibration_file, int64_t calibration_frac_bits = 10);

  // Runs the bit-exact emulator on `inputs`.
  ErrorOr<Emulation> Emulate(const Inputs& inputs, const sim::RunOptions& options = {}) const;
  // `loom predict` from .npy files to .npy files (float64, or float32), chunk by chunk: inputs
  // are read and outputs written a bounded number of samples at a time, so memory is bounded by
  // the chunk (about `chunk_bytes` of input and output values), not the batch. Checks and
  // warnings are ReadInputs's; an output file appears only when the whole run succeeded. The
  // result holds the counts and time but no output values. With a `trace_dir`, the trace is
  // written there chunk by chunk (WriteTrace's files; the chunk then also counts the trace's
  // values); options.trace must be false.
  ErrorOr<Emulation> EmulateNpyFiles(const std::vector<std::string>& inputs,
                                     const std::vector<std::string>& outputs, bool float32,
                                     const sim::RunOptions& options,
                                     int64_t chunk_bytes = int64_t{16} << 20,
                                     const std::string& trace_dir = "");
  // `loom run` from .npy files to float32 .npy files, chunk by chunk as EmulateNpyFiles (inputs
  // checked as ReadFloatInputs checks them). Returns the number of samples.
  ErrorOr<int64_t> EvaluateNpyFiles(const std::vector<std::string>& inputs,
                                    const std::vector<std::string>& outputs, int threads,
                                    int64_t chunk_bytes = int64_t{16} << 20) const;
  // Evaluates the graph in floating point (the reference engine), sample by sample; one array
  // per graph output, batch axis first.
  // `threads` workers take samples in turn (0: one per hardware thread); the results do not
  // depend on the count, and an error is the first failing sample's.
  ErrorOr<std::vector<NpyArray>> Evaluate(const Inputs& inputs, int threads = 1) const;
  // Writes `emulation`'s trace into `dir` (created if needed): one float64 .npy per node output
  // and index.tsv naming each file's node, type and the model's layers it stands for.
  ErrorOr<bool> WriteTrace(const std::string& dir, const Emulation& emulation) const;

  // Test vectors for the project's testbench: `given` samples, or (when nullptr) `samples`
  // deterministic ones spread over each input type's range; outputs from the emulator.
  ErrorOr<hls::TestVectors> MakeTestVectors(const Inputs* given, int64_t samples) const;
  // Writes the HLS project into `dir` (see hls::WriteProject for what happens to existing files).
  // fifo_depths: io_stream FIFO depths, "worst" or "optimized" (hls::WriteOptions).
  ErrorOr<hls::ProjectReport> WriteProject(const std::string& dir, const hls::TestVectors& vectors,
                                           bool force,
                                           const std::string& fifo_depths = "worst") const;

  // A configuration that reproduces this session's: the applied one with the Model defaults
  // written out, plus per type "auto" entries or per name every resolved type and table size.
  config::Config ExportConfig(ConfigGranularity granularity) const;

  const std::string& model_path() const { return model_path_; }
  const ir::Graph& graph() const { return graph_; }
  const config::Config& config() const { return config_; }
  const std::vector<precision::PrecisionChoice>& choices() const { return choices_; }
  const LoadReport& load_report() const { return load_report_; }
  // Warnings and notes (one line each, without a newline) in the order they arose.
  const std::vector<std::string>& diagnostics() const { return diagnostics_; }
  // Returns the diagnostics and clears them, so a caller can show each once.
  std::vector<std::string> TakeDiagnostics();

 private:
  // Opens one .npy reader per graph input, checking shapes (`exact_shape`: the input's per-sample
  // shape, else also its flattened size) and that every file has the same number of samples.
  ErrorOr<std::vector<NpyRowReader>> OpenNpyInputs(const std::vector<std::string>& files,
                                                   bool exact_shape, int64_t* batch) const;
  // An error unless `inputs` holds one array per graph input, each of inputs.batch samples.
  ErrorOr<bool> CheckInputs(const Inputs& inputs) const;
  ErrorOr<sim::RunResult> RunEmulator(int64_t n, const std::vector<const float*>& inputs,
                                      std::vector<std::vector<double>>& outputs,
                                      const sim::RunOptions& options, double* seconds) const;

  std::string model_path_;
  ir::Graph graph_;
  config::Config config_;
  std::vector<precision::PrecisionChoice> choices_;
  LoadReport load_report_;
  std::vector<std::string> diagnostics_;
};

}  // namespace loom

#endif  // LOOM_SESSION_SESSION_H_
